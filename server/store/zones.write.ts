/**
 * Zone writes (admin): create (drawn, or as the union of parcels), replace,
 * patch (rename, redraw), delete. A zone's boundary decides every parcel's
 * zone cells and every station's zone codes, so a write that adds, moves or
 * removes a boundary recomputes them — for parcels whose bbox meets the old
 * or the new zone bbox, with every zone — in the same transaction. A parcel
 * or station whose figures change gets a new version and its own 'update' in
 * the history (its served representation changed; editors holding the old
 * ETag must re-read), next to the zone's change.
 */
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import { sql, type Kysely, type Transaction } from 'kysely';
import { bboxIntersects, dialectOf } from '../db/dialect';
import { z } from 'zod';
import { areaSquareMeters } from '../../domain/area';
import { validatePolygonGeometry } from '../../domain/geometry.validation';
import type { ReasonCode } from '../../domain/reasons';
import { ZONE_KINDS, zonePropertiesSchema, type ZoneProperties } from '../../domain/zone.schema';
import { computeZoneCells } from '../../domain/zoneCells';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { uniteShapes } from '../pool/unite.job';
import { reusableZoneCells, type PrecomputedZoneCells } from '../pool/zoneCells';
import { COLLECTIONS } from './collections';
import { rowToFeature } from './features.query';
import { recordChange, type ChangeBus } from './history';
import { runLoggedWrite, type ChangeLogger } from './unitOfWork';
import { bboxColumns, loadZoneShapes, nowIso, zonesContainingPoint, type BboxColumns } from './spatial';
import { recordEtag } from '../../domain/api/etags';

const asTuple = (b: BboxColumns) => [b.minX, b.minY, b.maxX, b.maxY] as const;

type Trx = Transaction<Database>;
type Poly = Polygon | MultiPolygon;

export interface ZoneWriteContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
  /** Parcels' zone cells the route had the pool work out for this edit (server/pool/zoneCells.ts). */
  zoneCells?: PrecomputedZoneCells;
}

export type ZoneOutcome =
  | { ok: true; status: 200 | 201 | 204; feature: Feature | null; code: string; version: number; recomputedParcelIds: number[]; recomputedStationIds: number[]; editId?: number }
  | { ok: false; status: 400 | 404 | 409 | 412 | 422; code: ReasonCode; detail?: string };

export const zoneFromParcelsSchema = z.object({
  code: zonePropertiesSchema.shape.code,
  nameZh: zonePropertiesSchema.shape.nameZh,
  nameEn: zonePropertiesSchema.shape.nameEn,
  kind: z.enum(ZONE_KINDS),
  illustrative: z.boolean().default(false),
  parcelIds: z.array(z.number().int().positive()).min(1).max(5000),
});

export const zoneEtag = (code: string, version: number) => recordEtag('zones', code, version);

const zoneFeature = (row: unknown) => rowToFeature(COLLECTIONS.zones, row);

