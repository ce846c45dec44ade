/**
 * The store's dialect: `dialectOf(db)` is the one place that asks which
 * database is behind a Kysely instance; everything that differs is in
 * dialect/sqlite.ts and dialect/postgres.ts, both implementing
 * dialect/storeDialect.ts. The functions below are that interface's most used
 * members, for callers that need only one.
 */
import { PostgresAdapter, type RawBuilder, type Transaction } from 'kysely';
import { postgresDialect } from './dialect/postgres';
import { sqliteDialect } from './dialect/sqlite';
import type { Backend, Bbox, Db, StoreDialect } from './dialect/storeDialect';

export type { Backend, StoreDialect } from './dialect/storeDialect';

export function dialectOf(db: Db): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresDialect : sqliteDialect;
}

export function backendOf(db: Db): Backend {
  return dialectOf(db).backend;
}

/** True where the row's bbox meets [minX, minY, maxX, maxY] (lon/lat degrees). */
export function bboxIntersects(db: Db, snakeTable: string, bbox: Bbox): RawBuilder<boolean> {
  return dialectOf(db).bboxIntersects(snakeTable, bbox);
}

/** True where a parcel has area inside zone `code` (its zone_cells JSON names it). */
export function parcelInZone(db: Db, code: string): RawBuilder<boolean> {
  return dialectOf(db).parcelInZone(code);
}

/** Serialises parcel writes within a transaction (PostgreSQL; SQLite already runs one writer at a time). */
export function lockParcelWrites(trx: Transaction<any>): Promise<void> {
  return dialectOf(trx).lockParcelWrites(trx);
}

/** Case-sensitive LIKE, as CQL2 defines it (`%` any run, `_` one character, `\` escapes). */
export function likeCaseSensitive(db: Db, column: string, pattern: string): RawBuilder<boolean> {
  return dialectOf(db).likeCaseSensitive(column, pattern);
}
