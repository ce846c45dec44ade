/**
 * OGC API – Features Part 4 writes on parcels: POST (201 + Location), PUT,
 * PATCH (JSON merge patch of properties), DELETE. Every write to an existing
 * feature needs `If-Match` with the ETag a GET returned: 428 without it, 412
 * when someone else wrote first. Warnings (outside the zones, outside the
 * urban development boundary) are confirmed with `?confirm=CODE,CODE` or the
 * `X-Confirm-Warnings` header.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problemBody } from '../http/problem';
import { readJson } from '../http/body';
import { precomputeParcelChecks } from '../pool/parcelChecks';
import { shapesOfUpdate } from '../pool/parcelShapes';
import type { ChangeBus } from '../store/history';
import {
  createParcel,
  deleteParcel,
  etagFor,
  featureBodySchema,
  patchBodySchema,
  patchParcel,
  replaceParcel,
  versionFromIfMatch,
  type WriteOutcome,
} from '../store/parcels.write';
import { problem } from '../http/problem';

type Env = { Variables: AuthVariables };

export const WRITE_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features',
];

export function confirmedWarnings(c: Context): Set<string> {
  const raw = [c.req.query('confirm') ?? '', c.req.header('X-Confirm-Warnings') ?? ''].join(',');
  return new Set(raw.split(',').map((s) => s.trim()).filter(Boolean));
}

function respond(c: Context, outcome: WriteOutcome, root: string): Response {
  if (!outcome.ok) {
    const body: Record<string, unknown> = { ...problemBody(outcome.code, outcome.detail) };
    if (outcome.errors) body.errors = outcome.errors;
    if (outcome.warnings) body.warnings = outcome.warnings;
    return c.json(body, outcome.status);
  }
  const etag = etagFor(outcome.id, outcome.version);
  if (outcome.status === 204) return c.body(null, 204, { ETag: etag });
  const headers: Record<string, string> = { ETag: etag, 'Content-Type': 'application/geo+json' };
  if (outcome.status === 201) headers.Location = `${root}/collections/parcels/items/${outcome.id}`;
  return new Response(JSON.stringify(outcome.feature), { status: outcome.status, headers });
}

/** The parcel id in the path and the version its If-Match names, or the error response. */
function target(c: Context): { id: number; version: number } | Response {
  const idText = c.req.param('featureId') ?? '';
  if (!/^\d{1,15}$/.test(idText)) return problem(c, 404, 'NOT_FOUND', `parcel ${idText}`);
  const id = Number(idText);
  const ifMatch = c.req.header('If-Match');
  if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
  const version = versionFromIfMatch(ifMatch, id);
  if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this parcel');
  return { id, version };
}

export function ogcWriteRoutes(db: Kysely<Database>, bus: ChangeBus, rootUrl: (c: Context) => string): Hono<Env> {
  const app = new Hono<Env>();

  // QGIS asks OPTIONS and reads Allow to decide which edits it offers.
  app.on('OPTIONS', '/collections/parcels/items', (c) => c.body(null, 204, { Allow: 'GET, HEAD, POST, OPTIONS' }));
  app.on('OPTIONS', '/collections/parcels/items/:featureId', (c) =>
    c.body(null, 204, { Allow: 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS' }),
  );

  app.post('/collections/parcels/items', requireRole('editor'), async (c) => {
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    const pre = await precomputeParcelChecks(db, [{ geometry: body.data.geometry, ruleContext: { excludeId: null, previousGeometry: null } }]);
    if ('failure' in pre) return respond(c, pre.failure, rootUrl(c));
    const outcome = await createParcel({ db, user: c.get('user')!, bus }, body.data, confirmedWarnings(c), pre.precomputed);
    return respond(c, outcome, rootUrl(c));
  });

  app.put('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const t = target(c);
    if (t instanceof Response) return t;
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    if (body.data.id !== undefined && String(body.data.id) !== String(t.id)) return problem(c, 400, 'CONFLICTING_ID');
    const pre = await precomputeParcelChecks(db, await shapesOfUpdate(db, t.id, t.version, body.data.geometry));
    if ('failure' in pre) return respond(c, pre.failure, rootUrl(c));
    const outcome = await replaceParcel({ db, user: c.get('user')!, bus }, t.id, t.version, body.data, confirmedWarnings(c), pre.precomputed);
    return respond(c, outcome, rootUrl(c));
  });

  app.patch('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const t = target(c);
    if (t instanceof Response) return t;
    const body = await readJson(c, patchBodySchema);
    if (!body.ok) return body.response;
    // A properties-only patch of a large parcel re-checks its stored shape: that goes to the pool too.
    const pre = await precomputeParcelChecks(db, await shapesOfUpdate(db, t.id, t.version, body.data.geometry));
    if ('failure' in pre) return respond(c, pre.failure, rootUrl(c));
    const outcome = await patchParcel({ db, user: c.get('user')!, bus }, t.id, t.version, body.data, confirmedWarnings(c), pre.precomputed);
    return respond(c, outcome, rootUrl(c));
  });

  app.delete('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const t = target(c);
    if (t instanceof Response) return t;
    const outcome = await deleteParcel({ db, user: c.get('user')!, bus }, t.id, t.version);
    return respond(c, outcome, rootUrl(c));
  });

  return app;
}
