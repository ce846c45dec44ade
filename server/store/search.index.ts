/**
 * The parcel search index behind GET /api/search: every parcel's id, name,
 * enterprise, bbox and pinyin initials, held in memory and kept current from
 * the change log.
 *
 * Why in memory and not a column: pinyin initials are not something SQL can
 * compute, and a stored column would need a migration and a write in every
 * parcel writer (import, edit, restore, seed, the district generator). A scan
 * of 200,000 entries in memory takes a few milliseconds; the index costs tens
 * of MB. It is built on the first search (about a second for 200,000 parcels,
 * initials memoised per run of Chinese characters; the initials are worked out
 * in the worker pool when there are many, server/pool/searchEntries.job.ts) and then, before each
 * search, brought up to the newest change by re-reading only the parcels the
 * change log names since — so several app servers on one database each stay
 * correct without talking to each other.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { searchEntries, type RankedHit } from '../../domain/search';
import { runJob } from '../pool/pool';
import { toEntry, type ParcelRow, type ParcelSearchEntry } from '../pool/searchEntries.job';
import { latestChangeId, listChangeHeads } from './changes.query';

export { pinyinInitials, type ParcelSearchEntry } from '../pool/searchEntries.job';

/** More changes than this since the last look and the index is rebuilt rather than patched. */
const PATCH_LIMIT = 5000;
/**
 * Changes re-read before the last one seen: on PostgreSQL a transaction can
 * commit a lower change id after a higher one was read. Re-reading a parcel
 * is idempotent, so the overlap only costs a few rows.
 */
const OVERLAP_CHANGES = 32;
/** Rows read per query while building, so 200,000 parcels never sit in one result set. */
const BUILD_BATCH = 20_000;

/**
 * Entries past this many are made in the worker pool: pinyin initials of
 * ~3,000 names (the first call also loads pinyin-pro's dictionary) held the
 * request thread ~100–350 ms on the first search.
 */
export const ENTRIES_POOL_ABOVE_ROWS = 500;

/** The rows' entries, in order; in the pool for many rows (the first build, a large patch). */
async function entriesOf(rows: ParcelRow[]): Promise<ParcelSearchEntry[]> {
  return rows.length > ENTRIES_POOL_ABOVE_ROWS ? runJob('searchEntries', { rows }) : rows.map(toEntry);
}

export class ParcelSearchIndex {
  #entries = new Map<number, ParcelSearchEntry>();
  /** The newest change the entries reflect; null before the first build. */
  #head: number | null = null;
  /** One refresh at a time: concurrent searches wait for the same one. */
  #refreshing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  async search(query: string, limit: number): Promise<{ hits: RankedHit<ParcelSearchEntry>[]; total: number }> {
    await this.refresh();
    return searchEntries(query, this.#entries.values(), limit);
  }

  /** Brings the entries up to the newest change (builds them the first time). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#bringUpToDate().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #bringUpToDate(): Promise<void> {
    const head = await latestChangeId(this.db);
    if (this.#head === null) return this.#build(head);
    if (head === this.#head) return;
    const changes = await listChangeHeads(this.db, Math.max(0, this.#head - OVERLAP_CHANGES), PATCH_LIMIT);
    if (changes.length === PATCH_LIMIT) return this.#build(head);
    const ids = [...new Set(changes.filter((c) => c.collection === 'parcels').map((c) => Number(c.featureId)))].filter(Number.isSafeInteger);
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const rows = await this.#select().where('id', 'in', batch).execute();
      const made = await entriesOf(rows);
      for (const id of batch) this.#entries.delete(id);
      for (const entry of made) this.#entries.set(entry.id, entry);
    }
    this.#head = Math.max(head, changes.at(-1)?.id ?? head);
  }

  async #build(head: number): Promise<void> {
    const entries = new Map<number, ParcelSearchEntry>();
    let after = 0;
    for (;;) {
      const rows = await this.#select().where('id', '>', after).orderBy('id').limit(BUILD_BATCH).execute();
      for (const entry of await entriesOf(rows)) entries.set(entry.id, entry);
      if (rows.length < BUILD_BATCH) break;
      after = Number(rows.at(-1)!.id);
    }
    this.#entries = entries;
    this.#head = head;
  }

  #select() {
    return this.db.selectFrom('parcels').select(['id', 'name', 'enterprise', 'minX', 'minY', 'maxX', 'maxY']);
  }
}
