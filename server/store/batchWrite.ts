/**
 * A write of many parcels that stays ONE transaction — one edit, undone as
 * one, all or nothing, every version checked — yet never holds the request
 * thread for seconds: an import commit of 2,000 features or a bulk edit of
 * 500 parcels runs ~1–2 ms of reads, checks and inserts per row, and
 * better-sqlite3 with the code around it is synchronous, so without a pause
 * the whole batch is one block of the event loop (3–4 s, bench/RESULTS.md).
 *
 * `pause()` between rows gives the loop back once a slice of SLICE_MS has
 * run (a setImmediate turn: timers, sockets and finished pool jobs go first).
 * The transaction stays open meanwhile. On PostgreSQL other requests' queries
 * run on other connections; only parcel writes wait (the advisory lock). On
 * SQLite Kysely has one connection, so another request's Kysely query waits
 * for the commit, as it did before; the map's bbox fast path reads through a
 * second, read-only connection while a transaction is open
 * (connection.ts `snapshotReader`), so it neither waits nor sees rows
 * the batch has not committed.
 *
 * The batch also reads what does not change row by row once: the zones
 * (a zone edit does not take the parcel lock, so a concurrent one on
 * PostgreSQL is seen by the whole batch or by none of it, never by half),
 * and parses each constraint it reads once (the rows' reads are unchanged).
 */
import type { Kysely, Transaction } from 'kysely';
import { EventEmitter } from 'node:events';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ConstraintShape } from '../../domain/parcel.rules';
import type { ZoneShape } from '../../domain/zoneCells';
import type { Database } from '../db/schema';
import { loadZoneShapes } from './spatial';

/** The longest stretch a batch runs before giving the event loop a turn, ms (issue 11 asks ≤ ~50 ms held). */
export const SLICE_MS = 20;

type Executor = Kysely<Database> | Transaction<Database>;
type Poly = Polygon | MultiPolygon;

export class BatchWrite {
  private sliceStart = performance.now();
  private zones: Promise<ZoneShape[]> | null = null;

  constructor(private readonly sliceMs: number = SLICE_MS) {}

  /** Gives the event loop a turn if this slice has run its time; otherwise returns at once. */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    batchEvents.emit('pause');
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }

  /** The zones, read once for the whole batch (the same array each time: the pooled checks' keys hash it once). */
  zoneShapes(trx: Executor): Promise<ZoneShape[]> {
    this.zones ??= loadZoneShapes(trx as Kysely<Database>).then((zones) => {
      for (const z of zones) stableJson.set(z, JSON.stringify(z));
      return zones;
    });
    return this.zones;
  }

  /** Parsed constraints by id and stored text: the urban development boundary is read for every row; parsed (and hashed) once. */
  private readonly constraints = new Map<string, ConstraintShape>();

  constraint(row: { id: number; name: string; kind: string; geometry: string }): ConstraintShape {
    const key = `${row.id}\u0000${row.name}\u0000${row.kind}\u0000${row.geometry}`;
    let shape = this.constraints.get(key);
    if (!shape) {
      shape = { id: row.id, name: row.name, kind: row.kind, geometry: JSON.parse(row.geometry) as Poly } as ConstraintShape;
      stableJson.set(shape, JSON.stringify(shape));
      this.constraints.set(key, shape);
    }
    return shape;
  }
}

/**
 * The JSON text of shapes a batch shares between rows (its zones and
 * constraints, never changed once read), so the pooled checks' look-up keys
 * (server/pool/parcelChecks.ts) stringify the district's zones and its urban
 * development boundary once per batch instead of once per row.
 */
const stableJson = new WeakMap<object, string>();

/** JSON.stringify(value), with the shared shapes' text reused: an array's text is its elements' texts joined, as JSON.stringify writes it. */
export function jsonOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : jsonOf(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) return stableJson.get(value) ?? JSON.stringify(value);
  return JSON.stringify(value);
}

/** The batch each open transaction runs, keyed by the transaction object (as history.ts keys its edit). */
const batchOfTransaction = new WeakMap<object, BatchWrite>();

/** Tells tests and benches a batch gave the event loop a turn ('pause') with its transaction open. */
export const batchEvents = new EventEmitter();

/** The slice every batch runs (benches set Infinity to measure a batch as one block, as before). */
export const batchSlicing = { sliceMs: SLICE_MS };

/** Marks this transaction as a batch write and returns it. */
export function beginBatch(trx: Transaction<Database>, sliceMs: number = batchSlicing.sliceMs): BatchWrite {
  const batch = new BatchWrite(sliceMs);
  batchOfTransaction.set(trx, batch);
  return batch;
}

export function batchOf(trx: Executor): BatchWrite | undefined {
  return batchOfTransaction.get(trx);
}

/** The zones as the parcel save rules read them: the batch's once, else from the store. */
export function zonesFor(trx: Executor): Promise<ZoneShape[]> {
  return batchOf(trx)?.zoneShapes(trx) ?? loadZoneShapes(trx as Kysely<Database>);
}
