/**
 * Choosing k energy-station sites from candidate points, exactly.
 *
 * - `max_covering` (maximal covering location problem, Church & ReVelle
 *   1974): maximise the demand (kW) within `radiusMeters` of a chosen site,
 *   each parcel counted once.
 * - `p_median` (Hakimi 1964): minimise Σ demand (kW) × distance (m) from each
 *   parcel to its nearest chosen site, in kW·m.
 *
 * Distances are geodesic on CGCS2000 (geodesic.ts), from each candidate to
 * each demand point, computed once by `prepareSiting` and shared by both
 * problems. The search is branchAndBound.ts: the greedy answer first, then a
 * proof (or a bound and gap when a node or time limit stops it). For
 * max_covering a candidate whose covered set is a subset of another's is
 * dropped first: some optimal answer never needs it.
 *
 * `gap` = |objective − bound| / max(|objective|, |bound|), 0 when proven optimal.
 */
import type { Position } from 'geojson';
import { greedySites, maximizeSiteValue, type SiteValueModel } from './branchAndBound';
import type { DemandPoint } from './coverage';
import { preparePoint, preparedDistanceMeters } from './geodesic';

export type SitingProblem = 'max_covering' | 'p_median';

export interface SitingInstance {
  candidates: readonly Position[];
  parcelIds: readonly (string | number)[];
  candidateCount: number;
  parcelCount: number;
  /** Demand per parcel, kW. */
  weightsKilowatts: Float64Array;
  /** Geodesic distance, m, candidate-major: [c · parcelCount + p]. */
  distancesMeters: Float64Array;
  prepareMilliseconds: number;
}

export interface SolveSitingOptions {
  problem: SitingProblem;
  /** Number of sites to choose (the plan's 3 CCHP stations: k = 3). */
  k: number;
  /** Service radius for max_covering, m. */
  radiusMeters?: number;
  /** Node limit; 5 000 000 unless given. */
  maxNodes?: number;
  /** Time limit, ms; 20 000 unless given. */
  maxMilliseconds?: number;
}

export interface SitingSolution {
  problem: SitingProblem;
  /** Chosen candidate indices, ascending. */
  sites: number[];
  /** Covered kW (max_covering) or demand-weighted distance kW·m (p_median). */
  objective: number;
  objectiveUnit: 'kW' | 'kW·m';
  /** Best possible objective: an upper bound (max_covering) or lower bound (p_median). */
  bound: number;
  gap: number;
  nodes: number;
  solveMilliseconds: number;
  optimal: boolean;
  greedySites: number[];
  greedyObjective: number;
  /** Candidates left after dominance (max_covering) — all of them for p_median. */
  candidatesSearched: number;
}

export interface GreedySolution {
  problem: SitingProblem;
  sites: number[];
  objective: number;
  solveMilliseconds: number;
}

const DEFAULT_MAX_NODES = 5_000_000;
const DEFAULT_MAX_MILLISECONDS = 20_000;

/** Distances from every candidate to every demand point; the costly step, done once. */
export function prepareSiting(candidates: readonly Position[], demand: readonly DemandPoint[]): SitingInstance {
  const started = performance.now();
  const parcelCount = demand.length;
  const weightsKilowatts = new Float64Array(parcelCount);
  demand.forEach((d, j) => {
    if (!(d.demandKilowatts >= 0) || !Number.isFinite(d.demandKilowatts)) throw new RangeError(`Demand of parcel ${d.id} must be a finite kW ≥ 0, got ${d.demandKilowatts}`);
    weightsKilowatts[j] = d.demandKilowatts;
  });
  const parcels = demand.map((d) => preparePoint(d.position));
  const distancesMeters = new Float64Array(candidates.length * parcelCount);
  candidates.forEach((c, i) => {
    const site = preparePoint(c);
    const offset = i * parcelCount;
    for (let j = 0; j < parcelCount; j++) distancesMeters[offset + j] = preparedDistanceMeters(site, parcels[j]!);
  });
  return {
    candidates,
    parcelIds: demand.map((d) => d.id),
    candidateCount: candidates.length,
    parcelCount,
    weightsKilowatts,
    distancesMeters,
    prepareMilliseconds: performance.now() - started,
  };
}

/** v_ij = w_j when d_ij ≤ r: sparse lists of the parcels (with demand) each candidate covers. */
class CoverageModel implements SiteValueModel {
  readonly candidateCount: number;
  readonly parcelCount: number;
  readonly maximumValue: number;
  readonly lists: Int32Array[];
  private readonly weights: Float64Array;
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(instance: SitingInstance, radiusMeters: number) {
    const { candidateCount, parcelCount, distancesMeters } = instance;
    this.candidateCount = candidateCount;
    this.parcelCount = parcelCount;
    this.weights = instance.weightsKilowatts;
    this.stamp = new Int32Array(parcelCount);
    const reachable = new Uint8Array(parcelCount);
    this.lists = [];
    for (let i = 0; i < candidateCount; i++) {
      const list: number[] = [];
      const offset = i * parcelCount;
      for (let j = 0; j < parcelCount; j++) {
        if (this.weights[j]! > 0 && distancesMeters[offset + j]! <= radiusMeters) {
          list.push(j);
          reachable[j] = 1;
        }
      }
      this.lists.push(Int32Array.from(list));
    }
    let maximumValue = 0;
    for (let j = 0; j < parcelCount; j++) if (reachable[j]) maximumValue += this.weights[j]!;
    this.maximumValue = maximumValue;
  }

