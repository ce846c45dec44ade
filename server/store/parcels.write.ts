/**
 * Parcel writes: create, replace, patch, delete, restore. Each runs in one
 * transaction that re-reads the neighbours, checks the rules (domain/
 * parcel.rules.ts), compares the version the client saw (If-Match) and records
 * the change, so a 2xx means written and logged, and anything else means
 * nothing was written.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { bboxIntersects, lockParcelWrites } from '../db/dialect';
import { z } from 'zod';
import { areaSquareMeters } from '../../domain/area';
import { validatePolygonGeometry } from '../../domain/geometry.validation';
import { isStoredAtClientPrecision } from '../../domain/geometry.precision';
import { parcelPropertiesSchema, type ParcelProperties } from '../../domain/parcel.schema';
import { checkParcelRules, type ConstraintShape, type RuleFinding } from '../../domain/parcel.rules';
import { REASONS, type ReasonCode } from '../../domain/reasons';
import { computeZoneCells } from '../../domain/zoneCells';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { COLLECTIONS } from './collections';
import { rowToFeature } from './features.query';
import { editIdOf, recordChange, type ChangeBus } from './history';
import { batchOf, zonesFor } from './batchWrite';
import { bboxColumns, nowIso } from './spatial';
import type { PrecomputedChecks } from '../pool/parcelChecks';
import { recordEtag } from '../../domain/api/etags';
import { featureBodySchema, patchBodySchema } from '../../domain/api/features.schema';

type Poly = Polygon | MultiPolygon;
type Trx = Transaction<Database>;

export interface WriteContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
  /** What the editor did to the shape (a hole cut, a clip), named in the edit log when the shape did change. */
  editKind?: 'hole' | 'clip';
}

/**
 * The edit log's word for an update: a shape change (or the editor's hole or
 * clip), an attribute change, or both.
 */
