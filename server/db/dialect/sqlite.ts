/**
 * SQLite (better-sqlite3): an R*Tree twin per spatial table, kept by
 * triggers; JSON1 for JSON columns; one writer at a time, so writes need no
 * lock and changes are announced by the change id other processes poll.
 */
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Geometry } from 'geojson';
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import { rawSqliteHandle, snapshotReader } from '../connection';
import type { Bbox, RowsPage, StoreDialect } from './storeDialect';

/** Above this many R*Tree candidates a bbox page gives way to the general (paged) query. */
export const BBOX_PAGE_MAX_CANDIDATES = 2000;

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

type RowClass = new (values: unknown[]) => Record<string, unknown>;

/**
 * A class whose instances wrap one row's value array (better-sqlite3's raw
 * mode) and read column i as property `columns[i]`. Raw rows cost SQLite half
 * what keyed objects do (the objects of a 24-column table were ~3.5 µs a row
 * on the load-bench machine), and every reader of rows — filters, sorting, the
 * property writers — keeps reading `row.minX`, `row.geometry`, ….
 */
function rowShape(columns: readonly string[]): RowClass {
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
  return Row as unknown as RowClass;
}

interface PageStatements {
  Row: RowClass;
  /** The R*Tree candidates joined to their rows, capped one past BBOX_PAGE_MAX_CANDIDATES. */
  bbox: SQLite.Statement;
  /** A page in id order, and the count, of a whole table. */
  page: SQLite.Statement;
  count: SQLite.Statement;
}

const statementsByHandle = new WeakMap<SQLite.Database, Map<string, PageStatements>>();

/**
 * Cached statements on the raw handle for the two unfiltered reads — a bbox
 * alone (the map's request) and a plain page — which skip Kysely's query
 * building and its per-row re-keying (~30% of a bbox request in the load
 * bench). Rows come back as value arrays wrapped in `Row` (rowShape).
 */
function pageStatements(db: Kysely<any>, table: string): PageStatements | null {
  const main = rawSqliteHandle(db);
  // While a write transaction is open on the connection (a batch write pausing between rows: batchWrite.ts), reading
  // through it would show rows that may yet roll back: read the last committed state through the second connection.
  const sqlite = main?.inTransaction ? snapshotReader(main) : main;
  if (!sqlite) return null;
  let perHandle = statementsByHandle.get(sqlite);
  if (!perHandle) statementsByHandle.set(sqlite, (perHandle = new Map()));
  let statements = perHandle.get(table);
  if (!statements) {
    const names = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const columns = names.map((name) => `t.${name}`).join(', ');
    statements = {
      Row: rowShape(names.map(camel)),
      // One R*Tree pass that stops after BBOX_PAGE_MAX_CANDIDATES + 1 rows (one more than the cap means "too many,
      // page it"); no ORDER BY, which would make SQLite visit every candidate of a district-wide box first.
      bbox: sqlite
        .prepare(
          `SELECT ${columns} FROM ${table}_rtree r JOIN ${table} t ON t.id = r.id ` +
            `WHERE r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ? LIMIT ${BBOX_PAGE_MAX_CANDIDATES + 1}`,
        )
        .raw(true),
      page: sqlite.prepare(`SELECT ${columns} FROM ${table} t ORDER BY t.id LIMIT ? OFFSET ?`).raw(true),
      count: sqlite.prepare(`SELECT count(*) AS n FROM ${table}`),
    };
    perHandle.set(table, statements);
  }
  return statements;
}

