/**
 * PostgreSQL + PostGIS: a `geom` column (EPSG:4490) per spatial table, set
 * from the GeoJSON text by a trigger and indexed with GiST; jsonb for JSON
 * columns; an advisory lock for parcel writes; NOTIFY for changes.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { RowsPage, StoreDialect } from './storeDialect';

const columnsByDb = new WeakMap<Kysely<any>, Map<string, Promise<string[]>>>();

/** The table's columns but the PostGIS `geom` (features are served from the stored GeoJSON), read once per table. */
function columnsOf(db: Kysely<any>, table: string): Promise<string[]> {
  let perDb = columnsByDb.get(db);
  if (!perDb) columnsByDb.set(db, (perDb = new Map()));
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

export const postgresDialect: StoreDialect = {
  backend: 'postgres',

  bboxIntersects(snakeTable, [minX, minY, maxX, maxY]) {
    return sql<boolean>`${sql.ref(`${snakeTable}.geom`)} && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4490)`;
  },

  parcelInZone(code) {
    return sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(parcels.zone_cells::jsonb) AS cell, jsonb_array_elements_text(cell -> 'zones') AS z WHERE z = ${code})`;
  },

  jsonArrayContains(column, key, value) {
    return sql<boolean>`${value} IN (SELECT jsonb_array_elements_text(${sql.ref(column)}::jsonb -> ${key}::text))`;
  },

  /** PostgreSQL's LIKE already is case-sensitive with `\` as its escape. */
  likeCaseSensitive(column, pattern) {
    return sql<boolean>`${sql.ref(column)} LIKE ${pattern}`;
  },

  /**
   * One statement: the GiST index finds the candidates, PostGIS refines them
   * (ST_Intersects; a row whose bbox lies inside the box matches outright, as
   * on SQLite), and a window count gives numberMatched with the page.
   */
  async bboxPage(db, table, [minX, minY, maxX, maxY], limit, offset): Promise<RowsPage> {
    const columns = await columnsOf(db, table);
    const t = sql.table(table);
    const list = sql.join(columns.map((c) => sql.ref(`${table}.${c}`)));
    const geom = sql.ref(`${table}.geom`);
    const envelope = sql`ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4490)`;
    const matches = sql`${geom} && ${envelope} AND ((min_x >= ${minX} AND max_x <= ${maxX} AND min_y >= ${minY} AND max_y <= ${maxY}) OR ST_Intersects(${geom}, ${envelope}))`;
    const page = await sql<any>`SELECT ${list}, count(*) OVER () AS ll_matched FROM ${t} WHERE ${matches} ORDER BY ${sql.ref(`${table}.id`)} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    if (page.rows.length > 0) return { rows: page.rows, numberMatched: Number(page.rows[0].llMatched) };
    // Past the last page the window count has no row to ride on.
    const counted = await sql<{ n: string }>`SELECT count(*) AS n FROM ${t} WHERE ${matches}`.execute(db);
    return { rows: [], numberMatched: Number(counted.rows[0]!.n) };
  },

  async plainPage() {
    return null;
  },

  async lockParcelWrites(trx) {
    await sql`SELECT pg_advisory_xact_lock(hashtext('land-ledger:parcels'))`.execute(trx);
  },

  /** Every app server LISTENs (server/db/changeSignal.ts); a NOTIFY inside the transaction is delivered when it commits. */
  async announceChange(trx, channel, changeId) {
    await sql`SELECT pg_notify(${channel}, ${String(changeId)})`.execute(trx);
  },

  async prepareSpatial(db) {
    await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION land_ledger_set_geom() RETURNS trigger AS $$
             BEGIN NEW.geom := ST_SetSRID(ST_GeomFromGeoJSON(NEW.geometry), 4490); RETURN NEW; END
             $$ LANGUAGE plpgsql`,
      )
      .execute(db);
  },

  async addSpatialIndex(db, table) {
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN geom geometry(Geometry, 4490)`).execute(db);
    await sql.raw(`CREATE INDEX ${table}_geom ON ${table} USING gist (geom)`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_geom BEFORE INSERT OR UPDATE OF geometry ON ${table} FOR EACH ROW EXECUTE FUNCTION land_ledger_set_geom()`).execute(db);
  },

  withSerialId<T extends CreateTableBuilder<any, any>>(table: T): T {
    return table.addColumn('id', 'serial', (c) => c.primaryKey()) as T;
  },

  async continueSerialAfterMax(db, table) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db);
  },
};
