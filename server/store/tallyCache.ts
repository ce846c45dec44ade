/**
 * The plan's tally kept up to date edit by edit (GET /api/plans/{id}/tally
 * without asOf). A full recompute reads and weighs every parcel (102 ms at
 * 50,000 parcels, growing with each one); this keeps, per plan, what each
 * parcel adds to each target and the targets' exact sums (domain/exactSum.ts),
 * and on a request applies only the parcels changed since: it reads the
 * change log's mark, re-reads those parcels and swaps their contributions.
 * Exact sums make the result equal to a full recompute bit for bit, whatever
 * order edits came in (tests hold the two equal after random edits).
 *
 * Each server process keeps its own copy (a WeakMap per database handle) and
 * follows the shared change log, so every process answers alike. The mark is
 * the newest change id plus how many changes lie in a window below it: on
 * PostgreSQL a transaction can commit after a later-numbered one, and the
 * count catches such a late change inside the window; parcels changed in the
 * window are re-read every time the mark moves. As a last guard the tally is
 * recomputed in full on PostgreSQL at least every POSTGRES_FULL_RECOMPUTE_MS,
 * and on either store whenever the plan (its targets) changed or the parcels
 * to swap are too many.
 */
import type { Kysely, Transaction } from 'kysely';
import { ExactSum } from '../../domain/exactSum';
import { judge, parcelContribution, prepare, stationCounts, tallyTarget, type PreparedTarget, type TallyParcel } from '../../domain/tally';
import { isEnterpriseMetric, type PlanWithTargets } from '../../domain/target.schema';
import type { ZoneCell } from '../../domain/zoneCells';
import { backendOf } from '../db/dialect';
import type { Database } from '../db/schema';
import { enterpriseLedgerFor, tallyBody, type LedgerStation, type TallyBody } from './planFigures';
import { loadPlan } from './plans.store';

/** Change ids below the newest that are re-read on every move of the mark (late commits on PostgreSQL). */
const LATE_COMMIT_WINDOW = 1000;
/**
 * On PostgreSQL, a full recompute at least this often, whatever the mark says
 * (a commit later than the window would otherwise go unseen until the parcel
 * changes again). SQLite has one writer at a time, so change ids commit in
 * order and the mark alone is exact: no periodic recompute there.
 */
const POSTGRES_FULL_RECOMPUTE_MS = 10 * 60_000;
/** More changed parcels than this share of the ledger: recompute in full (cheaper than swapping one by one). */
const FULL_RECOMPUTE_SHARE = 0.2;

interface Mark {
  maxChangeId: number;
  inWindow: number;
}

interface PlanTally {
  planKey: string;
  plan: PlanWithTargets;
  prepared: PreparedTarget[];
  mark: Mark;
  builtAt: number;
  /** Per target index, the exact secured and pipeline sums over every parcel. */
  secured: ExactSum[];
  pipeline: ExactSum[];
  /** Per parcel id, what it adds: [target index, role, value] for each target it counts in. */
  parts: Map<number, [number, 0 | 1, number][]>;
}

const caches = new WeakMap<object, Map<string, PlanTally>>();

/** How the last answer was made, for tests and the bench: 'hit' (nothing changed), 'update' (parcels swapped), 'full'. */
export type TallyPath = 'hit' | 'update' | 'full';

type Trx = Transaction<Database>;
type ParcelRow = TallyParcel & { id: number };

const PARCEL_COLUMNS = ['id', 'landUseCode', 'status', 'supplyYear', 'investmentYi', 'outputYi', 'factoryFloorSquareMeters', 'areaSquareMeters', 'zoneCells'] as const;

async function readMark(trx: Trx): Promise<Mark> {
  const top = await trx.selectFrom('changes').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  const maxChangeId = Number(top?.m ?? 0);
  const window = await trx
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '>', maxChangeId - LATE_COMMIT_WINDOW)
    .executeTakeFirst();
  return { maxChangeId, inWindow: Number(window?.n ?? 0) };
}

/** Targets counted from parcels (not stations, not the enterprise register). */
const countsParcels = (p: PreparedTarget) => p.target.metric !== 'station_count' && !isEnterpriseMetric(p.target.metric);

function partsOf(prepared: readonly PreparedTarget[], parcel: ParcelRow): [number, 0 | 1, number][] {
  const out: [number, 0 | 1, number][] = [];
  prepared.forEach((p, i) => {
    if (!countsParcels(p)) return;
    const c = parcelContribution(p, parcel);
    if (c) out.push([i, c.role === 'secured' ? 0 : 1, c.value]);
  });
  return out;
}

function applyParts(state: PlanTally, parts: readonly [number, 0 | 1, number][], sign: 1 | -1): void {
  for (const [i, role, value] of parts) (role === 0 ? state.secured : state.pipeline)[i]!.add(sign * value);
}

