/**
 * The enterprise register under /api/enterprises. Reads open, like plans:
 * GET / (search: q = part of the name or start of the credit code; scale,
 * industryChain, tag, limit), GET /{id} (with its parcels, statistics and
 * 亩均 figures per year, and the land rule they rest on). Writes for editors:
 * POST / , PATCH /{id} (If-Match "enterprises-{id}-v{n}", 428 without),
 * PUT /{id}/parcels `{ parcelIds }` (If-Match of the enterprise: the
 * parcels it occupies, by id; 409 PARCEL_OCCUPIED for a parcel another
 * enterprise holds, 422 UNKNOWN_PARCEL), PUT /{id}/statistics/{year}
 * (If-Match of that year's figures when they exist). GET /?parcelId=n finds
 * the enterprise occupying a parcel. A bad credit code is a 422 naming CREDIT_CODE_FORMAT or
 * CREDIT_CODE_CHECK.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  ENTERPRISE_SCALES,
  ENTERPRISE_TAGS,
  enterprisePatchSchema,
  enterpriseSchema,
  parcelLinkSchema,
  statisticsSchema,
  statisticsYearSchema,
} from '../../domain/enterprise';
import { INDUSTRY_CHAINS } from '../../domain/parcel.schema';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { publicOrigin } from '../http/publicOrigin';
import { enterpriseEtag, listEnterprises, readEnterpriseDetail, statisticsEtag } from '../store/enterprises.store';
import { createEnterprise, patchEnterprise, putStatistics, setEnterpriseParcels, type WriteOutcome } from '../store/enterprises.write';
import type { ChangeBus } from '../store/history';
import { versionFromEtag } from '../store/plans.write';

type Env = { Variables: AuthVariables };

const listQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  industryChain: z.enum(INDUSTRY_CHAINS).optional(),
  tag: z.enum(ENTERPRISE_TAGS).optional(),
  parcelId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);

function respond(c: Context, outcome: WriteOutcome<unknown>, location?: string): Response {
  if (!outcome.ok) return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  const headers: Record<string, string> = { ETag: outcome.etag };
  if (outcome.status === 201 && location) headers.Location = location;
  // X-Edit-Id names the edit to undo (POST /api/edits/{id}/undo).
  if (outcome.editId !== undefined) headers['X-Edit-Id'] = String(outcome.editId);
  return c.json(outcome.body, outcome.status, headers);
}

export function enterpriseRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();
  const ctx = (c: Context<Env>) => ({ db, user: c.get('user')!, bus });

  app.get('/', async (c) => {
    const query = listQuerySchema.safeParse(c.req.query());
    if (!query.success) return problem(c, 400, 'INVALID_REQUEST', z.prettifyError(query.error));
    return c.json({ enterprises: await listEnterprises(db, query.data) });
  });

  app.get('/:id', async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 404, 'NOT_FOUND', `enterprise ${c.req.param('id')}`);
    const detail = await readEnterpriseDetail(db, id.data);
    if (!detail) return problem(c, 404, 'NOT_FOUND', `enterprise ${id.data}`);
    return c.json(detail, 200, { ETag: enterpriseEtag(id.data, detail.enterprise.version) });
  });

  app.post('/', requireRole('editor'), async (c) => {
    const body = await readJson(c, enterpriseSchema);
    if (!body.ok) return body.response;
    const outcome = await createEnterprise(ctx(c), body.data);
    return respond(c, outcome, outcome.ok ? `${publicOrigin(c)}/api/enterprises/${outcome.body.id}` : undefined);
  });

  app.patch('/:id', requireRole('editor'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 404, 'NOT_FOUND', `enterprise ${c.req.param('id')}`);
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const version = versionFromEtag(ifMatch, (v) => enterpriseEtag(id.data, v));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this enterprise');
    const body = await readJson(c, enterprisePatchSchema);
    if (!body.ok) return body.response;
    return respond(c, await patchEnterprise(ctx(c), id.data, version, body.data));
  });

  app.put('/:id/parcels', requireRole('editor'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 404, 'NOT_FOUND', `enterprise ${c.req.param('id')}`);
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const version = versionFromEtag(ifMatch, (v) => enterpriseEtag(id.data, v));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this enterprise');
    const body = await readJson(c, parcelLinkSchema);
    if (!body.ok) return body.response;
    return respond(c, await setEnterpriseParcels(ctx(c), id.data, version, body.data.parcelIds));
  });

  app.put('/:id/statistics/:year', requireRole('editor'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 404, 'NOT_FOUND', `enterprise ${c.req.param('id')}`);
    const year = statisticsYearSchema.safeParse(c.req.param('year'));
    if (!year.success) return problem(c, 400, 'INVALID_REQUEST', `year ${c.req.param('year')}: 1990–2100`);
    const ifMatch = c.req.header('If-Match');
    let version: number | null = null;
    if (ifMatch) {
      version = versionFromEtag(ifMatch, (v) => statisticsEtag(id.data, year.data, v));
      if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', "If-Match does not name this year's figures");
    }
    const body = await readJson(c, statisticsSchema);
    if (!body.ok) return body.response;
    return respond(c, await putStatistics(ctx(c), id.data, year.data, version, body.data));
  });

  return app;
}
