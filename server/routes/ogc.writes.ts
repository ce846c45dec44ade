/**
 * OGC API – Features Part 4 writes on parcels: POST (201 + Location), PUT,
 * PATCH (JSON merge patch of properties), DELETE. Every write to an existing
 * feature is checked against the version the client read — If-Match, else
 * the feature's `version` property (see expectedVersion) — and answers 412
 * when someone else wrote first; 428 when it names none (but QGIS, which
 * cannot). Read-only properties sent back are dropped (domain/parcel.input.ts). Warnings (outside the zones, outside the
 * urban development boundary) are confirmed with `?confirm=CODE,CODE` or the
 * `X-Confirm-Warnings` header; a client that can send neither (QGIS) has its
 * warnings accepted and named back (writeAcceptingWarnings).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problemBody } from '../http/problem';
import { REASONS } from '../../domain/reasons';
import { readJson } from '../http/body';
import { precomputeParcelChecks } from '../pool/parcelChecks';
import { shapesOfUpdate } from '../pool/parcelShapes';
import type { ChangeBus } from '../store/history';
import { z } from 'zod';
import { normaliseParcelInput, PARCEL_EDITABLE_FIELDS } from '../../domain/parcel.input';
import type { AuthUser } from '../auth/users.store';
import type { Geometry } from 'geojson';
import { geometryFromCrs, OGC_CRSS, ogcCrsOf } from '../../domain/ogcCrs';
import { currentParcelVersion, writersSince } from '../store/parcels.precondition';
import {
  createParcel,
  deleteParcel,
  etagFor,
  featureBodySchema,
  patchBodySchema,
  patchParcel,
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

/** `X-Edit-Kind: hole | clip`: what the editor did to the shape, for the edit log (any other value is ignored). */
function editKindHint(c: Context): { editKind?: 'hole' | 'clip' } {
  const kind = c.req.header('X-Edit-Kind');
  return kind === 'hole' || kind === 'clip' ? { editKind: kind } : {};
}

export function confirmedWarnings(c: Context): Set<string> {
  const raw = [c.req.query('confirm') ?? '', c.req.header('X-Confirm-Warnings') ?? ''].join(',');
  return new Set(raw.split(',').map((s) => s.trim()).filter(Boolean));
}

function respond(c: Context, outcome: WriteOutcome, root: string, extraHeaders: Record<string, string> = {}): Response {
  if (!outcome.ok) {
    const body: Record<string, unknown> = { ...problemBody(outcome.code, outcome.detail) };
    if (outcome.errors) body.errors = outcome.errors;
    if (outcome.warnings) body.warnings = outcome.warnings;
    return c.json(body, outcome.status);
  }
  const etag = etagFor(outcome.id, outcome.version);
  // X-Edit-Id names the edit to undo (POST /api/edits/{id}/undo) for clients that show their own undo.
  const editId = String(outcome.editId);
  if (outcome.status === 204) return c.body(null, 204, { ETag: etag, 'X-Edit-Id': editId, ...extraHeaders });
  const headers: Record<string, string> = { ETag: etag, 'Content-Type': 'application/geo+json', 'X-Edit-Id': editId, ...extraHeaders };
  if (outcome.status === 201) headers.Location = `${root}/collections/parcels/items/${outcome.id}`;
  return new Response(JSON.stringify(outcome.feature), { status: outcome.status, headers });
}

/**
 * Clients that cannot send a precondition: QGIS (3.32+) writes OGC API –
 * Features Part 4 without If-Match, and its DELETE and attribute PATCH carry
 * no version either. Its network layer always appends `QGIS/<version>` to
 * the User-Agent (QgsNetworkAccessManager::createRequest), whatever prefix
 * the user configured. Every other client must name the version it read.
 */
export function cannotSendPrecondition(c: Context): boolean {
  return /\bQGIS\/\d/.test(c.req.header('User-Agent') ?? '');
}

/**
 * The reason phrase QGIS shows: it reports a failed write as Qt's
 * "server replied: <reason phrase>" and never reads a JSON body. Node sends
 * `statusMessage` when set before the head is written (@hono/node-server
 * exposes the response as `env.outgoing`); under app.request() there is none.
 */