  gains(candidates: Int32Array, cur: Float64Array, out: Float64Array): number {
    const w = this.weights;
    const stamp = this.stamp;
    const generation = ++this.generation;
    let reach = 0;
    for (let j = 0; j < cur.length; j++) reach += cur[j]!;
    for (let q = 0; q < candidates.length; q++) {
      const list = this.lists[candidates[q]!]!;
      let g = 0;
      for (let t = 0; t < list.length; t++) {
        const j = list[t]!;
        if (cur[j] === 0) {
          g += w[j]!;
          if (stamp[j] !== generation) {
            stamp[j] = generation;
            reach += w[j]!;
          }
        }
      }
      out[q] = g;
    }
    return reach;
  }

  gain(candidate: number, cur: Float64Array): number {
    const list = this.lists[candidate]!;
    let g = 0;
    for (let t = 0; t < list.length; t++) if (cur[list[t]!] === 0) g += this.weights[list[t]!]!;
    return g;
  }

  apply(candidate: number, cur: Float64Array, next: Float64Array): void {
    next.set(cur);
    const list = this.lists[candidate]!;
    for (let t = 0; t < list.length; t++) next[list[t]!] = this.weights[list[t]!]!;
  }
}

/** v_ij = w_j·(M_j − d_ij), M_j = max_i d_ij: the savings form of the p-median, dense. */
class SavingsModel implements SiteValueModel {
  readonly candidateCount: number;
  readonly parcelCount: number;
  readonly maximumValue: number;
  /** Σ_j w_j·M_j, kW·m: the p-median cost is this minus f(S). */
  readonly ceilingKilowattMeters: number;
  private readonly values: Float64Array;
  private readonly best: Float64Array;

  constructor(instance: SitingInstance) {
    const { candidateCount, parcelCount, distancesMeters, weightsKilowatts: w } = instance;
    this.candidateCount = candidateCount;
    this.parcelCount = parcelCount;
    const farthest = new Float64Array(parcelCount);
    for (let i = 0; i < candidateCount; i++) {
      const offset = i * parcelCount;
      for (let j = 0; j < parcelCount; j++) if (distancesMeters[offset + j]! > farthest[j]!) farthest[j] = distancesMeters[offset + j]!;
    }
    this.values = new Float64Array(candidateCount * parcelCount);
    const columnMax = new Float64Array(parcelCount);
    for (let i = 0; i < candidateCount; i++) {
      const offset = i * parcelCount;
      for (let j = 0; j < parcelCount; j++) {
        const v = w[j]! * (farthest[j]! - distancesMeters[offset + j]!);
        this.values[offset + j] = v;
        if (v > columnMax[j]!) columnMax[j] = v;
      }
    }
    let ceiling = 0;
    let maximumValue = 0;
    for (let j = 0; j < parcelCount; j++) {
      ceiling += w[j]! * farthest[j]!;
      maximumValue += columnMax[j]!;
    }
    this.ceilingKilowattMeters = ceiling;
    this.maximumValue = maximumValue;
    this.best = new Float64Array(parcelCount);
  }

  gains(candidates: Int32Array, cur: Float64Array, out: Float64Array): number {
    const m = this.parcelCount;
    const values = this.values;
    const best = this.best;
    best.set(cur);
    for (let q = 0; q < candidates.length; q++) {
      const offset = candidates[q]! * m;
      let g = 0;
      for (let j = 0; j < m; j++) {
        const v = values[offset + j]!;
        const d = v - cur[j]!;
        if (d > 0) {
          g += d;
          if (v > best[j]!) best[j] = v;
        }
      }
      out[q] = g;
    }
    let reach = 0;
    for (let j = 0; j < m; j++) reach += best[j]!;
    return reach;
  }

  gain(candidate: number, cur: Float64Array): number {
    const m = this.parcelCount;
    const offset = candidate * m;
    let g = 0;
    for (let j = 0; j < m; j++) {
      const d = this.values[offset + j]! - cur[j]!;
      if (d > 0) g += d;
    }
    return g;
  }

  apply(candidate: number, cur: Float64Array, next: Float64Array): void {
    const offset = candidate * this.parcelCount;
    for (let j = 0; j < this.parcelCount; j++) {
      const v = this.values[offset + j]!;
      next[j] = v > cur[j]! ? v : cur[j]!;
    }
  }
}

/**
 * Candidates whose covered set is not a subset of another kept candidate's
 * (of equal sets the lowest index stays), ascending. Bitsets of the parcels
 * covered make each subset test a pass over parcelCount / 32 words.
 */
