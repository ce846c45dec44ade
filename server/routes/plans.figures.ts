/**
 * Where a plan's figures come from, under /api/plans:
 * - GET /{planId}/tally?asOf=YYYY-MM-DD (or ?year=YYYY): the tally on the
 *   ledger as it stood then (snapshot.ts); without either, routes.plans.ts
 *   answers with today's tally;
 * - GET /{planId}/targets/{code}/parcels: the parcels (stations for a
 *   station_count target) behind a target, each with the share it counts;
 *   totals equal the tally's secured and pipeline (same order, same sums);
 * - GET /{planId}/targets/{code}/timeline: secured by supply year.
 * Each accepts asOf/year.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { securedTimeline } from '../../domain/timeline';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { drillDown, loadPlanFigures, tallyBody, type PlanFigures } from '../store/planFigures';
import { currentTally } from '../store/tallyCache';
import { parseAsOf } from '../store/snapshot';
import { targetContributions } from '../../domain/tally';
import type { drillDownSchema, timelineSchema } from '../../domain/api/review.schema';
import type { z } from 'zod';

/** The bodies as the shared contract (domain/api/review.schema.ts) takes them. */
type DrillDownInput = z.input<typeof drillDownSchema>;
type TimelineInput = z.input<typeof timelineSchema>;

type Env = { Variables: AuthVariables };

async function figuresFor(c: Context, db: Kysely<Database>): Promise<PlanFigures | Response> {
  const parsed = parseAsOf({ asOf: c.req.query('asOf'), year: c.req.query('year') });
  if (!parsed.ok) return problem(c, 400, 'INVALID_REQUEST', parsed.detail);
  const planId = c.req.param('planId')!;
  const figures = await loadPlanFigures(db, planId, parsed.asOf);
  return figures ?? problem(c, 404, 'NOT_FOUND', `plan ${planId}`);
}

function findTarget(c: Context, figures: PlanFigures) {
  const code = c.req.param('code');
  const index = figures.plan.targets.findIndex((t) => t.code === code);
  return index < 0 ? problem(c, 404, 'NOT_FOUND', `target ${figures.plan.id}/${code}`) : index;
}

export function planFigureRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();

  // The tally, now (no asOf/year) or as the ledger stood at the end of a day or year.
  app.get('/:planId/tally', async (c) => {
    // Now: from the tally kept up to date edit by edit (tallyCache.ts); as of a date: recomputed from history.
    if (c.req.query('asOf') === undefined && c.req.query('year') === undefined) {
      const kept = await currentTally(db, c.req.param('planId'));
      return kept ? c.json(kept.body, 200, { 'Ledger-Tally-Path': kept.path }) : problem(c, 404, 'NOT_FOUND', `plan ${c.req.param('planId')}`);
    }
    const figures = await figuresFor(c, db);
    if (figures instanceof Response) return figures;
    return c.json(tallyBody(figures));
  });

  app.get('/:planId/targets/:code/parcels', async (c) => {
    const figures = await figuresFor(c, db);
    if (figures instanceof Response) return figures;
    const index = findTarget(c, figures);
    if (index instanceof Response) return index;
    const tally = tallyBody(figures).targets[index]!;
    const drill = drillDown(figures.plan.targets[index]!, figures);
    const body: DrillDownInput = {
      plan: { id: figures.plan.id, nameZh: figures.plan.nameZh, nameEn: figures.plan.nameEn },
      ...(figures.asOf ? { asOf: figures.asOf.date } : {}),
      target: tally,
      totals: { secured: drill.secured, pipeline: drill.pipeline },
    };
    if (tally.metric === 'station_count') body.stations = drill.stations;
    else {
      body.parcels = drill.parcels;
      body.straddlingCount = drill.parcels.filter((p) => p.straddling).length;
    }
    return c.json(body);
  });

  app.get('/:planId/targets/:code/timeline', async (c) => {
    const figures = await figuresFor(c, db);
    if (figures instanceof Response) return figures;
    const index = findTarget(c, figures);
    if (index instanceof Response) return index;
    const target = figures.plan.targets[index]!;
    const tally = tallyBody(figures).targets[index]!;
    const years = new Map(figures.parcels.map((p) => [p.id, p.supplyYear]));
    // Stations have no supply year: a station_count timeline is all withoutYear.
    const timeline = securedTimeline(
      targetContributions(target, figures.parcels, figures.stations),
      (id) => (target.metric === 'station_count' ? null : (years.get(Number(id)) ?? null)),
      figures.plan,
    );
    const body = { planId: figures.plan.id, code: target.code, metric: tally.metric, unit: tally.unit, floor: tally.floor, stretch: tally.stretch, secured: tally.secured, ...timeline } satisfies TimelineInput;
    return c.json(body);
  });

  return app;
}