function updateKind(before: Feature, after: Feature | null, hint: WriteContext['editKind']): string {
  const geometryChanged = JSON.stringify(before.geometry) !== JSON.stringify(after?.geometry);
  const a = editableProperties(before);
  const b = after ? editableProperties(after) : {};
  const fieldsChanged = Object.keys({ ...a, ...b }).some((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
  if (geometryChanged && hint) return hint;
  if (geometryChanged) return fieldsChanged ? 'update' : 'geometry';
  return fieldsChanged ? 'attributes' : 'update';
}

export interface Finding {
  code: ReasonCode;
  messageZh: string;
  messageEn: string;
  otherId?: number | string;
  otherName?: string;
  areaSquareMeters?: number;
}

export type WriteOutcome =
  | { ok: true; status: 200 | 201 | 204; feature: Feature | null; version: number; id: number; editId: number }
  | { ok: false; status: 400 | 404 | 409 | 412 | 422; code: ReasonCode; detail?: string; errors?: Finding[]; warnings?: Finding[] };

/** The write envelopes every Part 4 route reads (shared with the client). */
export { featureBodySchema, patchBodySchema };

export function finding(f: RuleFinding): Finding {
  const out: Finding = { code: f.code, messageZh: REASONS[f.code].zh, messageEn: REASONS[f.code].en };
  if (f.otherId !== undefined) out.otherId = f.otherId;
  if (f.otherName !== undefined) out.otherName = f.otherName;
  if (f.areaSquareMeters !== undefined) out.areaSquareMeters = f.areaSquareMeters;
  return out;
}

export function etagFor(id: number | string, version: number): string {
  return recordEtag('parcels', id, version);
}

/** The version an If-Match header names for this parcel, or null when it names another. */
export function versionFromIfMatch(header: string, id: number): number | null {
  const m = /^"parcels-(\d+)-v(\d+)"$/.exec(header.trim());
  if (!m || Number(m[1]) !== id) return null;
  return Number(m[2]);
}

export async function loadRuleContext(trx: Trx | Kysely<Database>, geometry: Poly, excludeId: number | null) {
  const b = bboxColumns(geometry);
  const neighbourRows = await trx
    .selectFrom('parcels')
    .select(['id', 'name', 'geometry'])
    .where(bboxIntersects(trx, 'parcels', [b.minX, b.minY, b.maxX, b.maxY]))
    .$if(excludeId !== null, (q) => q.where('id', '!=', excludeId!))
    .execute();
  const constraintRows = await trx
    .selectFrom('constraints')
    .select(['id', 'name', 'kind', 'geometry'])
    .where((eb) =>
      eb.or([
        eb('kind', '=', 'urban_development_boundary'),
        bboxIntersects(trx, 'constraints', [b.minX, b.minY, b.maxX, b.maxY]),
      ]),
    )
    .execute();
  const batch = batchOf(trx);
  return {
    neighbours: neighbourRows.map((r) => ({ id: r.id, name: r.name, geometry: JSON.parse(r.geometry) as Poly })),
    constraints: constraintRows.map((r) => batch?.constraint(r) ?? ({ id: r.id, name: r.name, kind: r.kind, geometry: JSON.parse(r.geometry) as Poly } as ConstraintShape)),
  };
}

export interface CheckedParcel {
  properties: ParcelProperties;
  geometry: Poly;
  zoneCells: string;
  areaSquareMeters: number;
}

/** Validates properties and geometry and applies the parcel rules; null outcome = passed. Also used by the batch import commit. */
export async function checkParcel(
  trx: Trx,
  rawProperties: unknown,
  rawGeometry: unknown,
  excludeId: number | null,
  confirmed: ReadonlySet<string>,
  previousGeometry: Poly | null = null,
  precomputed?: PrecomputedChecks,
): Promise<{ checked: CheckedParcel } | { failure: WriteOutcome }> {
  const props = parcelPropertiesSchema.safeParse(rawProperties ?? {});
  if (!props.success) {
    return { failure: { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(props.error) } };
  }
  // A large shape's validation, cells and rules come from the pool when their inputs are unchanged (server/pool/parcelChecks.ts).
  const geometry = precomputed?.validation(rawGeometry) ?? validatePolygonGeometry(rawGeometry);
  if (!geometry.valid) {
    const code = geometry.reason;
    return { failure: { ok: false, status: 422, code, ...(geometry.detail ? { detail: geometry.detail } : {}), errors: [finding({ code })] } };
  }
  // A batch write (batchWrite.ts) reads the zones once for all its rows.
  const zones = await zonesFor(trx);
  const cells = precomputed?.zoneCells(geometry.geometry, zones) ?? computeZoneCells(geometry.geometry, zones);
  const ruleInputs = { ...(await loadRuleContext(trx, geometry.geometry, excludeId)), previousGeometry };
  const rules = precomputed?.ruleResult(geometry.geometry, zones, ruleInputs) ?? checkParcelRules(geometry.geometry, { ...ruleInputs, zoneCells: cells });
  if (rules.errors.length > 0) {
    return { failure: { ok: false, status: 422, code: 'VALIDATION_FAILED', errors: rules.errors.map(finding), warnings: rules.warnings.map(finding) } };
  }
  const unconfirmed = rules.warnings.filter((w) => !confirmed.has(w.code));
  if (unconfirmed.length > 0) {
    return { failure: { ok: false, status: 422, code: 'WARNINGS_UNCONFIRMED', errors: [], warnings: unconfirmed.map(finding) } };
  }
  return {
    checked: {
      properties: props.data,
      geometry: geometry.geometry,
      zoneCells: JSON.stringify(cells),
      areaSquareMeters: areaSquareMeters(geometry.geometry),
    },
  };
}

/** The parcels-table columns of a checked parcel. */
export function columnsOf(p: CheckedParcel) {
  const q = p.properties;
  return {
    name: q.name,
    landUseCode: q.landUseCode,
    status: q.status,
    supplyYear: q.supplyYear,
    enterprise: q.enterprise,
    industryChain: q.industryChain,
    investmentYi: q.investmentYi,
    outputYi: q.outputYi,
    factoryFloorSquareMeters: q.factoryFloorSquareMeters,
    notes: q.notes,
    heatCoolingDemandKilowatts: q.heatCoolingDemandKilowatts,
    powerDemandKilowatts: q.powerDemandKilowatts,
    illustrative: q.illustrative ? 1 : 0,
    geometry: JSON.stringify(p.geometry),
    ...bboxColumns(p.geometry),
    areaSquareMeters: p.areaSquareMeters,
    zoneCells: p.zoneCells,
    updatedAt: nowIso(),
  };
}

export async function readRow(trx: Trx | Kysely<Database>, id: number) {
  return trx.selectFrom('parcels').selectAll().where('id', '=', id).executeTakeFirst();
}

export const toFeature = (row: unknown) => rowToFeature(COLLECTIONS.parcels, row);

const EDITABLE_KEYS = Object.keys(parcelPropertiesSchema.shape);

/** Editable properties of a stored parcel (the schema's fields only), for PATCH merges, restores and undo. */
export function editableProperties(feature: Feature): Record<string, unknown> {
  const props = (feature.properties ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE_KEYS) if (k in props) out[k] = props[k];
  return out;
}

function announce(ctx: WriteContext, changeId: number, id: number, action: string, version: number) {
  ctx.bus.publish({ id: changeId, collection: 'parcels', featureId: String(id), action, version });
}

type ParcelRow = NonNullable<Awaited<ReturnType<typeof readRow>>>;
type Refusal = Extract<WriteOutcome, { ok: false }>;

/** A row written inside a transaction, and its change-log id (announced after commit). */
export interface WrittenRow {
  feature: Feature | null;
  id: number;
  version: number;
  changeId: number;
  /** The edit (planner action) the change belongs to. */
  editId: number;
}

/*
 * The steps every parcel write is made of, each run inside the caller's
 * transaction: single writes (below) and multi-parcel edits (parcels.edit.ts)
 * compose them, so the rules, version guards and history are the same.
 */

/** The row at the version the client saw, or the refusal (404 gone, 412 moved on). */
export async function readAtVersion(trx: Trx, id: number, expectedVersion: number): Promise<{ row: ParcelRow } | { failure: Refusal }> {
  const row = await readRow(trx, id);
  if (!row) return { failure: { ok: false, status: 404, code: 'NOT_FOUND', detail: `parcel ${id}` } };
  if (row.version !== expectedVersion) return { failure: { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` } };
  return { row };
}

/**
 * Checks a new parcel against the rules and inserts it at version 1, logging the change.
 * `revive` brings a deleted parcel back under its own id (undo of a delete or a merge),
 * at the version after the one it was deleted at, so its history reads on.
 */
/** Every warning confirmed: for writes that put back a state confirmed when it was first written (undo, the seed's own data). */
export const EVERY_WARNING_CONFIRMED: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

export async function insertParcelRow(
  trx: Trx,
  user: AuthUser,
  body: { properties: unknown; geometry: unknown },
  confirmed: ReadonlySet<string>,
  precomputed?: PrecomputedChecks,
  revive?: { id: number; version: number; createdAt: string },
): Promise<{ written: WrittenRow } | { failure: Refusal }> {
  const result = await checkParcel(trx, body.properties, body.geometry, null, confirmed, null, precomputed);
  if ('failure' in result) return { failure: result.failure as Refusal };
  const version = revive?.version ?? 1;
  const { id } = await trx
    .insertInto('parcels')
    .values({ ...columnsOf(result.checked), version, createdAt: revive?.createdAt ?? nowIso(), ...(revive ? { id: revive.id } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = toFeature(await readRow(trx, id));
  const action = revive ? 'restore' : 'create';
  const changeId = await recordChange(trx, { collection: 'parcels', featureId: id, action, version, before: null, after }, user);
  return { written: { feature: after, id, version, changeId, editId: editIdOf(trx)! } };
}

/** Checks `next` against the rules (the row itself excluded) and writes it as the row's next version, logging the change. */
export async function updateParcelRow(
  trx: Trx,
  user: AuthUser,
  row: ParcelRow,
  next: { properties: unknown; geometry: unknown },
  confirmed: ReadonlySet<string>,
  action: 'update' | 'restore',
  before: Feature = toFeature(row),
  precomputed?: PrecomputedChecks,
): Promise<{ written: WrittenRow } | { failure: Refusal }> {
  // The stored shape sent back at the client's precision is not a move: keep it, and its area, exactly.
  const storedGeometry = JSON.parse(row.geometry) as Poly;
  if (isStoredAtClientPrecision(next.geometry, storedGeometry)) next = { ...next, geometry: storedGeometry };
  const result = await checkParcel(trx, next.properties, next.geometry, row.id, confirmed, storedGeometry, precomputed);
  if ('failure' in result) return { failure: result.failure as Refusal };
  const version = row.version + 1;
  const updated = await trx
    .updateTable('parcels')
    .set({ ...columnsOf(result.checked), version })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  // The version guard makes this safe across processes too (WAL, several servers on one file).
  if (Number(updated.numUpdatedRows) !== 1) return { failure: { ok: false, status: 412, code: 'PRECONDITION_FAILED' } };
  const after = toFeature(await readRow(trx, row.id));
  const changeId = await recordChange(trx, { collection: 'parcels', featureId: row.id, action, version, before, after }, user);
  return { written: { feature: after, id: row.id, version, changeId, editId: editIdOf(trx)! } };
}

/** Deletes the row at its version, logging the change. */
export async function deleteParcelRow(trx: Trx, user: AuthUser, row: ParcelRow): Promise<{ written: WrittenRow } | { failure: Refusal }> {
  const deleted = await trx.deleteFrom('parcels').where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return { failure: { ok: false, status: 412, code: 'PRECONDITION_FAILED' } };
  const changeId = await recordChange(trx, { collection: 'parcels', featureId: row.id, action: 'delete', version: row.version, before: toFeature(row), after: null }, user);
  return { written: { feature: null, id: row.id, version: row.version, changeId, editId: editIdOf(trx)! } };
}

export async function createParcel(ctx: WriteContext, body: z.output<typeof featureBodySchema>, confirmed: ReadonlySet<string>, precomputed?: PrecomputedChecks): Promise<WriteOutcome> {
  let changeId = 0;
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome> => {
    await lockParcelWrites(trx);
    const r = await insertParcelRow(trx, ctx.user, body, confirmed, precomputed);
    if ('failure' in r) return r.failure;
    changeId = r.written.changeId;
    return { ok: true, status: 201, feature: r.written.feature, version: 1, id: r.written.id, editId: r.written.editId };
  });
  if (outcome.ok) announce(ctx, changeId, outcome.id, 'create', outcome.version);
  return outcome;
}

type Mutation = (current: Feature) => { properties: unknown; geometry: unknown } | null;

async function updateParcel(
  ctx: WriteContext,
  id: number,
  expectedVersion: number,
  mutate: Mutation,
  confirmed: ReadonlySet<string>,
  action: 'update' | 'restore',
  precomputed?: PrecomputedChecks,
): Promise<WriteOutcome> {
  let changeId = 0;
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome> => {
    await lockParcelWrites(trx);
    const at = await readAtVersion(trx, id, expectedVersion);
    if ('failure' in at) return at.failure;
    const before = toFeature(at.row);
    const next = mutate(before);
    if (!next) return { ok: false, status: 404, code: 'NOT_FOUND', detail: 'version to restore' };
    const r = await updateParcelRow(trx, ctx.user, at.row, next, confirmed, action, before, precomputed);
    if ('failure' in r) return r.failure;
    if (action === 'update') await trx.updateTable('edits').set({ kind: updateKind(before, r.written.feature, ctx.editKind) }).where('id', '=', r.written.editId).execute();
    changeId = r.written.changeId;
    return { ok: true, status: 200, feature: r.written.feature, version: r.written.version, id, editId: r.written.editId };
  });
  if (outcome.ok) announce(ctx, changeId, id, action, outcome.version);
  return outcome;
}

export function replaceParcel(ctx: WriteContext, id: number, expectedVersion: number, body: z.output<typeof featureBodySchema>, confirmed: ReadonlySet<string>, precomputed?: PrecomputedChecks) {
  return updateParcel(ctx, id, expectedVersion, () => ({ properties: body.properties, geometry: body.geometry }), confirmed, 'update', precomputed);
}

/** JSON merge patch (RFC 7396) of the properties; geometry replaced when given. */
export function patchParcel(ctx: WriteContext, id: number, expectedVersion: number, body: z.output<typeof patchBodySchema>, confirmed: ReadonlySet<string>, precomputed?: PrecomputedChecks) {
  return updateParcel(
    ctx,
    id,
    expectedVersion,
    (current) => {
      const merged: Record<string, unknown> = { ...editableProperties(current) };
      for (const [k, v] of Object.entries(body.properties ?? {})) {
        if (v === null) merged[k] = null;
        else merged[k] = v;
      }
      return { properties: merged, geometry: body.geometry === undefined ? current.geometry : body.geometry };
    },
    confirmed,
    'update',
    precomputed,
  );
}

/** Restores an earlier version as a new version (history is never rewritten). */
export async function restoreParcel(ctx: WriteContext, id: number, expectedVersion: number, toVersion: number, confirmed: ReadonlySet<string>, precomputed?: PrecomputedChecks) {
  const rows = await ctx.db
    .selectFrom('changes')
    .select(['after'])
    .where('collection', '=', 'parcels')
    .where('featureId', '=', String(id))
    .where('version', '=', toVersion)
    .where('after', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  const snapshot = rows[0]?.after ? (JSON.parse(rows[0].after) as Feature) : null;
  return updateParcel(
    ctx,
    id,
    expectedVersion,
    () => (snapshot ? { properties: editableProperties(snapshot), geometry: snapshot.geometry } : null),
    confirmed,
    'restore',
    precomputed,
  );
}

export async function deleteParcel(ctx: WriteContext, id: number, expectedVersion: number): Promise<WriteOutcome> {
  let changeId = 0;
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome> => {
    await lockParcelWrites(trx);
    const at = await readAtVersion(trx, id, expectedVersion);
    if ('failure' in at) return at.failure;
    const r = await deleteParcelRow(trx, ctx.user, at.row);
    if ('failure' in r) return r.failure;
    changeId = r.written.changeId;
    return { ok: true, status: 204, feature: null, version: r.written.version, id, editId: r.written.editId };
  });
  if (outcome.ok) announce(ctx, changeId, id, 'delete', outcome.version);
  return outcome;
}