function setReasonPhrase(c: Context, text: string): void {
  const outgoing = (c.env as { outgoing?: { statusMessage?: string; headersSent?: boolean } } | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.statusMessage = text.replace(/[^\x20-\x7e]/g, '?');
}

function conflict(c: Context, id: number, detail: string): Response {
  setReasonPhrase(c, `Precondition Failed: parcel ${id} was changed by someone else; reload the layer and edit again`);
  return problem(c, 412, 'PRECONDITION_FAILED', detail);
}

/** The parcel id in the path, or the 404 response. */
function targetId(c: Context): number | Response {
  const idText = c.req.param('featureId') ?? '';
  if (!/^\d{1,15}$/.test(idText)) return problem(c, 404, 'NOT_FOUND', `parcel ${idText}`);
  return Number(idText);
}

/**
 * The version a write to an existing parcel is checked against, in order:
 * If-Match; else the `version` property the body carries (QGIS's PUT sends
 * the whole feature as it read it); else, for a client that cannot send one
 * (cannotSendPrecondition), the current version — the write is still
 * recorded in history like any other. A body version older than the current
 * one passes only when every write since was this same user's: QGIS keeps
 * the version it first read while its own edits move the parcel on.
 */
async function expectedVersion(db: Kysely<Database>, c: Context, id: number, bodyVersion: number | null): Promise<number | Response> {
  const ifMatch = c.req.header('If-Match');
  if (ifMatch) {
    const version = versionFromIfMatch(ifMatch, id);
    return version ?? conflict(c, id, 'If-Match does not name this parcel');
  }
  if (bodyVersion === null && !cannotSendPrecondition(c)) return problem(c, 428, 'PRECONDITION_REQUIRED');
  const current = await currentParcelVersion(db, id);
  if (current === null) return problem(c, 404, 'NOT_FOUND', `parcel ${id}`);
  if (bodyVersion === null || bodyVersion === current) return current;
  if (bodyVersion > current) return conflict(c, id, `current version ${current}`);
  const writers = await writersSince(db, id, bodyVersion);
  const user = c.get('user') as AuthUser;
  if (writers.every((w) => w === user.username)) return current;
  return conflict(c, id, `current version ${current}, changed by ${writers.filter((w) => w !== user.username).join(', ')}`);
}

const STATUS_PHRASES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 412: 'Precondition Failed', 422: 'Unprocessable Entity' };

/**
 * The reason phrase of a refused write: what QGIS shows for it. Reason
 * phrases are Latin-1 on the wire, so it is the English text with the
 * findings' codes and ids (names, which are Chinese, are left out).
 */
export function reasonPhraseOf(outcome: Extract<WriteOutcome, { ok: false }>): string {
  if (outcome.status === 412) return 'Precondition Failed: the parcel was changed by someone else; reload the layer and edit again';
  const findings = [...(outcome.errors ?? []), ...(outcome.warnings ?? [])].map(
    (f) => `${f.code}${f.otherId !== undefined ? ` (${f.otherId})` : ''}: ${f.messageEn}`,
  );
  const detail = outcome.detail && /^[\x20-\x7e]*$/.test(outcome.detail) ? ` (${outcome.detail.replace(/\s+/g, ' ').slice(0, 200)})` : '';
  return `${STATUS_PHRASES[outcome.status] ?? 'Refused'}: ${REASONS[outcome.code].en}${detail}${findings.length ? ` - ${findings.join('; ')}` : ''}`;
}

function respondTo(c: Context, outcome: WriteOutcome, root: string, extraHeaders: Record<string, string> = {}): Response {
  if (!outcome.ok) setReasonPhrase(c, reasonPhraseOf(outcome));
  return respond(c, outcome, root, extraHeaders);
}

/**
 * A write whose warnings the client cannot confirm. The editor asks the
 * planner to confirm a warning (outside the zones or the urban development
 * boundary, a sliver part, a parcel split into parts); QGIS has no way to ask
 * and none to send `?confirm=`, so a planner working there could save no such
 * shape at all. For such a client a write refused only for unconfirmed
 * warnings is written with exactly those warnings accepted — errors (overlap,
 * red line, farmland, invalid shape) still refuse — and the answer names them
 * in `X-Accepted-Warnings`. The write is in the history and undoable like
 * any other, and the lasting conditions (outside zones or boundary, sliver
 * parts) show in ledger health (domain/ledgerHealth.ts), which re-checks
 * every stored parcel, so the planner reviews them there. The retry runs the
 * whole check again: a warning that appeared meanwhile refuses as before.
 */
async function writeAcceptingWarnings(c: Context, write: (confirmed: ReadonlySet<string>) => Promise<WriteOutcome>, root: string): Promise<Response> {
  const confirmed = confirmedWarnings(c);
  const first = await write(confirmed);
  if (first.ok || first.code !== 'WARNINGS_UNCONFIRMED' || !cannotSendPrecondition(c)) return respondTo(c, first, root);
  const accepted = (first.warnings ?? []).map((w) => w.code);
  const outcome = await write(new Set([...confirmed, ...accepted]));
  // Headers go in as the response is made: @hono/node-server sends the ones it was built with.
  return respondTo(c, outcome, root, outcome.ok ? { 'X-Accepted-Warnings': accepted.join(',') } : {});
}

/**
 * The geometry a write carries, in CRS84: QGIS sends `Content-Crs` with the
 * layer's CRS URI when it is not CRS84, and coordinates in that CRS's axis
 * order. Anything not shaped like a geometry is left for validation to refuse.
 */
function geometryInCrs84(c: Context, geometry: unknown): { geometry: unknown } | Response {
  const header = c.req.header('Content-Crs');
  if (!header) return { geometry };
  const crs = ogcCrsOf(header);
  if (!crs) return problem(c, 400, 'INVALID_REQUEST', `Content-Crs must be one of ${OGC_CRSS.map((x) => x.uri).join(', ')}`);
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || !Array.isArray(g.coordinates)) return { geometry };
  try {
    return { geometry: geometryFromCrs(g as Geometry, crs) };
  } catch {
    return { geometry };
  }
}

