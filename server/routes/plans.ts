/** Plans as stored: /api/plans (the tally and other figures are in plans.figures.ts). */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { listPlans, loadPlan } from '../store/plans.store';

export function planRoutes(db: Kysely<Database>): Hono {
  const app = new Hono();

  app.get('/', async (c) => c.json({ plans: await listPlans(db) }));

  app.get('/:planId', async (c) => {
    const plan = await loadPlan(db, c.req.param('planId'));
    if (!plan) return problem(c, 404, 'NOT_FOUND', `plan ${c.req.param('planId')}`);
    return c.json(plan);
  });

  return app;
}
