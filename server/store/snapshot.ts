/**
 * The parcels as they stood at the end of a day, rebuilt from the change log
 * (not from the current rows): per parcel, its latest change at or before
 * the cut-off; parcels whose latest change is a delete are gone.
 *
 * Days end at 24:00 China Standard Time (UTC+8), the zone's own clock.
 *
 * The seed writes every parcel's version 1 at seed time, which says nothing
 * about when the land was supplied. So a change written by the seed counts
 * from 1 January (CST) of the parcel's supply year, or from seed time if
 * that is earlier or the parcel has no supply year. A parcel supplied in 2023
 * is in the 2023 snapshot; a reserved parcel without a year appears only from
 * the day the seed ran. Every other change counts from its own `at`.
 */
import type { Feature } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** The username seed.ts writes its changes under. */
export const SEED_USERNAME = 'seed (geodata/)';

const CST_OFFSET_MS = 8 * 3600 * 1000;

export interface AsOf {
  /** The calendar day, YYYY-MM-DD (CST). */
  date: string;
  /** The last instant of that day as an ISO UTC string, comparable with changes.at. */
  cutoff: string;
}

/** `?asOf=YYYY-MM-DD` or `?year=YYYY` (= YYYY-12-31); null when neither is given. */
export function parseAsOf(query: { asOf?: string | undefined; year?: string | undefined }): { ok: true; asOf: AsOf | null } | { ok: false; detail: string } {
  let date: string;
  if (query.asOf !== undefined) {
    date = query.asOf;
  } else if (query.year !== undefined) {
    if (!/^\d{4}$/.test(query.year)) return { ok: false, detail: 'year must be YYYY' };
    date = `${query.year}-12-31`;
  } else {
    return { ok: true, asOf: null };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return { ok: false, detail: 'asOf must be a date YYYY-MM-DD' };
  return { ok: true, asOf: { date, cutoff: new Date(ms + 24 * 3600 * 1000 - CST_OFFSET_MS - 1).toISOString() } };
}

/** 00:00 CST on 1 January of `year`, as an ISO UTC string. */
export function startOfYearCst(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - CST_OFFSET_MS).toISOString();
}

interface ChangeRow {
  id: number;
  featureId: string;
  action: string;
  username: string;
  userId: number | null;
  at: string;
  after: string | null;
}

/** When a change counts from, under the rule above. */
export function effectiveAt(change: ChangeRow): string {
  if (change.username !== SEED_USERNAME || change.userId !== null || !change.after) return change.at;
  const year = (JSON.parse(change.after) as Feature).properties?.supplyYear;
  if (typeof year !== 'number') return change.at;
  const start = startOfYearCst(year);
  return start < change.at ? start : change.at;
}

/** The parcels at `cutoff`, each as its logged GeoJSON Feature (with its zone cells as they were then), by id. */
export async function parcelsAsOf(db: Executor, cutoff: string): Promise<Feature[]> {
  const rows = await db
    .selectFrom('changes')
    .select(['id', 'featureId', 'action', 'username', 'userId', 'at', 'after'])
    .where('collection', '=', 'parcels')
    .orderBy('id')
    .execute();
  const latest = new Map<string, { at: string; row: ChangeRow }>();
  for (const row of rows) {
    const at = effectiveAt(row);
    if (at > cutoff) continue;
    const seen = latest.get(row.featureId);
    // Later effective time wins; at equal times the later-written change (higher id) wins.
    if (!seen || at >= seen.at) latest.set(row.featureId, { at, row });
  }
  const features: Feature[] = [];
  for (const { row } of latest.values()) {
    if (row.action === 'delete' || !row.after) continue;
    features.push(JSON.parse(row.after) as Feature);
  }
  return features.sort((a, b) => Number(a.id) - Number(b.id));
}
