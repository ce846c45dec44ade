/** /api/meta: what the UI must say about the data (illustrative or official). */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { metaSchema } from '../../domain/api/changes.schema';
import type { Database } from '../db/schema';

export function metaRoutes(db: Kysely<Database>): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const counts = await Promise.all(
      (['zones', 'parcels', 'energyStations', 'energyLines', 'constraints'] as const).map((table) =>
        db
          .selectFrom(table)
          .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('illustrative').as('illustrative')])
          .executeTakeFirstOrThrow(),
      ),
    );
    const illustrativeCount = counts.reduce((s, r) => s + Number(r.illustrative ?? 0), 0);
    return c.json({
      illustrative: illustrativeCount > 0,
      illustrativeFeatureCount: illustrativeCount,
      provenanceZh:
        '规划目标摘自《万盛经开区制造业高质量发展三年攻坚行动计划（2023—2025年）》（万盛经开发〔2023〕3号）；园区边界、地块及能源设施为示意数据，非官方成果。',
      provenanceEn:
        'Targets are from the Wansheng ETDZ 2023–2025 manufacturing action plan (万盛经开发〔2023〕3号); zone boundaries, parcels and energy facilities are illustrative, not official survey data.',
    } satisfies z.input<typeof metaSchema>);
  });
  return app;
}
