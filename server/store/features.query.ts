/**
 * Feature queries for OGC API items: R*Tree bbox candidates refined against
 * the real geometry, equality filters on the collection's queryables, stable
 * id order, limit/offset paging with an exact numberMatched.
 */
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { sql, type Kysely } from 'kysely';
import { backendOf, bboxIntersects, parcelInZone } from '../db/dialect';
import { rawSqliteHandle, snapshotReader } from '../db/connection';
import type SQLite from 'better-sqlite3';
import type { Database } from '../db/schema';
import type { CollectionDescriptor } from './collections';
import type { Cql2Expr } from '../../domain/cql2';
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
  /** Each feature as GeoJSON text: the stored geometry text goes out as it is, never parsed. */
  featureJson: string[];
  numberMatched: number;
}

/**
 * A row as GeoJSON text, splicing in the stored geometry text unparsed: item
 * pages are mostly geometry, and parsing it only to serialise it again costs
 * time and garbage (the load bench's p99 was set by GC pauses).
 */
export function rowToFeatureJson(descriptor: CollectionDescriptor, row: any): string {
  const id = JSON.stringify(descriptor.featureIdColumn === 'code' ? row.code : row.id);
  return `{"type":"Feature","id":${id},"geometry":${row.geometry},"properties":${JSON.stringify(descriptor.toProperties(row))}}`;
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
 */
/** Above this many R*Tree candidates the bbox fast path gives way to the paged query. */
const FAST_PATH_MAX_CANDIDATES = 2000;

const camelCache = new Map<string, string>();
const camel = (snake: string) => {
  let c = camelCache.get(snake);
  if (c === undefined) {
    c = snake.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
    camelCache.set(snake, c);
  }
  return c;
};

const fastStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * The common map request — a bbox and nothing else, on SQLite — as one cached
 * statement on the raw handle: the R*Tree candidates joined to their rows,
 * capped one past FAST_PATH_MAX_CANDIDATES (more than that: the paged query). It skips Kysely's query
 * building and row re-keying, which the load bench measured at ~30% of a bbox
 * request, and allocates far less (p99 there is set by GC pauses).
 */
function fastBboxRows(db: Kysely<Database>, d: CollectionDescriptor, bbox: Bbox): any[] | null {
  const main = rawSqliteHandle(db);
  // While a write transaction is open on the connection (a batch write pausing between rows), reading through it would
  // show rows that may yet roll back: read the last committed state through the second connection instead.
  const sqlite = main?.inTransaction ? snapshotReader(main) : main;
  if (!sqlite) return null;
  let perHandle = fastStatements.get(sqlite);
  if (!perHandle) fastStatements.set(sqlite, (perHandle = new Map()));
  let rows = perHandle.get(d.sqlTable);
  if (!rows) {
    // One R*Tree pass that stops after FAST_PATH_MAX_CANDIDATES + 1 rows (one more than the cap means "too many,
    // page it"); no ORDER BY, which would make SQLite visit every candidate of a district-wide box first.
    rows = sqlite.prepare(
      `SELECT t.* FROM ${d.sqlTable}_rtree r JOIN ${d.sqlTable} t ON t.id = r.id ` +
        `WHERE r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ? LIMIT ${FAST_PATH_MAX_CANDIDATES + 1}`,
    );
    perHandle.set(d.sqlTable, rows);
  }
  const [minX, minY, maxX, maxY] = bbox;
  const raw = rows.all(minX, maxX, minY, maxY) as Record<string, unknown>[];
  if (raw.length > FAST_PATH_MAX_CANDIDATES) return null;
  raw.sort((a, b) => (a.id as number) - (b.id as number));
  return raw.map((row) => {
    const out: Record<string, unknown> = {};
    for (const key in row) out[camel(key)] = row[key];
    return out;
  });
}

const pgColumns = new WeakMap<Kysely<Database>, Map<string, Promise<string[]>>>();

/** The table's columns but the PostGIS `geom` (features are served from the stored GeoJSON), read once per table. */
function pgColumnsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  let perDb = pgColumns.get(db);
  if (!perDb) pgColumns.set(db, (perDb = new Map()));
  let columns = perDb.get(table);
  if (!columns) {
    columns = sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name <> 'geom' ORDER BY ordinal_position`
      .execute(db)
      .then((r) => r.rows.map((row: any) => String(row.columnName ?? row.column_name)));
    columns.catch(() => perDb!.delete(table));
    perDb.set(table, columns);
  }
  return columns;
}

/**
 * The same bbox-only request on PostgreSQL, in one round trip: the GiST index
 * finds the candidates, PostGIS refines them (ST_Intersects; a row whose bbox
 * lies inside the box matches outright, as on SQLite), and a window count
 * gives numberMatched with the page.
 */
async function pgBboxPage(db: Kysely<Database>, d: CollectionDescriptor, q: FeatureQuery & { bbox: Bbox }): Promise<FeaturePage> {
  const [minX, minY, maxX, maxY] = q.bbox;
  const columns = await pgColumnsOf(db, d.sqlTable);
  const t = sql.table(d.sqlTable);
  const list = sql.join(columns.map((c) => sql.ref(`${d.sqlTable}.${c}`)));
  const envelope = sql`ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4490)`;
  const matches = sql`${sql.ref(`${d.sqlTable}.geom`)} && ${envelope} AND ((min_x >= ${minX} AND max_x <= ${maxX} AND min_y >= ${minY} AND max_y <= ${maxY}) OR ST_Intersects(${sql.ref(`${d.sqlTable}.geom`)}, ${envelope}))`;
  const page = await sql<any>`SELECT ${list}, count(*) OVER () AS ll_matched FROM ${t} WHERE ${matches} ORDER BY ${sql.ref(`${d.sqlTable}.id`)} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  let numberMatched: number;
  if (page.rows.length > 0) {
    numberMatched = Number(page.rows[0].llMatched);
  } else {
    // Past the last page the window count has no row to ride on.
    const counted = await sql<{ n: string }>`SELECT count(*) AS n FROM ${t} WHERE ${matches}`.execute(db);
    numberMatched = Number(counted.rows[0]!.n);
  }
  return { featureJson: page.rows.map((r) => rowToFeatureJson(d, r)), numberMatched };
}