async function readZone(trx: Trx | Kysely<Database>, code: string) {
  return trx.selectFrom('zones').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Recomputes zone cells of the parcels, and zone codes of the stations, whose
 * bbox meets one of `boxes`; writes and logs those that changed.
 */
async function recomputeAround(trx: Trx, boxes: readonly BboxColumns[], log: Logger, precomputed?: PrecomputedZoneCells): Promise<{ parcelIds: number[]; stationIds: number[] }> {
  const zones = await loadZoneShapes(trx);
  const pooled = reusableZoneCells(precomputed, zones);
  const now = nowIso();
  const parcelIds: number[] = [];
  for (const row of await trx.selectFrom('parcels').selectAll().where((eb) => eb.or(boxes.map((b) => bboxIntersects(trx, 'parcels', asTuple(b))))).orderBy('id').execute()) {
    const cells = JSON.stringify(pooled?.get(row.geometry) ?? computeZoneCells(JSON.parse(row.geometry) as Poly, zones));
    if (cells === row.zoneCells) continue;
    const version = row.version + 1;
    await trx.updateTable('parcels').set({ zoneCells: cells, version, updatedAt: now }).where('id', '=', row.id).execute();
    const after = await trx.selectFrom('parcels').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    await log({ collection: 'parcels', featureId: row.id, action: 'update', version, before: rowToFeature(COLLECTIONS.parcels, row), after: rowToFeature(COLLECTIONS.parcels, after) });
    parcelIds.push(row.id);
  }
  const stationIds: number[] = [];
  for (const row of await trx.selectFrom('energyStations').selectAll().where((eb) => eb.or(boxes.map((b) => bboxIntersects(trx, 'energy_stations', asTuple(b))))).orderBy('id').execute()) {
    const codes = JSON.stringify(zonesContainingPoint(JSON.parse(row.geometry) as Point, zones));
    if (codes === row.zoneCodes) continue;
    const version = row.version + 1;
    await trx.updateTable('energyStations').set({ zoneCodes: codes, version, updatedAt: now }).where('id', '=', row.id).execute();
    const after = await trx.selectFrom('energyStations').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    await log({
      collection: 'energy_stations',
      featureId: row.id,
      action: 'update',
      version,
      before: rowToFeature(COLLECTIONS.energy_stations, row),
      after: rowToFeature(COLLECTIONS.energy_stations, after),
    });
    stationIds.push(row.id);
  }
  return { parcelIds, stationIds };
}

type Logger = (change: Parameters<typeof recordChange>[1]) => Promise<void>;

/** Runs a write as one logged edit (unitOfWork.ts). */
function write(ctx: ZoneWriteContext, body: (trx: Trx, log: Logger) => Promise<ZoneOutcome>): Promise<ZoneOutcome> {
  return runLoggedWrite(ctx, 'zones', body);
}

type Checked = { props: ZoneProperties; geometry: Poly } | { failure: ZoneOutcome };

function check(rawProperties: unknown, rawGeometry: unknown): Checked {
  const props = zonePropertiesSchema.safeParse(rawProperties ?? {});
  if (!props.success) return { failure: { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(props.error) } };
  const geometry = validatePolygonGeometry(rawGeometry);
  if (!geometry.valid) return { failure: { ok: false, status: 422, code: geometry.reason, ...(geometry.detail ? { detail: geometry.detail } : {}) } };
  return { props: props.data, geometry: geometry.geometry };
}

/** A zone's columns: area on the ellipsoid, bbox, stored geometry. */
export function columnsOf(props: ZoneProperties, geometry: Poly) {
  return {
    code: props.code,
    nameZh: props.nameZh,
    nameEn: props.nameEn,
    kind: props.kind,
    illustrative: props.illustrative ? 1 : 0,
    areaSquareMeters: areaSquareMeters(geometry),
    geometry: JSON.stringify(geometry),
    ...bboxColumns(geometry),
    updatedAt: nowIso(),
  };
}

export async function createZone(ctx: ZoneWriteContext, rawProperties: unknown, rawGeometry: unknown): Promise<ZoneOutcome> {
  const checked = check(rawProperties, rawGeometry);
  if ('failure' in checked) return checked.failure;
  return write(ctx, async (trx, log) => {
    if (await readZone(trx, checked.props.code)) return { ok: false, status: 409, code: 'ZONE_EXISTS', detail: `zone ${checked.props.code}` };
    const columns = columnsOf(checked.props, checked.geometry);
    await trx.insertInto('zones').values({ ...columns, version: 1 }).execute();
    const after = zoneFeature(await readZone(trx, columns.code));
    await log({ collection: 'zones', featureId: columns.code, action: 'create', version: 1, before: null, after });
    const r = await recomputeAround(trx, [bboxColumns(checked.geometry)], log, ctx.zoneCells);
    return { ok: true, status: 201, feature: after, code: columns.code, version: 1, recomputedParcelIds: r.parcelIds, recomputedStationIds: r.stationIds };
  });
}

/** Replace (PUT) or merge (PATCH) a zone; the code is the zone's identity and cannot change. */
export async function updateZone(
  ctx: ZoneWriteContext,
  code: string,
  expectedVersion: number,
  mutate: (current: Feature) => { properties: unknown; geometry: unknown },
): Promise<ZoneOutcome> {
  return write(ctx, async (trx, log) => {
    const row = await readZone(trx, code);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `zone ${code}` };
    if (row.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    const before = zoneFeature(row);
    const next = mutate(before);
    const checked = check(next.properties, next.geometry);
    if ('failure' in checked) return checked.failure;
    if (checked.props.code !== code) return { ok: false, status: 400, code: 'CONFLICTING_ID', detail: 'a zone code cannot change (targets refer to it)' };
    const version = row.version + 1;
    const updated = await trx
      .updateTable('zones')
      .set({ ...columnsOf(checked.props, checked.geometry), version })
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, status: 412, code: 'PRECONDITION_FAILED' };
    const after = zoneFeature(await readZone(trx, code));
    await log({ collection: 'zones', featureId: code, action: 'update', version, before, after });
    const moved = JSON.stringify(checked.geometry) !== row.geometry;
    const r = moved ? await recomputeAround(trx, [bboxColumns(JSON.parse(row.geometry) as Poly), bboxColumns(checked.geometry)], log, ctx.zoneCells) : { parcelIds: [], stationIds: [] };
    return { ok: true, status: 200, feature: after, code, version, recomputedParcelIds: r.parcelIds, recomputedStationIds: r.stationIds };
  });
}

