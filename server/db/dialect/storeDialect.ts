/**
 * Everything in which SQL differs between the two stores, behind one
 * interface, the way kysely keeps one folder per dialect with the same files:
 * sqlite.ts and postgres.ts each implement all of it, and store code asks
 * `dialectOf(db)` (../dialect.ts) instead of branching on the backend.
 * SQLite keeps an R*Tree twin per spatial table and JSON1's json_each;
 * PostgreSQL keeps a PostGIS `geom` column (EPSG:4490) with a GiST index,
 * jsonb functions and LISTEN/NOTIFY.
 */
import type { CreateTableBuilder, Kysely, RawBuilder, Transaction } from 'kysely';

export type Backend = 'sqlite' | 'postgres';

export type Db = Kysely<any> | Transaction<any>;

/** [minX, minY, maxX, maxY], lon/lat degrees (CRS84). */
export type Bbox = readonly [number, number, number, number];

/** Rows of one page in id order, camelCase-keyed, and how many rows match in all. */
export interface RowsPage {
  rows: readonly any[];
  numberMatched: number;
}

export interface StoreDialect {
  readonly backend: Backend;

  // Queries
  /** True where the row's bbox meets `bbox` (the spatial index's test; exact geometry is refined apart). */
  bboxIntersects(snakeTable: string, bbox: Bbox): RawBuilder<boolean>;
  /** True where a parcel has area inside zone `code` (its zone_cells JSON names it). */
  parcelInZone(code: string): RawBuilder<boolean>;
  /** True where the JSON text in `column` holds an array under key `key` that contains the text `value`. */
  jsonArrayContains(column: string, key: string, value: string): RawBuilder<boolean>;
  /** Case-sensitive LIKE as CQL2 defines it (`%` any run, `_` one character, `\` escapes). */
  likeCaseSensitive(column: string, pattern: string): RawBuilder<boolean>;
  /**
   * One page of a bbox-only request, in one trip: rows whose bbox lies inside
   * the box, and those on its edge whose geometry meets it. Null when this
   * store takes the general path for it (SQLite: more candidates than its cap).
   */
  bboxPage(db: Kysely<any>, snakeTable: string, bbox: Bbox, limit: number, offset: number): Promise<RowsPage | null>;
  /** One unfiltered page in id order and the row count; null when the general path serves it here. */
  plainPage(db: Kysely<any>, snakeTable: string, limit: number, offset: number): Promise<RowsPage | null>;

  // Writes
  /** Serialises parcel writes inside `trx`, so two saves cannot both pass the overlap check. */
  lockParcelWrites(trx: Transaction<any>): Promise<void>;
  /** Tells every app server on the database of change `changeId` once `trx` commits (never if it rolls back). */
  announceChange(trx: Db, channel: string, changeId: number): Promise<void>;

  // Schema (migrations)
  /** Whatever spatial tables need before the first one is made (PostGIS and its trigger function). */
  prepareSpatial(db: Kysely<any>): Promise<void>;
  /** The spatial index of a table, kept in step with its min/max columns or its GeoJSON by triggers. */
  addSpatialIndex(db: Kysely<any>, snakeTable: string): Promise<void>;
  /** An integer primary key never reused after a delete (history refers to ids). */
  withSerialId<T extends CreateTableBuilder<any, any>>(table: T): T;
  /** After ids were inserted by hand: the next generated id follows the largest one. */
  continueSerialAfterMax(db: Kysely<any>, snakeTable: string): Promise<void>;
}
