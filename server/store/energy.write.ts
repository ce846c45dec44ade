/**
 * Writes on the energy layer (stations and lines): the same contract as
 * parcels — one transaction, If-Match versions, history — with the energy
 * schemas and, for stations, the zones their point lies in. Each write is one
 * unit of work (unitOfWork.ts) and one edit, undone by POST /api/edits/{id}/undo.
 */
import type { Feature, LineString, MultiLineString, Point } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { CHINA_EXTENT } from '../../domain/geometry.validation';
import { linePropertiesSchema, stationPropertiesSchema } from '../../domain/energy.schema';
import type { ReasonCode } from '../../domain/reasons';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { COLLECTIONS } from './collections';
import { rowToFeature } from './features.query';
import type { ChangeBus } from './history';
import { runLoggedWrite, type ChangeLogger } from './unitOfWork';
import { bboxColumns, loadZoneShapes, nowIso, zonesContainingPoint } from './spatial';

export type EnergyCollection = 'energy_stations' | 'energy_lines';
type Trx = Transaction<Database>;

export type EnergyOutcome =
  | { ok: true; status: 200 | 201 | 204; feature: Feature | null; version: number; id: number }
  | { ok: false; status: 404 | 412 | 422; code: ReasonCode; detail?: string };

const position = z
  .tuple([z.number().finite(), z.number().finite()])
  .rest(z.number().finite())
  .refine(([lon, lat]) => lon >= CHINA_EXTENT.minLon && lon <= CHINA_EXTENT.maxLon && lat >= CHINA_EXTENT.minLat && lat <= CHINA_EXTENT.maxLat, {
    message: 'coordinates outside China: are longitude and latitude swapped?',
  })
  .transform((p) => [p[0], p[1]]);

const pointSchema = z.object({ type: z.literal('Point'), coordinates: position });
const lineSchema = z.union([
  z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(100_000) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position).min(2)).min(1).max(1000) }),
]);

const table = { energy_stations: 'energyStations', energy_lines: 'energyLines' } as const;

/** A station's or line's columns from a request's (or the seed's) properties and geometry, checked. */
export async function columnsFor(trx: Trx, collection: EnergyCollection, properties: unknown, geometry: unknown): Promise<{ columns: Record<string, unknown> } | { failure: EnergyOutcome }> {
  if (collection === 'energy_stations') {
    const props = stationPropertiesSchema.safeParse(properties ?? {});
    if (!props.success) return { failure: { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(props.error) } };
    const g = pointSchema.safeParse(geometry);
    if (!g.success) return { failure: { ok: false, status: 422, code: 'NOT_A_POLYGON', detail: `a station needs a Point: ${z.prettifyError(g.error)}` } };
    const point = g.data as Point;
    const zones = await loadZoneShapes(trx);
    const p = props.data;
    return {
      columns: {
        name: p.name,
        kind: p.kind,
        status: p.status,
        capacityMegawatts: p.capacityMW,
        thermalCapacityMegawatts: p.thermalCapacityMW,
        serviceRadiusMeters: p.serviceRadiusMeters,
        notes: p.notes,
        illustrative: p.illustrative ? 1 : 0,
        zoneCodes: JSON.stringify(zonesContainingPoint(point, zones)),
        geometry: JSON.stringify(point),
        ...bboxColumns(point),
        updatedAt: nowIso(),
      },
    };
  }
  const props = linePropertiesSchema.safeParse(properties ?? {});
  if (!props.success) return { failure: { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(props.error) } };
  const g = lineSchema.safeParse(geometry);
  if (!g.success) return { failure: { ok: false, status: 422, code: 'NOT_A_POLYGON', detail: `a line needs a LineString: ${z.prettifyError(g.error)}` } };
  const line = g.data as LineString | MultiLineString;
  const p = props.data;
  return {
    columns: {
      name: p.name,
      kind: p.kind,
      status: p.status,
      voltageKilovolts: p.voltageKV,
      notes: p.notes,
      illustrative: p.illustrative ? 1 : 0,
      geometry: JSON.stringify(line),
      ...bboxColumns(line),
      updatedAt: nowIso(),
    },
  };
}

async function readRow(trx: Trx, collection: EnergyCollection, id: number): Promise<any> {
  return trx.selectFrom(table[collection]).selectAll().where('id', '=', id).executeTakeFirst();
}