/** Properties of a PUT: every editable field, the ones it leaves out as null (a replacement, not a merge). */
function replacementProperties(named: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of PARCEL_EDITABLE_FIELDS) out[key] = Object.hasOwn(named, key) ? named[key] : null;
  return out;
}

export function ogcWriteRoutes(db: Kysely<Database>, bus: ChangeBus, rootUrl: (c: Context) => string): Hono<Env> {
  const app = new Hono<Env>();

  // QGIS asks OPTIONS and reads Allow to decide which edits it offers.
  app.on('OPTIONS', '/collections/parcels/items', (c) => c.body(null, 204, { Allow: 'GET, HEAD, POST, OPTIONS' }));
  // QGIS uses PATCH when Allow lists it, and its PATCH carries only the changed
  // fields, no version; without PATCH it PUTs the whole feature it read,
  // `version` included, which makes its edits checked against that version.
  app.on('OPTIONS', '/collections/parcels/items/:featureId', (c) =>
    c.body(null, 204, {
      Allow: cannotSendPrecondition(c) ? 'GET, HEAD, PUT, DELETE, OPTIONS' : 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS',
      Vary: 'User-Agent',
    }),
  );

  app.post('/collections/parcels/items', requireRole('editor'), async (c) => {
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    const input = normaliseParcelInput(body.data.properties);
    const written = geometryInCrs84(c, body.data.geometry);
    if (written instanceof Response) return written;
    // A large shape is validated, cut by the zones and rule-checked in the pool before the transaction.
    const pre = await precomputeParcelChecks(db, [{ geometry: written.geometry, ruleContext: { excludeId: null, previousGeometry: null } }]);
    if ('failure' in pre) return respondTo(c, pre.failure, rootUrl(c));
    const feature = { ...body.data, properties: input.properties, geometry: written.geometry };
    return writeAcceptingWarnings(c, (confirmed) => createParcel({ db, user: c.get('user')!, bus }, feature, confirmed, pre.precomputed), rootUrl(c));
  });

  // A PUT is written as a merge of every editable field (absent ones null), so the
  // server-owned ones it may not set (illustrative) keep their stored value.
  app.put('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const id = targetId(c);
    if (id instanceof Response) return id;
    const body = await readJson(c, featureBodySchema);
    if (!body.ok) return body.response;
    if (body.data.id !== undefined && String(body.data.id) !== String(id)) return problem(c, 400, 'CONFLICTING_ID');
    const input = normaliseParcelInput(body.data.properties);
    const version = await expectedVersion(db, c, id, input.version);
    if (version instanceof Response) return version;
    const written = geometryInCrs84(c, body.data.geometry);
    if (written instanceof Response) return written;
    const pre = await precomputeParcelChecks(db, await shapesOfUpdate(db, id, version, written.geometry));
    if ('failure' in pre) return respondTo(c, pre.failure, rootUrl(c));
    const patch = { properties: replacementProperties(input.properties), geometry: written.geometry };
    const ctx = { db, user: c.get('user')!, bus, ...editKindHint(c) };
    return writeAcceptingWarnings(c, (confirmed) => patchParcel(ctx, id, version, patch, confirmed, pre.precomputed), rootUrl(c));
  });

  app.patch('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const id = targetId(c);
    if (id instanceof Response) return id;
    const body = await readJson(c, patchBodySchema);
    if (!body.ok) return body.response;
    const input = normaliseParcelInput(body.data.properties);
    const version = await expectedVersion(db, c, id, input.version);
    if (version instanceof Response) return version;
    const patch: z.output<typeof patchBodySchema> = { properties: input.properties };
    if (body.data.geometry !== undefined) {
      const written = geometryInCrs84(c, body.data.geometry);
      if (written instanceof Response) return written;
      patch.geometry = written.geometry;
    }
    // A properties-only patch of a large parcel re-checks its stored shape: that goes to the pool too.
    const pre = await precomputeParcelChecks(db, await shapesOfUpdate(db, id, version, patch.geometry));
    if ('failure' in pre) return respondTo(c, pre.failure, rootUrl(c));
    const ctx = { db, user: c.get('user')!, bus, ...editKindHint(c) };
    return writeAcceptingWarnings(c, (confirmed) => patchParcel(ctx, id, version, patch, confirmed, pre.precomputed), rootUrl(c));
  });

  app.delete('/collections/parcels/items/:featureId', requireRole('editor'), async (c) => {
    const id = targetId(c);
    if (id instanceof Response) return id;
    const version = await expectedVersion(db, c, id, null);
    if (version instanceof Response) return version;
    const outcome = await deleteParcel({ db, user: c.get('user')!, bus }, id, version);
    return respondTo(c, outcome, rootUrl(c));
  });

  return app;
}
