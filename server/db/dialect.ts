/**
 * The few places SQL differs between the two stores. SQLite keeps an R*Tree
 * twin per spatial table and JSON1's json_each; PostgreSQL keeps a PostGIS
 * `geom` column (EPSG:4490) with a GiST index and jsonb functions. Everything
 * else is the same Kysely query on both.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

export type Backend = 'sqlite' | 'postgres';

export function backendOf(db: Kysely<any> | Transaction<any>): Backend {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** True where the row's bbox meets [minX, minY, maxX, maxY] (lon/lat degrees). */
export function bboxIntersects(
  db: Kysely<any> | Transaction<any>,
  snakeTable: string,
  bbox: readonly [number, number, number, number],
): RawBuilder<boolean> {
  const [minX, minY, maxX, maxY] = bbox;
  if (backendOf(db) === 'postgres') {
    return sql<boolean>`${sql.ref(`${snakeTable}.geom`)} && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4490)`;
  }
  return sql<boolean>`${sql.ref(`${snakeTable}.id`)} IN (SELECT id FROM ${sql.table(`${snakeTable}_rtree`)} WHERE max_x >= ${minX} AND min_x <= ${maxX} AND max_y >= ${minY} AND min_y <= ${maxY})`;
}

/** True where a parcel has area inside zone `code` (its zone_cells JSON names it). */
export function parcelInZone(db: Kysely<any> | Transaction<any>, code: string): RawBuilder<boolean> {
  if (backendOf(db) === 'postgres') {
    return sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(parcels.zone_cells::jsonb) AS cell, jsonb_array_elements_text(cell -> 'zones') AS z WHERE z = ${code})`;
  }
  return sql<boolean>`EXISTS (SELECT 1 FROM json_each(parcels.zone_cells) AS cell, json_each(cell.value, '$.zones') AS z WHERE z.value = ${code})`;
}

/**
 * Serialises parcel writes within a transaction on PostgreSQL, so two
 * concurrent saves cannot both pass the overlap check. (SQLite already runs
 * one write transaction at a time.)
 */
export async function lockParcelWrites(trx: Transaction<any>): Promise<void> {
  if (backendOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('land-ledger:parcels'))`.execute(trx);
}

/**
 * Case-sensitive LIKE, as CQL2 defines it (`%` any run, `_` one character,
 * `\` escapes). PostgreSQL's LIKE already is; SQLite's ignores ASCII case,
 * so there the pattern becomes the equivalent GLOB (whose `*`, `?` and `[`
 * are bracketed to stay literal).
 */
export function likeCaseSensitive(db: Kysely<any> | Transaction<any>, column: string, pattern: string): RawBuilder<boolean> {
  if (backendOf(db) === 'postgres') return sql<boolean>`${sql.ref(column)} LIKE ${pattern}`;
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
}