/** Active targets (any plan) whose zone scope names `code`, as "planId/targetCode". */
export async function targetsUsingZone(db: Trx | Kysely<Database>, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('targets')
    .select(['planId', 'code'])
    .where('retired', '=', 0)
    .where(dialectOf(db).jsonArrayContains('definition', 'zoneCodes', code))
    .orderBy('planId')
    .orderBy('position')
    .execute();
  return rows.map((r) => `${r.planId}/${r.code}`);
}

export async function deleteZone(ctx: ZoneWriteContext, code: string, expectedVersion: number): Promise<ZoneOutcome> {
  return write(ctx, async (trx, log) => {
    const row = await readZone(trx, code);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `zone ${code}` };
    if (row.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    const users = await targetsUsingZone(trx, code);
    if (users.length > 0) return { ok: false, status: 409, code: 'ZONE_IN_USE', detail: `targets ${users.join(', ')}` };
    await trx.deleteFrom('zones').where('id', '=', row.id).execute();
    await log({ collection: 'zones', featureId: code, action: 'delete', version: row.version, before: zoneFeature(row), after: null });
    const r = await recomputeAround(trx, [bboxColumns(JSON.parse(row.geometry) as Poly)], log, ctx.zoneCells);
    return { ok: true, status: 204, feature: null, code, version: row.version, recomputedParcelIds: r.parcelIds, recomputedStationIds: r.stationIds };
  });
}

/**
 * An undo's step for a zone: puts the zone back as it was before the undone
 * change (`before`), or removes it when that change created it (`before`
 * null), as a new version, and recomputes the zone cells and station zone
 * codes around the old and the restored boundary — so parcels get exactly
 * the cells they had, computed the same way, not copied from the log.
 * `version` is the undone change's (a re-created zone continues from it).
 */
export async function restoreZone(
  trx: Trx,
  code: string,
  before: Feature | null,
  version: number,
  log: Logger,
  precomputed?: PrecomputedZoneCells,
): Promise<Extract<ZoneOutcome, { ok: false }> | null> {
  const row = await readZone(trx, code);
  const boxes: BboxColumns[] = row ? [bboxColumns(JSON.parse(row.geometry) as Poly)] : [];
  if (!before) {
    if (!row) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `zone ${code}` };
    const users = await targetsUsingZone(trx, code);
    if (users.length > 0) return { ok: false, status: 409, code: 'ZONE_IN_USE', detail: `targets ${users.join(', ')}` };
    await trx.deleteFrom('zones').where('id', '=', row.id).execute();
    await log({ collection: 'zones', featureId: code, action: 'delete', version: row.version, before: zoneFeature(row), after: null });
  } else {
    const checked = check(before.properties, before.geometry);
    if ('failure' in checked) return checked.failure as Extract<ZoneOutcome, { ok: false }>;
    const next = (row?.version ?? version) + 1;
    if (row) await trx.updateTable('zones').set({ ...columnsOf(checked.props, checked.geometry), version: next }).where('id', '=', row.id).execute();
    else await trx.insertInto('zones').values({ ...columnsOf(checked.props, checked.geometry), version: next }).execute();
    await log({ collection: 'zones', featureId: code, action: 'restore', version: next, before: row ? zoneFeature(row) : null, after: zoneFeature(await readZone(trx, code)) });
    boxes.push(bboxColumns(checked.geometry));
  }
  await recomputeAround(trx, boxes, log, precomputed);
  return null;
}

/**
 * The boundary of a zone drawn as the union of parcels, or the refusal.
 * `unite` may run the union elsewhere (the route's worker pool: thousands of parcels take seconds).
 */
export async function zoneShapeFromParcels(
  db: Kysely<Database>,
  parcelIds: readonly number[],
  unite: (geometries: string[]) => Poly | null | Promise<Poly | null> = uniteShapes,
): Promise<{ geometry: Poly } | { failure: ZoneOutcome }> {
  const ids = [...new Set(parcelIds)];
  const rows = await db.selectFrom('parcels').select(['id', 'geometry']).where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (rows.length === 0 || missing.length > 0) return { failure: { ok: false, status: 422, code: 'NO_PARCELS', detail: `parcels not found: ${missing.join(', ')}` } };
  const geometry = await unite(rows.map((r) => r.geometry));
  return geometry ? { geometry } : { failure: { ok: false, status: 422, code: 'EMPTY_GEOMETRY' } };
}