export const sqliteDialect: StoreDialect = {
  backend: 'sqlite',

  bboxIntersects(snakeTable, [minX, minY, maxX, maxY]) {
    return sql<boolean>`${sql.ref(`${snakeTable}.id`)} IN (SELECT id FROM ${sql.table(`${snakeTable}_rtree`)} WHERE max_x >= ${minX} AND min_x <= ${maxX} AND max_y >= ${minY} AND min_y <= ${maxY})`;
  },

  parcelInZone(code) {
    return sql<boolean>`EXISTS (SELECT 1 FROM json_each(parcels.zone_cells) AS cell, json_each(cell.value, '$.zones') AS z WHERE z.value = ${code})`;
  },

  jsonArrayContains(column, key, value) {
    return sql<boolean>`EXISTS (SELECT 1 FROM json_each(${sql.ref(column)}, ${`$.${key}`}) AS z WHERE z.value = ${value})`;
  },

  /** SQLite's LIKE ignores ASCII case, so the pattern becomes the equivalent GLOB (its `*`, `?` and `[` bracketed to stay literal). */
  likeCaseSensitive(column, pattern) {
    let glob = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      const literal = ch === '\\' && i + 1 < pattern.length ? pattern[++i]! : null;
      if (literal === null && ch === '%') glob += '*';
      else if (literal === null && ch === '_') glob += '?';
      else {
        const c = literal ?? ch;
        glob += c === '*' || c === '?' || c === '[' ? `[${c}]` : c;
      }
    }
    return sql<boolean>`${sql.ref(column)} GLOB ${glob}`;
  },

  /** The R*Tree candidates in one cached statement, edge candidates refined against their geometry here (PostGIS does it in SQL). */
  async bboxPage(db, table, bbox, limit, offset): Promise<RowsPage | null> {
    const statements = pageStatements(db, table);
    if (!statements) return null;
    const [minX, minY, maxX, maxY] = bbox;
    const values = statements.bbox.all(minX, maxX, minY, maxY) as unknown[][];
    if (values.length > BBOX_PAGE_MAX_CANDIDATES) return null;
    const rows = values.map((v) => new statements.Row(v) as any).sort((a, b) => a.id - b.id);
    const box = bboxPolygon([minX, minY, maxX, maxY]);
    const matched = rows.filter(
      (r) => (r.minX >= minX && r.maxX <= maxX && r.minY >= minY && r.maxY <= maxY) || booleanIntersects(JSON.parse(r.geometry) as Geometry, box),
    );
    return { rows: matched.slice(offset, offset + limit), numberMatched: matched.length };
  },

  async plainPage(db, table, limit, offset): Promise<RowsPage | null> {
    const statements = pageStatements(db, table);
    if (!statements) return null;
    const rows = (statements.page.all(limit, offset) as unknown[][]).map((v) => new statements.Row(v));
    const { n } = statements.count.get() as { n: number };
    return { rows, numberMatched: n };
  },

  /** SQLite already runs one write transaction at a time. */
  async lockParcelWrites() {},

  /** Other processes on the file see the new change id (server/db/changePoll.ts); nothing to send. */
  async announceChange() {},

  async prepareSpatial() {},

  async addSpatialIndex(db, table) {
    await sql.raw(`CREATE VIRTUAL TABLE ${table}_rtree USING rtree(id, min_x, max_x, min_y, max_y)`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_rtree_insert AFTER INSERT ON ${table} BEGIN
         INSERT INTO ${table}_rtree (id, min_x, max_x, min_y, max_y) VALUES (new.id, new.min_x, new.max_x, new.min_y, new.max_y);
       END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_rtree_update AFTER UPDATE OF min_x, max_x, min_y, max_y ON ${table} BEGIN
         UPDATE ${table}_rtree SET min_x = new.min_x, max_x = new.max_x, min_y = new.min_y, max_y = new.max_y WHERE id = new.id;
       END`,
      )
      .execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_rtree_delete AFTER DELETE ON ${table} BEGIN DELETE FROM ${table}_rtree WHERE id = old.id; END`).execute(db);
  },

  withSerialId<T extends CreateTableBuilder<any, any>>(table: T): T {
    return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) as T;
  },

  /** AUTOINCREMENT already continues after the largest id ever inserted. */
  async continueSerialAfterMax() {},
};