function editable(feature: Feature): Record<string, unknown> {
  const { zoneCodes: _z, version: _v, ...rest } = feature.properties ?? {};
  return rest;
}

export interface EnergyWriteContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
}

export async function writeEnergyFeature(
  ctx: EnergyWriteContext,
  collection: EnergyCollection,
  op: { kind: 'create'; properties: unknown; geometry: unknown } | { kind: 'replace' | 'patch'; id: number; expectedVersion: number; properties: unknown; geometry: unknown } | { kind: 'delete'; id: number; expectedVersion: number },
): Promise<EnergyOutcome & { editId?: number }> {
  const descriptor = COLLECTIONS[collection];
  // One unit of work (unitOfWork.ts): one edit, rolled back whole on a refusal, announced after commit.
  const kind = op.kind === 'create' ? 'create' : op.kind === 'delete' ? 'delete' : 'update';
  return runLoggedWrite(ctx, kind, async (trx, log): Promise<EnergyOutcome> => {
    if (op.kind === 'create') {
      const built = await columnsFor(trx, collection, op.properties, op.geometry);
      if ('failure' in built) return built.failure;
      const { id } = await trx.insertInto(table[collection]).values({ ...(built.columns as any), version: 1 }).returning('id').executeTakeFirstOrThrow();
      const after = rowToFeature(descriptor, await readRow(trx, collection, id));
      await log({ collection, featureId: id, action: 'create', version: 1, before: null, after });
      return { ok: true, status: 201, feature: after, version: 1, id };
    }
    const row = await readRow(trx, collection, op.id);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `${collection} ${op.id}` };
    if (row.version !== op.expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    const before = rowToFeature(descriptor, row);
    if (op.kind === 'delete') {
      await trx.deleteFrom(table[collection]).where('id', '=', op.id).execute();
      await log({ collection, featureId: op.id, action: 'delete', version: row.version, before, after: null });
      return { ok: true, status: 204, feature: null, version: row.version, id: op.id };
    }
    const properties = op.kind === 'patch' ? { ...editable(before), ...((op.properties as Record<string, unknown>) ?? {}) } : op.properties;
    const geometry = op.kind === 'patch' && op.geometry === undefined ? before.geometry : op.geometry;
    const built = await columnsFor(trx, collection, properties, geometry);
    if ('failure' in built) return built.failure;
    const version = row.version + 1;
    await trx.updateTable(table[collection]).set({ ...(built.columns as any), version }).where('id', '=', op.id).where('version', '=', op.expectedVersion).execute();
    const after = rowToFeature(descriptor, await readRow(trx, collection, op.id));
    await log({ collection, featureId: op.id, action: 'update', version, before, after });
    return { ok: true, status: 200, feature: after, version, id: op.id };
  });
}

/**
 * An undo's step for a station or a line: puts it back as it was before the
 * undone change (`before`), under its own id, or removes it when that change
 * created it (`before` null), as a new version, through the same schema and
 * zone lookup as a write. `version` is the undone change's.
 */
export async function restoreEnergyRecord(
  trx: Trx,
  collection: EnergyCollection,
  id: number,
  before: Feature | null,
  version: number,
  log: ChangeLogger,
): Promise<Extract<EnergyOutcome, { ok: false }> | null> {
  const descriptor = COLLECTIONS[collection];
  const row = await readRow(trx, collection, id);
  if (!before) {
    if (!row) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `${collection} ${id}` };
    await trx.deleteFrom(table[collection]).where('id', '=', id).execute();
    await log({ collection, featureId: id, action: 'delete', version: row.version, before: rowToFeature(descriptor, row), after: null });
    return null;
  }
  const built = await columnsFor(trx, collection, editable(before), before.geometry);
  if ('failure' in built) return built.failure as Extract<EnergyOutcome, { ok: false }>;
  const next = (row?.version ?? version) + 1;
  if (row) await trx.updateTable(table[collection]).set({ ...(built.columns as any), version: next }).where('id', '=', id).execute();
  else await trx.insertInto(table[collection]).values({ ...(built.columns as any), id, version: next }).execute();
  await log({ collection, featureId: id, action: 'restore', version: next, before: row ? rowToFeature(descriptor, row) : null, after: rowToFeature(descriptor, await readRow(trx, collection, id)) });
  return null;
}
