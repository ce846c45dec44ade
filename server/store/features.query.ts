/**
 * Feature queries for OGC API items: R*Tree bbox candidates refined against
 * the real geometry, equality filters on the collection's queryables, stable
 * id order, limit/offset paging with an exact numberMatched.
 */
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { sql, type Kysely } from 'kysely';
import { bboxIntersects, dialectOf, parcelInZone } from '../db/dialect';
import type { Database } from '../db/schema';
import type { CollectionDescriptor } from './collections';
import type { Cql2Expr } from '../../domain/cql2';
import type { ByteChunks } from '../http/byteChunks';
import { cql2Condition } from './cql2.sql';

export type Bbox = [number, number, number, number];

export interface FeatureQuery {
  bbox: Bbox | null;
  filters: Record<string, string | number>;
  limit: number;
  offset: number;
  /** Parcels only: keep those with area inside this zone code. */
  zone?: string | null;
  /** Only these features (ids, or codes for zones): a client re-reading what changed, in one request. */
  ids?: readonly (string | number)[] | null;
  /** A parsed CQL2-text filter over the collection's queryables. */
  cql?: Cql2Expr | null;
}

export interface FeaturePage {
  /**
   * The page's rows in id order, camelCase-keyed: plain objects, or (the SQLite
   * fast paths) value arrays read through a prototype of getters, see rowShape.
   */
  rows: readonly any[];
  numberMatched: number;
}

const featureId = (descriptor: CollectionDescriptor, row: any) => JSON.stringify(descriptor.featureIdColumn === 'code' ? row.code : row.id);
const propertiesJson = (descriptor: CollectionDescriptor, row: any) =>
  descriptor.toPropertiesJson ? descriptor.toPropertiesJson(row) : JSON.stringify(descriptor.toProperties(row));

/**
 * A row as GeoJSON text, splicing in the stored geometry text unparsed: item
 * pages are mostly geometry, and parsing it only to serialise it again costs
 * time and garbage (the load bench's p99 was set by GC pauses).
 */
export function rowToFeatureJson(descriptor: CollectionDescriptor, row: any): string {
  return `{"type":"Feature","id":${featureId(descriptor, row)},"geometry":${row.geometry},"properties":${propertiesJson(descriptor, row)}}`;
}

/**
 * The same text as rowToFeatureJson, written to `out` in two pieces: the
 * ASCII head with the geometry, then the properties (often Chinese), so the
 * geometry is never widened to two-byte text on its way to UTF-8.
 */
export function writeFeature(descriptor: CollectionDescriptor, row: any, out: ByteChunks): void {
  out.write(`{"type":"Feature","id":${featureId(descriptor, row)},"geometry":${row.geometry}`);
  out.write(`,"properties":${propertiesJson(descriptor, row)}}`);
}

/** Each feature of a page as GeoJSON text. */
export function pageFeatureJson(descriptor: CollectionDescriptor, page: FeaturePage): string[] {
  return page.rows.map((r) => rowToFeatureJson(descriptor, r));
}

export function rowToFeature(descriptor: CollectionDescriptor, row: any): Feature {
  return {
    type: 'Feature',
    id: descriptor.featureIdColumn === 'code' ? row.code : row.id,
    geometry: JSON.parse(row.geometry) as Geometry,
    properties: descriptor.toProperties(row),
  };
}

function baseQuery(db: Kysely<Database>, d: CollectionDescriptor, q: FeatureQuery) {
  let query = db.selectFrom(d.table as any);
  for (const [param, value] of Object.entries(q.filters)) {
    const queryable = d.queryables[param]!;
    query = query.where(queryable.column as any, '=', value);
  }
  if (q.bbox) {
    const [minX, minY, maxX, maxY] = q.bbox;
    query = query.where(bboxIntersects(db, d.sqlTable, [minX, minY, maxX, maxY]));
  }
  if (q.zone && d.id === 'parcels') {
    query = query.where(parcelInZone(db, q.zone));
  }
  if (q.cql) {
    const cql = q.cql;
    query = query.where((eb: any) => cql2Condition(db, d, eb, cql));
  }
  if (q.ids) {
    query = q.ids.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where(d.featureIdColumn as any, 'in', q.ids as any);
  }
  return query;
}

