/**
 * Plans and targets as editable data (admins; reads open), under /api/plans:
 * POST / (a plan, optionally with targets), PATCH /{planId}, POST
 * /{planId}/copy, GET|POST /{planId}/targets, GET|PUT|DELETE
 * /{planId}/targets/{code}. Targets carry ETags "targets-{planId}-{code}-v{n}";
 * PUT and DELETE need If-Match (428 without). PATCH on a plan checks
 * If-Match "plans-{id}-v{n}" when given. DELETE retires (kept for history).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { targetDefinitionSchema } from '../../domain/target.schema';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { publicOrigin } from '../http/publicOrigin';
import type { ChangeBus } from '../store/history';
import {
  copyPlan,
  createPlan,
  createTarget,
  listStoredTargets,
  newPlanSchema,
  patchPlan,
  planCopySchema,
  planEtag,
  planPatchSchema,
  readPlanVersioned,
  readTarget,
  replaceTarget,
  retireTarget,
  targetEtag,
  versionFromEtag,
  type AdminOutcome,
} from '../store/plans.write';

type Env = { Variables: AuthVariables };

function respond(c: Context, outcome: AdminOutcome<unknown>, location?: string): Response {
  if (!outcome.ok) return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  const headers: Record<string, string> = { ETag: outcome.etag };
  // The edit to undo (POST /api/edits/{id}/undo).
  if (outcome.editId !== undefined) headers['X-Edit-Id'] = String(outcome.editId);
  if (outcome.status === 204) return c.body(null, 204, headers);
  if (outcome.status === 201 && location) headers.Location = location;
  return c.json(outcome.body, outcome.status, headers);
}

export function planAdminRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();
  const ctx = (c: Context<Env>) => ({ db, user: c.get('user')!, bus });

  app.post('/', requireRole('admin'), async (c) => {
    const body = await readJson(c, newPlanSchema);
    if (!body.ok) return body.response;
    return respond(c, await createPlan(ctx(c), body.data), `${publicOrigin(c)}/api/plans/${body.data.id}`);
  });

  app.patch('/:planId', requireRole('admin'), async (c) => {
    const planId = c.req.param('planId');
    const ifMatch = c.req.header('If-Match');
    let expected: number | null = null;
    if (ifMatch) {
      expected = versionFromEtag(ifMatch, (v) => planEtag(planId, v));
      if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this plan');
    }
    const body = await readJson(c, planPatchSchema);
    if (!body.ok) return body.response;
    return respond(c, await patchPlan(ctx(c), planId, expected, body.data));
  });

  app.post('/:planId/copy', requireRole('admin'), async (c) => {
    const body = await readJson(c, planCopySchema);
    if (!body.ok) return body.response;
    return respond(c, await copyPlan(ctx(c), c.req.param('planId'), body.data), `${publicOrigin(c)}/api/plans/${body.data.id}`);
  });

  /** The plan with its version and every target with its version; `?retired=include` adds retired ones. */
  app.get('/:planId/targets', async (c) => {
    const planId = c.req.param('planId');
    const plan = await readPlanVersioned(db, planId);
    if (!plan) return problem(c, 404, 'NOT_FOUND', `plan ${planId}`);
    const targets = await listStoredTargets(db, planId, c.req.query('retired') === 'include');
    return c.json({ plan, targets }, 200, { ETag: planEtag(planId, plan.version) });
  });

  app.post('/:planId/targets', requireRole('admin'), async (c) => {
    const planId = c.req.param('planId');
    const body = await readJson(c, targetDefinitionSchema);
    if (!body.ok) return body.response;
    return respond(c, await createTarget(ctx(c), planId, body.data), `${publicOrigin(c)}/api/plans/${planId}/targets/${encodeURIComponent(body.data.code)}`);
  });

  app.get('/:planId/targets/:code', async (c) => {
    const { planId, code } = c.req.param();
    const target = await readTarget(db, planId, code);
    if (!target) return problem(c, 404, 'NOT_FOUND', `target ${planId}/${code}`);
    return c.json(target, 200, { ETag: targetEtag(planId, code, target.version) });
  });

  /** The target's version from If-Match, or the error response (428 without, 412 naming another). */
  const expectedVersion = (c: Context, planId: string, code: string): number | Response => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const version = versionFromEtag(ifMatch, (v) => targetEtag(planId, code, v));
    return version ?? problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this target');
  };

  app.put('/:planId/targets/:code', requireRole('admin'), async (c) => {
    const { planId, code } = c.req.param();
    const version = expectedVersion(c, planId, code);
    if (version instanceof Response) return version;
    const body = await readJson(c, targetDefinitionSchema);
    if (!body.ok) return body.response;
    if (body.data.code !== code) return problem(c, 400, 'CONFLICTING_ID', 'the body code must equal the code in the URL');
    return respond(c, await replaceTarget(ctx(c), planId, code, version, body.data));
  });

  app.delete('/:planId/targets/:code', requireRole('admin'), async (c) => {
    const { planId, code } = c.req.param();
    const version = expectedVersion(c, planId, code);
    if (version instanceof Response) return version;
    return respond(c, await retireTarget(ctx(c), planId, code, version));
  });

  return app;
}