const toParcel = (r: { zoneCells: string } & Omit<ParcelRow, 'zoneCells'>): ParcelRow => ({ ...r, zoneCells: JSON.parse(r.zoneCells) as ZoneCell[] });

async function buildFull(trx: Trx, plan: PlanWithTargets, planKey: string, mark: Mark): Promise<PlanTally> {
  const prepared = plan.targets.map(prepare);
  const state: PlanTally = {
    planKey,
    plan,
    prepared,
    mark,
    builtAt: Date.now(),
    secured: prepared.map(() => new ExactSum()),
    pipeline: prepared.map(() => new ExactSum()),
    parts: new Map(),
  };
  const rows = await trx.selectFrom('parcels').select([...PARCEL_COLUMNS]).execute();
  for (const r of rows) {
    const parts = partsOf(prepared, toParcel(r));
    state.parts.set(r.id, parts);
    applyParts(state, parts, 1);
  }
  return state;
}

/** Re-reads the parcels changed after `since` (and any that committed late in the window) and swaps their parts. Null: too many, recompute in full. */
async function applyChanges(trx: Trx, state: PlanTally, mark: Mark): Promise<boolean> {
  const from = Math.min(state.mark.maxChangeId, mark.maxChangeId) - LATE_COMMIT_WINDOW;
  const changed = await trx
    .selectFrom('changes')
    .select('featureId')
    .distinct()
    .where('collection', '=', 'parcels')
    .where('id', '>', from)
    .execute();
  if (changed.length > Math.max(100, state.parts.size * FULL_RECOMPUTE_SHARE)) return false;
  const ids = changed.map((c) => Number(c.featureId)).filter((id) => Number.isSafeInteger(id));
  const rows = new Map<number, ParcelRow>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await trx.selectFrom('parcels').select([...PARCEL_COLUMNS]).where('id', 'in', ids.slice(i, i + 500)).execute()) rows.set(r.id, toParcel(r));
  }
  for (const id of ids) {
    const old = state.parts.get(id);
    if (old) applyParts(state, old, -1);
    const row = rows.get(id);
    if (row) {
      const parts = partsOf(state.prepared, row);
      state.parts.set(id, parts);
      applyParts(state, parts, 1);
    } else {
      state.parts.delete(id);
    }
  }
  state.mark = mark;
  return true;
}

/**
 * The tally body (the shape tallyBody gives) of the plan as the ledger stands,
 * from the kept sums; null for an unknown plan. `path` says how it was made.
 */
export async function currentTally(db: Kysely<Database>, planId: string): Promise<{ body: TallyBody; path: TallyPath } | null> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const plans = cache;
  return db.transaction().execute(async (trx) => {
    // The mark first: rows read after it are at least as new, and anything later moves the mark again.
    const mark = await readMark(trx);
    const plan = await loadPlan(trx, planId);
    if (!plan) {
      plans.delete(planId);
      return null;
    }
    const planKey = JSON.stringify(plan);
    let state = plans.get(planId);
    let path: TallyPath = 'hit';
    const maxAgeMs = backendOf(db) === 'postgres' ? POSTGRES_FULL_RECOMPUTE_MS : Number.POSITIVE_INFINITY;
    const fresh = state && state.planKey === planKey && Date.now() - state.builtAt < maxAgeMs && mark.maxChangeId >= state.mark.maxChangeId;
    if (!state || !fresh) {
      state = await buildFull(trx, plan, planKey, mark);
      path = 'full';
    } else if (mark.maxChangeId !== state.mark.maxChangeId || mark.inWindow !== state.mark.inWindow) {
      if (await applyChanges(trx, state, mark)) path = 'update';
      else {
        state = await buildFull(trx, plan, planKey, mark);
        path = 'full';
      }
    }
    plans.set(planId, state);
    const stationRows = await trx.selectFrom('energyStations').select(['id', 'name', 'kind', 'status', 'zoneCodes']).execute();
    const stations: LedgerStation[] = stationRows.map((r) => ({ ...r, zoneCodes: JSON.parse(r.zoneCodes) as string[] }));
    // Stations and the enterprise register are small: counted afresh on every request.
    const enterprises = await enterpriseLedgerFor(trx, plan, null);
    const kept = state;
    const tallies = kept.prepared.map((p, i) => {
      if (p.target.metric === 'station_count') {
        const c = stationCounts(p, stations);
        return judge(p.target, c.secured, c.pipeline);
      }
      if (isEnterpriseMetric(p.target.metric)) return tallyTarget(p.target, [], stations, enterprises);
      return judge(p.target, kept.secured[i]!.value(), kept.pipeline[i]!.value());
    });
    return { body: tallyBody({ plan, parcels: [], stations, enterprises, asOf: null }, { tallies, parcelCount: kept.parts.size }), path };
  });
}
