/**
 * Feature queries for OGC API items: R*Tree bbox candidates refined against
 * the real geometry, equality filters on the collection's queryables, stable
 * id order, limit/offset paging with an exact numberMatched.
 */
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { sql, type Kysely } from 'kysely';
import { backendOf, bboxIntersects, parcelInZone } from '../db/dialect';
import { rawSqliteHandle } from '../db/connection';
import type SQLite from 'better-sqlite3';
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
 */
/** Above this many R*Tree candidates the bbox fast path gives way to the paged query. */
const FAST_PATH_MAX_CANDIDATES = 2000;

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

/**
 * A class whose instances wrap one row's value array (better-sqlite3's raw
 * mode) and read column i as property `columns[i]`. Raw rows cost SQLite half
 * what keyed objects do (the objects of a 24-column table were ~3.5 µs a row
 * on the load-bench machine), and every reader of rows — filters, sorting, the
 * property writers — keeps reading `row.minX`, `row.geometry`, ….
 */
function rowShape(columns: readonly string[]): new (values: unknown[]) => Record<string, unknown> {
  class Row {
    constructor(readonly values: unknown[]) {}
  }
  columns.forEach((name, i) =>
    Object.defineProperty(Row.prototype, name, {
      get(this: Row) {
        return this.values[i];
      },
      enumerable: true,
    }),
  );
  return Row as unknown as new (values: unknown[]) => Record<string, unknown>;
}

interface FastStatements {
  Row: new (values: unknown[]) => Record<string, unknown>;
  /** The R*Tree candidates joined to their rows, capped one past FAST_PATH_MAX_CANDIDATES. */
  bbox: SQLite.Statement;
  /** A page in id order, and the count, of an unfiltered collection. */
  page: SQLite.Statement;
  count: SQLite.Statement;
}

const fastStatements = new WeakMap<SQLite.Database, Map<string, FastStatements>>();

/**
 * Cached statements on the raw SQLite handle for the two unfiltered reads — a
 * bbox alone (the map's request) and a plain page — which skip Kysely's query
 * building and its per-row re-keying (~30% of a bbox request in the load
 * bench). Rows come back as value arrays wrapped in `Row` (rowShape).
 * Null when the store is not SQLite.
 */
function fastStatementsFor(db: Kysely<Database>, d: CollectionDescriptor): FastStatements | null {
  const sqlite = rawSqliteHandle(db);
  if (!sqlite) return null;
  let perHandle = fastStatements.get(sqlite);
  if (!perHandle) fastStatements.set(sqlite, (perHandle = new Map()));
  let statements = perHandle.get(d.sqlTable);
  if (!statements) {
    const names = (sqlite.prepare(`PRAGMA table_info(${d.sqlTable})`).all() as { name: string }[]).map((c) => c.name);
    const columns = names.map((name) => `t.${name}`).join(', ');
    statements = {
      Row: rowShape(names.map(camel)),
      // One R*Tree pass that stops after FAST_PATH_MAX_CANDIDATES + 1 rows (one more than the cap means "too many,
      // page it"); no ORDER BY, which would make SQLite visit every candidate of a district-wide box first.
      bbox: sqlite
        .prepare(
          `SELECT ${columns} FROM ${d.sqlTable}_rtree r JOIN ${d.sqlTable} t ON t.id = r.id ` +
            `WHERE r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ? LIMIT ${FAST_PATH_MAX_CANDIDATES + 1}`,
        )
        .raw(true),
      page: sqlite.prepare(`SELECT ${columns} FROM ${d.sqlTable} t ORDER BY t.id LIMIT ? OFFSET ?`).raw(true),
      count: sqlite.prepare(`SELECT count(*) AS n FROM ${d.sqlTable}`),
    };
    perHandle.set(d.sqlTable, statements);
  }
  return statements;
}

/**
 * The common map request — a bbox and nothing else, on SQLite: the R*Tree
 * candidates joined to their rows in one cached statement, or null when there
 * are more than FAST_PATH_MAX_CANDIDATES (the paged query takes those).
 */
function fastBboxRows(db: Kysely<Database>, d: CollectionDescriptor, bbox: Bbox): any[] | null {
  const statements = fastStatementsFor(db, d);
  if (!statements) return null;
  const [minX, minY, maxX, maxY] = bbox;
  const values = statements.bbox.all(minX, maxX, minY, maxY) as unknown[][];
  if (values.length > FAST_PATH_MAX_CANDIDATES) return null;
  const rows = values.map((v) => new statements.Row(v) as { id: number });
  return rows.sort((a, b) => a.id - b.id);
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
  return { rows: page.rows, numberMatched };
}

/** `fastPath: false` forces the general (Kysely) path, so tests can hold the two to the same answers. */
export async function queryFeatures(db: Kysely<Database>, d: CollectionDescriptor, q: FeatureQuery, options: { fastPath?: boolean } = {}): Promise<FeaturePage> {
  // A bbox and nothing else — the map's request — has a fast path on each store; a plain page one on SQLite.
  const unfiltered = Object.keys(q.filters).length === 0 && !q.zone && !q.ids && !q.cql;
  if (q.bbox && unfiltered && options.fastPath !== false) {
    if (backendOf(db) === 'postgres') return pgBboxPage(db, d, { ...q, bbox: q.bbox });
    const rows = fastBboxRows(db, d, q.bbox);
    if (rows) {
      const [minX, minY, maxX, maxY] = q.bbox;
      const box = bboxPolygon(q.bbox);
      const matched = rows.filter(
        (r) => (r.minX >= minX && r.maxX <= maxX && r.minY >= minY && r.maxY <= maxY) || booleanIntersects(JSON.parse(r.geometry) as Geometry, box),
      );
      return { rows: matched.slice(q.offset, q.offset + q.limit), numberMatched: matched.length };
    }
  }
  if (!q.bbox && unfiltered && options.fastPath !== false) {
    const statements = fastStatementsFor(db, d);
    if (statements) {
      const rows = (statements.page.all(q.limit, q.offset) as unknown[][]).map((v) => new statements.Row(v));
      const { n } = statements.count.get() as { n: number };
      return { rows, numberMatched: n };
    }
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
