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
import { judge, prepare, stationCounts, tallyTarget, type PreparedTarget } from '../../domain/tally';
import { isEnterpriseMetric, type PlanWithTargets } from '../../domain/target.schema';
import { backendOf } from '../db/dialect';
import type { Database } from '../db/schema';
import { runJob } from '../pool/pool';
import { partsOf, tallyParts, toTallyParcel, type TallyParts, type TallyRow } from '../pool/tallyParts.job';
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
/**
 * A full build over more parcels than this works out their parts in the worker
 * pool (server/pool/tallyParts.job.ts), after its read's transaction: ~3,000
 * parcels held the request thread ~70–100 ms. Fewer stay here (a pool round
 * trip costs a few ms).
 */
export const TALLY_POOL_ABOVE_PARCELS = 500;

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
  parts: Map<number, TallyParts>;
}

const caches = new WeakMap<object, Map<string, PlanTally>>();

/** How the last answer was made, for tests and the bench: 'hit' (nothing changed), 'update' (parcels swapped), 'full'. */
export type TallyPath = 'hit' | 'update' | 'full';

type Trx = Transaction<Database>;

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

function applyParts(state: PlanTally, parts: readonly [number, 0 | 1, number][], sign: 1 | -1): void {
  for (const [i, role, value] of parts) (role === 0 ? state.secured : state.pipeline)[i]!.add(sign * value);
}

/** Every parcel, for a full build (read inside the request's transaction, weighed after it). */
async function readAllRows(trx: Trx): Promise<TallyRow[]> {
  return trx.selectFrom('parcels').select([...PARCEL_COLUMNS]).execute();
}

/** The plan's tally from every parcel's row: their parts in the pool past TALLY_POOL_ABOVE_PARCELS, the exact sums here. */
async function buildFull(plan: PlanWithTargets, planKey: string, mark: Mark, rows: TallyRow[]): Promise<PlanTally> {
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
  const input = { targets: plan.targets, rows };
  const parts = rows.length > TALLY_POOL_ABOVE_PARCELS ? await runJob('tallyParts', input) : tallyParts(input);
  rows.forEach((r, i) => {
    state.parts.set(r.id, parts[i]!);
    applyParts(state, parts[i]!, 1);
  });
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
  const rows = new Map<number, ReturnType<typeof toTallyParcel>>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await trx.selectFrom('parcels').select([...PARCEL_COLUMNS]).where('id', 'in', ids.slice(i, i + 500)).execute()) rows.set(r.id, toTallyParcel(r));
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
  // Read in one transaction; a full build's parts are worked out after it, so the pool job holds no connection.
  const read = await db.transaction().execute(async (trx) => {
    // The mark first: rows read after it are at least as new, and anything later moves the mark again.
    const mark = await readMark(trx);
    const plan = await loadPlan(trx, planId);
    if (!plan) {
      plans.delete(planId);
      return null;
    }
    const planKey = JSON.stringify(plan);
    const state = plans.get(planId);
    let path: TallyPath = 'hit';
    let rows: TallyRow[] | null = null;
    const maxAgeMs = backendOf(db) === 'postgres' ? POSTGRES_FULL_RECOMPUTE_MS : Number.POSITIVE_INFINITY;
    const fresh = state && state.planKey === planKey && Date.now() - state.builtAt < maxAgeMs && mark.maxChangeId >= state.mark.maxChangeId;
    if (!state || !fresh) {
      rows = await readAllRows(trx);
      path = 'full';
    } else if (mark.maxChangeId !== state.mark.maxChangeId || mark.inWindow !== state.mark.inWindow) {
      if (await applyChanges(trx, state, mark)) path = 'update';
      else {
        rows = await readAllRows(trx);
        path = 'full';
      }
    }
    const stationRows = await trx.selectFrom('energyStations').select(['id', 'name', 'kind', 'status', 'zoneCodes']).execute();
    const stations: LedgerStation[] = stationRows.map((r) => ({ ...r, zoneCodes: JSON.parse(r.zoneCodes) as string[] }));
    // Stations and the enterprise register are small: counted afresh on every request.
    const enterprises = await enterpriseLedgerFor(trx, plan, null);
    return { plan, planKey, mark, state, path, rows, stations, enterprises };
  });
  if (!read) return null;
  const { plan, path, stations, enterprises } = read;
  // A concurrent request may store its own build meanwhile; either is correct at its mark, and the next request moves on from whichever is kept.
  const state = read.rows ? await buildFull(plan, read.planKey, read.mark, read.rows) : read.state!;
  plans.set(planId, state);
  const tallies = state.prepared.map((p, i) => {
    if (p.target.metric === 'station_count') {
      const c = stationCounts(p, stations);
      return judge(p.target, c.secured, c.pipeline);
    }
    if (isEnterpriseMetric(p.target.metric)) return tallyTarget(p.target, [], stations, enterprises);
    return judge(p.target, state.secured[i]!.value(), state.pipeline[i]!.value());
  });
  return { body: tallyBody({ plan, parcels: [], stations, enterprises, asOf: null }, { tallies, parcelCount: state.parts.size }), path };
}