/**
 * One page of features. With a bbox, candidates whose own bbox lies inside
 * the query box match outright; those on its edge are tested against their
 * geometry, so a feature whose bbox merely overlaps the box is not returned.
 * A bbox alone (the map's request) and a plain page have one-trip paths in
 * each store's dialect (server/db/dialect/); `fastPath: false` forces the
 * general (Kysely) path, so tests can hold the two to the same answers.
 */
export async function queryFeatures(db: Kysely<Database>, d: CollectionDescriptor, q: FeatureQuery, options: { fastPath?: boolean } = {}): Promise<FeaturePage> {
  const unfiltered = Object.keys(q.filters).length === 0 && !q.zone && !q.ids && !q.cql;
  if (unfiltered && options.fastPath !== false) {
    const dialect = dialectOf(db);
    const page = q.bbox ? await dialect.bboxPage(db, d.sqlTable, q.bbox, q.limit, q.offset) : await dialect.plainPage(db, d.sqlTable, q.limit, q.offset);
    if (page) return page;
  }
  if (!q.bbox) {
    const countRow = await baseQuery(db, d, q)
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await baseQuery(db, d, q).selectAll().orderBy('id' as any).limit(q.limit).offset(q.offset).execute();
    return { rows, numberMatched: Number((countRow as any).n) };
  }
  const [minX, minY, maxX, maxY] = q.bbox;
  const candidates = (await baseQuery(db, d, q)
    .select(['id', 'minX', 'minY', 'maxX', 'maxY'] as any)
    .orderBy('id' as any)
    .execute()) as unknown as { id: number; minX: number; minY: number; maxX: number; maxY: number }[];
  const isEdge = (c: { minX: number; minY: number; maxX: number; maxY: number }) =>
    !(c.minX >= minX && c.maxX <= maxX && c.minY >= minY && c.maxY <= maxY);
  const edgeIds = candidates.filter(isEdge).map((c) => c.id);
  // Refinement only ever drops edge candidates, so the page lies within the first
  // offset + limit + |edges| candidates: load those rows and the edges in one query
  // (two round trips per request, not three), and parse geometry for edges only.
  const windowIds = new Set(candidates.slice(0, q.offset + q.limit + edgeIds.length).map((c) => c.id));
  for (const id of edgeIds) windowIds.add(id);
  const loaded = new Map<number, any>();
  const ids = [...windowIds];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom(d.table as any).selectAll().where('id' as any, 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows as any[]) loaded.set(r.id, r);
  }
  const box = bboxPolygon(q.bbox);
  const rejected = new Set<number>();
  for (const id of edgeIds) {
    const row = loaded.get(id);
    if (row && !booleanIntersects(JSON.parse(row.geometry) as Geometry, box)) rejected.add(id);
  }
  const matched = candidates.filter((c) => !rejected.has(c.id)).map((c) => c.id);
  const rows = matched.slice(q.offset, q.offset + q.limit).map((id) => loaded.get(id)!);
  return { rows, numberMatched: matched.length };
}

export async function getFeature(db: Kysely<Database>, d: CollectionDescriptor, featureId: string): Promise<{ feature: Feature; version: number } | null> {
  let row: any;
  if (d.featureIdColumn === 'code') {
    row = await db.selectFrom(d.table as any).selectAll().where('code' as any, '=', featureId).executeTakeFirst();
  } else {
    if (!/^\d{1,15}$/.test(featureId)) return null;
    row = await db.selectFrom(d.table as any).selectAll().where('id' as any, '=', Number(featureId)).executeTakeFirst();
  }
  return row ? { feature: rowToFeature(d, row), version: row.version as number } : null;
}

/** The collection's extent: the union of its rows' bboxes, or null when empty. */
export async function collectionExtent(db: Kysely<Database>, d: CollectionDescriptor): Promise<Bbox | null> {
  const row = (await db
    .selectFrom(d.table as any)
    .select((eb: any) => [eb.fn.min('minX').as('minX'), eb.fn.min('minY').as('minY'), eb.fn.max('maxX').as('maxX'), eb.fn.max('maxY').as('maxY')])
    .executeTakeFirst()) as any;
  if (!row || row.minX === null) return null;
  return [row.minX, row.minY, row.maxX, row.maxY];
}
