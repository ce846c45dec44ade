/** OGC API – Features Part 4 writes on energy_stations and energy_lines (editors). */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { writeEnergyFeature, type EnergyCollection, type EnergyOutcome } from '../store/energy.write';
import type { ChangeBus } from '../store/history';
import { featureBodySchema, patchBodySchema } from '../store/parcels.write';
import { recordEtag } from '../../domain/api/etags';

type Env = { Variables: AuthVariables };

function respond(c: Context, collection: EnergyCollection, outcome: EnergyOutcome & { editId?: number }, root: string): Response {
  if (!outcome.ok) return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  const etag = recordEtag(collection, outcome.id, outcome.version);
  // X-Edit-Id names the edit to undo (POST /api/edits/{id}/undo).
  const edit: Record<string, string> = outcome.editId !== undefined ? { 'X-Edit-Id': String(outcome.editId) } : {};
  if (outcome.status === 204) return c.body(null, 204, { ETag: etag, ...edit });
  const headers: Record<string, string> = { ETag: etag, 'Content-Type': 'application/geo+json', ...edit };
  if (outcome.status === 201) headers.Location = `${root}/collections/${collection}/items/${outcome.id}`;
  return new Response(JSON.stringify(outcome.feature), { status: outcome.status, headers });
}

function target(c: Context, collection: EnergyCollection): { id: number; version: number } | Response {
  const idText = c.req.param('featureId') ?? '';
  if (!/^\d{1,15}$/.test(idText)) return problem(c, 404, 'NOT_FOUND');
  const ifMatch = c.req.header('If-Match');
  if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
  const m = new RegExp(`^"${collection}-(\\d+)-v(\\d+)"$`).exec(ifMatch.trim());
  if (!m || m[1] !== idText) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this feature');
  return { id: Number(idText), version: Number(m[2]) };
}

export function energyWriteRoutes(db: Kysely<Database>, bus: ChangeBus, rootUrl: (c: Context) => string): Hono<Env> {
  const app = new Hono<Env>();
  for (const collection of ['energy_stations', 'energy_lines'] as const) {
    const items = `/collections/${collection}/items`;
    app.on('OPTIONS', items, (c) => c.body(null, 204, { Allow: 'GET, HEAD, POST, OPTIONS' }));
    app.on('OPTIONS', `${items}/:featureId`, (c) => c.body(null, 204, { Allow: 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS' }));
    app.post(items, requireRole('editor'), async (c) => {
      const body = await readJson(c, featureBodySchema);
      if (!body.ok) return body.response;
      const outcome = await writeEnergyFeature({ db, user: c.get('user')!, bus }, collection, { kind: 'create', properties: body.data.properties, geometry: body.data.geometry });
      return respond(c, collection, outcome, rootUrl(c));
    });
    for (const method of ['put', 'patch'] as const) {
      app[method](`${items}/:featureId`, requireRole('editor'), async (c) => {
        const t = target(c, collection);
        if (t instanceof Response) return t;
        const body = await readJson(c, method === 'put' ? featureBodySchema : patchBodySchema);
        if (!body.ok) return body.response;
        const outcome = await writeEnergyFeature({ db, user: c.get('user')!, bus }, collection, {
          kind: method === 'put' ? 'replace' : 'patch',
          id: t.id,
          expectedVersion: t.version,
          properties: body.data.properties,
          geometry: body.data.geometry,
        });
        return respond(c, collection, outcome, rootUrl(c));
      });
    }
    app.delete(`${items}/:featureId`, requireRole('editor'), async (c) => {
      const t = target(c, collection);
      if (t instanceof Response) return t;
      const outcome = await writeEnergyFeature({ db, user: c.get('user')!, bus }, collection, { kind: 'delete', id: t.id, expectedVersion: t.version });
      return respond(c, collection, outcome, rootUrl(c));
    });
  }
  return app;
}
