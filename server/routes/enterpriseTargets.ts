/**
 * The plan's zone-wide economic targets (D1–D8) tallied from the register:
 * GET /api/enterprise-targets?year=YYYY[&planId=] → { year, periodStart,
 * targets: [{ code, labelZh, labelEn, unit, floor, stretch, definition, gap,
 * value, counted, met, stretchMet }] } (domain/enterpriseTargets.ts). The
 * plan period's first year comes from the plan (default the seeded
 * 2023–2025 plan). Not yet rows of /api/plans/{id}/tally: the target
 * schema's metrics count parcels and stations only.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { statisticsYearSchema } from '../../domain/enterprise';
import { tallyEnterpriseTargets } from '../../domain/enterpriseTargets';
import { projectSchema } from '../../domain/project';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';

type Env = { Variables: AuthVariables };

const DEFAULT_PLAN = 'wansheng-2023-2025';

export function enterpriseTargetRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/', async (c) => {
    const year = statisticsYearSchema.safeParse(c.req.query('year'));
    if (!year.success) return problem(c, 400, 'INVALID_REQUEST', 'year=YYYY (1990–2100) is required');
    const planId = c.req.query('planId') ?? DEFAULT_PLAN;
    const plan = await db.selectFrom('plans').select(['periodStart']).where('id', '=', planId).executeTakeFirst();
    if (!plan) return problem(c, 404, 'NOT_FOUND', `plan ${planId}`);
    const enterprises = await db.selectFrom('enterprises').select(['id', 'scale', 'industryChain']).execute();
    const statistics = await db.selectFrom('enterpriseStatistics').select(['enterpriseId', 'outputYi']).where('year', '=', year.data).execute();
    const projects = (await db.selectFrom('projects').select(['signedInvestmentYi', 'plannedInvestmentYi', 'milestones']).execute()).map((p) => ({
      signedInvestmentYi: p.signedInvestmentYi,
      plannedInvestmentYi: p.plannedInvestmentYi,
      signedOn: projectSchema.shape.milestones.parse(JSON.parse(p.milestones)).signed.actual,
    }));
    return c.json({ year: year.data, planId, periodStart: plan.periodStart, targets: tallyEnterpriseTargets(year.data, plan.periodStart, { enterprises, statistics, projects }) });
  });
  return app;
}
