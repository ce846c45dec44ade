/**
 * Parcel search: how a typed query matches a parcel's id (its 地块编码),
 * name and enterprise, by part of the text or by pinyin initials, and in
 * what order the hits come. Pure: the pinyin initials are computed by the
 * caller (server/store/search.index.ts) and passed in with the entry.
 */

export interface SearchEntry {
  id: number;
  name: string;
  enterprise: string | null;
  /** One letter per Chinese character, ASCII letters and digits kept, the rest dropped ("鱼田堡-11" → "ytb11"). */
  nameInitials: string;
  enterpriseInitials: string | null;
}

/** Which part of a parcel the query matched, for the result list to say why it is there. */
export type SearchField = 'id' | 'name' | 'nameInitials' | 'enterprise' | 'enterpriseInitials';

export interface SearchMatch {
  field: SearchField;
  /** Lower ranks first. */
  rank: number;
}

/** A query is at most this long; longer input is cut, not refused (a pasted sentence still searches). */
export const MAX_QUERY_CHARS = 64;

/**
 * Lower-cases, turns full-width ASCII (an IME's "ＹＴＢ", "１２") into
 * half-width, collapses spaces and trims.
 */
export function normalizeQuery(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_CHARS);
}

/** The query as compared with initials: only ASCII letters and digits, or '' when it holds anything else. */
function initialsQuery(query: string): string {
  const compact = query.replace(/[\s\-_.·]/g, '');
  return /^[a-z0-9]+$/.test(compact) ? compact : '';
}

/** Ranks: an id typed in full, then the name (whole, start, part), its initials (start, part), then the enterprise. */
const RANK = {
  idExact: 0,
  nameExact: 1,
  namePrefix: 2,
  namePart: 3,
  initialsPrefix: 4,
  initialsPart: 5,
  enterprisePart: 6,
  enterpriseInitials: 7,
} as const;

/** How `query` (already normalised) matches `entry`, or null when it does not. */
export function matchEntry(query: string, entry: SearchEntry): SearchMatch | null {
  if (query === '') return null;
  const idText = query.startsWith('#') ? query.slice(1) : query;
  if (/^\d+$/.test(idText) && Number(idText) === entry.id) return { field: 'id', rank: RANK.idExact };
  const name = entry.name.toLowerCase();
  if (name === query) return { field: 'name', rank: RANK.nameExact };
  if (name.startsWith(query)) return { field: 'name', rank: RANK.namePrefix };
  if (name.includes(query)) return { field: 'name', rank: RANK.namePart };
  const initials = initialsQuery(query);
  // One letter matches half the park: initials need two characters to mean anything.
  if (initials.length >= 2) {
    if (entry.nameInitials.startsWith(initials)) return { field: 'nameInitials', rank: RANK.initialsPrefix };
    if (entry.nameInitials.includes(initials)) return { field: 'nameInitials', rank: RANK.initialsPart };
  }
  if (entry.enterprise && entry.enterprise.toLowerCase().includes(query)) return { field: 'enterprise', rank: RANK.enterprisePart };
  if (initials.length >= 2 && entry.enterpriseInitials?.includes(initials)) return { field: 'enterpriseInitials', rank: RANK.enterpriseInitials };
  return null;
}

export interface RankedHit<E extends SearchEntry> {
  entry: E;
  match: SearchMatch;
}

/**
 * The best `limit` hits for `query` among `entries`, by rank, then shorter
 * name, then id, and the total number of hits. One pass, keeping only the best
 * `limit` (entries can be 200,000 parcels).
 */
export function searchEntries<E extends SearchEntry>(rawQuery: string, entries: Iterable<E>, limit: number): { hits: RankedHit<E>[]; total: number } {
  const query = normalizeQuery(rawQuery);
  const best: RankedHit<E>[] = [];
  let total = 0;
  for (const entry of entries) {
    const match = matchEntry(query, entry);
    if (!match) continue;
    total++;
    const hit = { entry, match };
    if (best.length === limit && compareHits(hit, best[best.length - 1]!) >= 0) continue;
    const at = best.findIndex((b) => compareHits(hit, b) < 0);
    best.splice(at === -1 ? best.length : at, 0, hit);
    if (best.length > limit) best.pop();
  }
  return { hits: best, total };
}

function compareHits(a: RankedHit<SearchEntry>, b: RankedHit<SearchEntry>): number {
  return a.match.rank - b.match.rank || a.entry.name.length - b.entry.name.length || a.entry.id - b.entry.id;
}