/** `fastPath: false` forces the general (Kysely) path, so tests can hold the two to the same answers. */
export async function queryFeatures(db: Kysely<Database>, d: CollectionDescriptor, q: FeatureQuery, options: { fastPath?: boolean } = {}): Promise<FeaturePage> {
  // A bbox and nothing else — the map's request — has a fast path on each store.
  if (q.bbox && Object.keys(q.filters).length === 0 && !q.zone && !q.ids && !q.cql && options.fastPath !== false) {
    if (backendOf(db) === 'postgres') return pgBboxPage(db, d, { ...q, bbox: q.bbox });
    const rows = fastBboxRows(db, d, q.bbox);
    if (rows) {
      const [minX, minY, maxX, maxY] = q.bbox;
      const box = bboxPolygon(q.bbox);
      const matched = rows.filter(
        (r) => (r.minX >= minX && r.maxX <= maxX && r.minY >= minY && r.maxY <= maxY) || booleanIntersects(JSON.parse(r.geometry) as Geometry, box),
      );
      return { featureJson: matched.slice(q.offset, q.offset + q.limit).map((r) => rowToFeatureJson(d, r)), numberMatched: matched.length };
    }
  }
  if (!q.bbox) {
    const countRow = await baseQuery(db, d, q)
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await baseQuery(db, d, q).selectAll().orderBy('id' as any).limit(q.limit).offset(q.offset).execute();
    return { featureJson: rows.map((r) => rowToFeatureJson(d, r)), numberMatched: Number((countRow as any).n) };
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
  return { featureJson: rows.map((r) => rowToFeatureJson(d, r)), numberMatched: matched.length };
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
