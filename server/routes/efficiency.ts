/**
 * 亩均效益评价 under /api/efficiency. Reads open:
 * GET /?year=YYYY → { year, method: { weights, bands, exemptions, benchmarks,
 * scoreCap, rentedFloorPlotRatio, source, indicators, landRule, version },
 * counts, enterprises: [{ id, name, scale, landMu, indicators, points,
 * score, rank, class, unclassedReason }] }; GET /parcels?year=YYYY →
 * { year, parcels: [{ parcelId, enterpriseId, class, unclassedReason }] }
 * (every linked parcel with its enterprise's class, for the map); GET /method (ETag
 * "efficiency-method-v{n}", 0 = the shipped defaults). Admins:
 * PUT /method { method } with If-Match (428 without, 412 when stale).
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { efficiencyMethodSchema } from '../../domain/efficiency';
import { statisticsYearSchema } from '../../domain/enterprise';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem } from '../http/problem';
import { efficiencyForYear, parcelEfficiencyForYear } from '../store/efficiency.query';
import { efficiencyMethodEtag, loadEfficiencyMethod, saveEfficiencyMethod } from '../store/efficiencyMethod';
import { settingsVersionOf } from '../../domain/api/etags';

type Env = { Variables: AuthVariables };

/** PUT /api/efficiency/method (If-Match "efficiency-method-v{n}"). */
export const methodPutSchema = z.object({ method: efficiencyMethodSchema });

export function efficiencyRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/', async (c) => {
    const year = statisticsYearSchema.safeParse(c.req.query('year'));
    if (!year.success) return problem(c, 400, 'INVALID_REQUEST', 'year=YYYY (1990–2100) is required');
    return c.json(await efficiencyForYear(db, year.data));
  });

  app.get('/parcels', async (c) => {
    const year = statisticsYearSchema.safeParse(c.req.query('year'));
    if (!year.success) return problem(c, 400, 'INVALID_REQUEST', 'year=YYYY (1990–2100) is required');
    return c.json(await parcelEfficiencyForYear(db, year.data));
  });

  app.get('/method', async (c) => {
    const { method, version, custom } = await loadEfficiencyMethod(db);
    return c.json({ method, version, custom }, 200, { ETag: efficiencyMethodEtag(version) });
  });

  app.put('/method', requireRole('admin'), async (c) => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const expected = settingsVersionOf('efficiency-method', ifMatch);
    if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name the efficiency method');
    const body = await readJson(c, methodPutSchema);
    if (!body.ok) return body.response;
    const version = await saveEfficiencyMethod(db, body.data.method, expected, c.get('user') ?? null);
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', 'the method was saved meanwhile');
    return c.json({ method: body.data.method, version, custom: true }, 200, { ETag: efficiencyMethodEtag(version) });
  });

  return app;
}
