/**
 * Zone writes (admins): OGC API – Features Part 4 on /ogc/collections/zones
 * (POST, PUT, PATCH, DELETE with If-Match "zones-{code}-v{version}"), and
 * POST /api/zones/from-parcels for a zone drawn as the union of parcels.
 * Mounted before ogc.ts's read-only catch-all. Responses carry
 * `Ledger-Recomputed-Parcels`: how many parcels' zone shares the write changed.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { publicOrigin } from '../http/publicOrigin';
import { precomputeZoneCells } from '../pool/zoneCells';
import type { ChangeBus } from '../store/history';
import { featureBodySchema, patchBodySchema } from '../store/parcels.write';
import { runJob } from '../pool/pool';
import { createZone, deleteZone, updateZone, zoneEtag, zoneFromParcelsSchema, zoneShapeFromParcels, type ZoneOutcome } from '../store/zones.write';

type Env = { Variables: AuthVariables };
const ITEMS = '/collections/zones/items';

function respond(c: Context, outcome: ZoneOutcome, root: string): Response {
  if (!outcome.ok) return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  const headers: Record<string, string> = {
    ETag: zoneEtag(outcome.code, outcome.version),
    'Ledger-Recomputed-Parcels': String(outcome.recomputedParcelIds.length),
    // The edit to undo (POST /api/edits/{id}/undo).
    ...(outcome.editId !== undefined ? { 'X-Edit-Id': String(outcome.editId) } : {}),
  };
  if (outcome.status === 204) return c.body(null, 204, headers);
  headers['Content-Type'] = 'application/geo+json';
  if (outcome.status === 201) headers.Location = `${root}/collections/zones/items/${encodeURIComponent(outcome.code)}`;
  return new Response(JSON.stringify(outcome.feature), { status: outcome.status, headers });
}

/** The zone code in the path and the version its If-Match names, or the error response. */
function addressed(c: Context): { code: string; version: number } | Response {
  const code = c.req.param('featureId') ?? '';
  const ifMatch = c.req.header('If-Match')?.trim();
  if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
  const m = /-v(\d{1,9})"$/.exec(ifMatch);
  if (!m || ifMatch !== zoneEtag(code, Number(m[1]))) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this zone');
  return { code, version: Number(m[1]) };
}

export function zoneWriteRoutes(db: Kysely<Database>, bus: ChangeBus, rootUrl: (c: Context) => string): Hono<Env> {
  const app = new Hono<Env>();
  const ctx = (c: Context<Env>) => ({ db, user: c.get('user')!, bus });
  /** The zone's stored boundary at the version the client saw; null when it is gone or moved on (the store answers 404/412). */
  const storedBoundary = async (code: string, version: number): Promise<Polygon | MultiPolygon | null> => {
    const row = await db.selectFrom('zones').select(['geometry', 'version']).where('code', '=', code).executeTakeFirst();
    return row && row.version === version ? (JSON.parse(row.geometry) as Polygon | MultiPolygon) : null;
  };
  /** The write's context, with the parcels' new zone cells worked out in the pool before its transaction. */
  const ctxWithCells = async (c: Context<Env>, change: Parameters<typeof precomputeZoneCells>[1]) => {
    const zoneCells = await precomputeZoneCells(db, change);
    return zoneCells ? { ...ctx(c), zoneCells } : ctx(c);
  };

  app.on('OPTIONS', ITEMS, (c) => c.body(null, 204, { Allow: 'GET, HEAD, POST, OPTIONS' }));
  app.on('OPTIONS', `${ITEMS}/:featureId`, (c) => c.body(null, 204, { Allow: 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS' }));

  app.post(ITEMS, requireRole('admin'), async (c) => {
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    const code = String((body.data.properties as { code?: unknown } | null)?.code ?? '');
    const context = await ctxWithCells(c, { code, geometry: body.data.geometry, previousGeometry: null });
    return respond(c, await createZone(context, body.data.properties, body.data.geometry), rootUrl(c));
  });

  app.put(`${ITEMS}/:featureId`, requireRole('admin'), async (c) => {
    const t = addressed(c);
    if (t instanceof Response) return t;
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    if (body.data.id !== undefined && String(body.data.id) !== t.code) return problem(c, 400, 'CONFLICTING_ID');
    const previousGeometry = await storedBoundary(t.code, t.version);
    const context = previousGeometry ? await ctxWithCells(c, { code: t.code, geometry: body.data.geometry, previousGeometry }) : ctx(c);
    const outcome = await updateZone(context, t.code, t.version, () => ({
      properties: { code: t.code, ...body.data.properties },
      geometry: body.data.geometry,
    }));
    return respond(c, outcome, rootUrl(c));
  });

  app.patch(`${ITEMS}/:featureId`, requireRole('admin'), async (c) => {
    const t = addressed(c);
    if (t instanceof Response) return t;
    const body = await readJson(c, patchBodySchema);
    if (!body.ok) return body.response;
    // JSON merge patch (RFC 7396) of the properties; geometry replaced when given.
    const previousGeometry = body.data.geometry === undefined ? null : await storedBoundary(t.code, t.version);
    const context = previousGeometry ? await ctxWithCells(c, { code: t.code, geometry: body.data.geometry, previousGeometry }) : ctx(c);
    const outcome = await updateZone(context, t.code, t.version, (current) => ({
      properties: { ...current.properties, ...body.data.properties },
      geometry: body.data.geometry === undefined ? current.geometry : body.data.geometry,
    }));
    return respond(c, outcome, rootUrl(c));
  });

  app.delete(`${ITEMS}/:featureId`, requireRole('admin'), async (c) => {
    const t = addressed(c);
    if (t instanceof Response) return t;
    const previousGeometry = await storedBoundary(t.code, t.version);
    const context = previousGeometry ? await ctxWithCells(c, { code: t.code, geometry: null, previousGeometry }) : ctx(c);
    return respond(c, await deleteZone(context, t.code, t.version), rootUrl(c));
  });

  return app;
}

/** /api/zones: zone operations that are not plain feature writes. */
export function zoneApiRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();
  app.post('/from-parcels', requireRole('admin'), async (c) => {
    const body = await readJson(c, zoneFromParcelsSchema);
    if (!body.ok) return body.response;
    const root = `${publicOrigin(c)}/ogc`;
    // The union and the parcels' new cells are worked out in the pool, before the zone's transaction.
    const shape = await zoneShapeFromParcels(db, body.data.parcelIds, (geometries) => runJob('uniteShapes', { geometries }));
    if ('failure' in shape) return respond(c, shape.failure, root);
    const { parcelIds: _ids, ...properties } = body.data;
    const base = { db, user: c.get('user')!, bus };
    const zoneCells = await precomputeZoneCells(db, { code: properties.code, geometry: shape.geometry, previousGeometry: null });
    return respond(c, await createZone(zoneCells ? { ...base, zoneCells } : base, properties, shape.geometry), root);
  });
  return app;
}
