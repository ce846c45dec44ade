/**
 * The plan's zone-wide economic targets (D1–D8 and the enterprise tiers) as
 * of a year: GET /api/enterprise-targets?year=YYYY[&planId=] → { year,
 * planId, periodStart, targets } where targets are the rows of
 * GET /api/plans/{id}/tally whose metric is counted from the enterprise
 * register, tallied reading nothing later than the year. The targets are the
 * plan's data (geodata/plans.json, edited like any other target); this route
 * only fixes the year.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { statisticsYearSchema } from '../../domain/enterprise';
import { isEnterpriseMetric } from '../../domain/target.schema';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { loadPlanFigures, tallyBody } from '../store/planFigures';

type Env = { Variables: AuthVariables };

const DEFAULT_PLAN = 'wansheng-2023-2025';

export function enterpriseTargetRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/', async (c) => {
    const year = statisticsYearSchema.safeParse(c.req.query('year'));
    if (!year.success) return problem(c, 400, 'INVALID_REQUEST', 'year=YYYY (1990–2100) is required');
    const planId = c.req.query('planId') ?? DEFAULT_PLAN;
    const figures = await loadPlanFigures(db, planId);
    if (!figures) return problem(c, 404, 'NOT_FOUND', `plan ${planId}`);
    const body = tallyBody({ ...figures, enterprises: { ...figures.enterprises, throughYear: year.data } });
    return c.json({ year: year.data, planId, periodStart: figures.plan.periodStart, targets: body.targets.filter((t) => isEnterpriseMetric(t.metric)) });
  });
  return app;
}
