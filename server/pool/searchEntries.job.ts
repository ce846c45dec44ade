/**
 * Search entries (server/store/search.index.ts) from parcel rows: pinyin
 * initials of each name and enterprise. Run in the worker pool when many rows
 * are indexed at once (the first search builds every parcel's entry), on the
 * request thread for a few; the same function either way.
 */
import { pinyin } from 'pinyin-pro';
import type { SearchEntry } from '../../domain/search';

export interface ParcelSearchEntry extends SearchEntry {
  /** [minX, minY, maxX, maxY], lon/lat degrees: the client flies there without fetching the parcel. */
  bbox: [number, number, number, number];
}

const initialsOfRun = new Map<string, string>();
/** Distinct runs of Chinese text remembered; beyond this, runs are computed each time. */
const MAX_MEMO = 100_000;

/**
 * Pinyin initials of a name: one letter per Chinese character (in context, so
 * 银行 reads yh, not yx), ASCII letters and digits kept lower-cased,
 * everything else dropped.
 */
export function pinyinInitials(text: string): string {
  let out = '';
  for (const run of text.match(/[\u3400-\u9fff]+|[^\u3400-\u9fff]+/g) ?? []) {
    if (/^[\u3400-\u9fff]/.test(run)) {
      let initials = initialsOfRun.get(run);
      if (initials === undefined) {
        initials = pinyin(run, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
        if (initialsOfRun.size < MAX_MEMO) initialsOfRun.set(run, initials);
      }
      out += initials;
    } else {
      out += run.toLowerCase().replace(/[^a-z0-9]/g, '');
    }
  }
  return out;
}

export interface ParcelRow {
  id: number;
  name: string;
  enterprise: string | null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function toEntry(row: ParcelRow): ParcelSearchEntry {
  return {
    id: Number(row.id),
    name: row.name,
    enterprise: row.enterprise,
    nameInitials: pinyinInitials(row.name),
    enterpriseInitials: row.enterprise ? pinyinInitials(row.enterprise) : null,
    bbox: [row.minX, row.minY, row.maxX, row.maxY],
  };
}

/** In the pool: the entries of many rows. */
export function searchEntriesJob(input: { rows: ParcelRow[] }): ParcelSearchEntry[] {
  return input.rows.map(toEntry);
}