export function undominatedCandidates(lists: readonly Int32Array[], parcelCount: number): Int32Array {
  const words = Math.ceil(parcelCount / 32);
  const sets = lists.map((list) => {
    const bits = new Uint32Array(words);
    for (const j of list) bits[j >>> 5]! |= 1 << (j & 31);
    return bits;
  });
  const order = lists.map((_, i) => i).sort((a, b) => lists[b]!.length - lists[a]!.length || a - b);
  const kept: number[] = [];
  for (const i of order) {
    const a = sets[i]!;
    const dominated = kept.some((k) => {
      const b = sets[k]!;
      for (let w = 0; w < words; w++) if ((a[w]! & ~b[w]!) !== 0) return false;
      return true;
    });
    if (!dominated) kept.push(i);
  }
  return Int32Array.from(kept.sort((a, b) => a - b));
}

function checkOptions(instance: SitingInstance, options: SolveSitingOptions): void {
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${options.k}`);
  if (instance.candidateCount === 0) throw new RangeError('No candidate sites');
  if (options.problem === 'max_covering' && !(Number.isFinite(options.radiusMeters) && options.radiusMeters! >= 0)) {
    throw new RangeError(`max_covering needs radiusMeters ≥ 0, got ${options.radiusMeters}`);
  }
}

/** Covered kW or kW·m of a set of sites, straight from the distances. */
export function sitingObjective(instance: SitingInstance, sites: readonly number[], problem: SitingProblem, radiusMeters = 0): number {
  const { parcelCount: m, distancesMeters: d, weightsKilowatts: w } = instance;
  let total = 0;
  for (let j = 0; j < m; j++) {
    if (w[j] === 0) continue;
    let nearest = Infinity;
    for (const i of sites) nearest = Math.min(nearest, d[i * m + j]!);
    if (problem === 'p_median') total += w[j]! * nearest;
    else if (nearest <= radiusMeters) total += w[j]!;
  }
  return total;
}

/** Tops `sites` up to k (or all candidates) with the lowest unused indices: they change nothing, the others already cover all they do. */
function padSites(sites: readonly number[], k: number, candidateCount: number): number[] {
  const out = new Set(sites);
  for (let i = 0; out.size < Math.min(k, candidateCount); i++) out.add(i);
  return [...out].sort((a, b) => a - b);
}

function relativeGap(objective: number, bound: number): number {
  const scale = Math.max(Math.abs(objective), Math.abs(bound));
  return scale > 0 ? Math.abs(objective - bound) / scale : 0;
}

/** Greedy only: the reference the exact solver is measured against. */
export function greedySiting(instance: SitingInstance, options: SolveSitingOptions): GreedySolution {
  checkOptions(instance, options);
  const started = performance.now();
  const all = Int32Array.from({ length: instance.candidateCount }, (_, i) => i);
  const model = options.problem === 'max_covering' ? new CoverageModel(instance, options.radiusMeters!) : new SavingsModel(instance);
  const sites = greedySites(model, all, Math.min(options.k, instance.candidateCount)).sites.sort((a, b) => a - b);
  const objective = sitingObjective(instance, sites, options.problem, options.radiusMeters);
  return { problem: options.problem, sites, objective, solveMilliseconds: performance.now() - started };
}

/** The best k sites for the problem, with proof of optimality or a bound and gap. */
export function solveSiting(instance: SitingInstance, options: SolveSitingOptions): SitingSolution {
  checkOptions(instance, options);
  const started = performance.now();
  const { problem, k } = options;
  const limits = { maxNodes: options.maxNodes ?? DEFAULT_MAX_NODES, maxMilliseconds: options.maxMilliseconds ?? DEFAULT_MAX_MILLISECONDS };
  const radiusMeters = options.radiusMeters ?? 0;

  let searched: Int32Array;
  let model: SiteValueModel;
  if (problem === 'max_covering') {
    const coverage = new CoverageModel(instance, radiusMeters);
    searched = undominatedCandidates(coverage.lists, instance.parcelCount);
    model = coverage;
  } else {
    searched = Int32Array.from({ length: instance.candidateCount }, (_, i) => i);
    model = new SavingsModel(instance);
  }
  const result = maximizeSiteValue(model, searched, k, limits);
  const sites = padSites(result.sites, k, instance.candidateCount);
  const greedy = padSites(result.greedySites, k, instance.candidateCount);
  const objective = sitingObjective(instance, sites, problem, radiusMeters);
  const greedyObjective = sitingObjective(instance, greedy, problem, radiusMeters);

  let bound: number;
  if (result.optimal) bound = objective;
  else if (problem === 'max_covering') bound = Math.max(objective, result.bound);
  else bound = Math.min(objective, (model as SavingsModel).ceilingKilowattMeters - result.bound);

  return {
    problem,
    sites,
    objective,
    objectiveUnit: problem === 'max_covering' ? 'kW' : 'kW·m',
    bound,
    gap: result.optimal ? 0 : relativeGap(objective, bound),
    nodes: result.nodes,
    solveMilliseconds: performance.now() - started,
    optimal: result.optimal,
    greedySites: greedy,
    greedyObjective,
    candidatesSearched: searched.length,
  };
}
