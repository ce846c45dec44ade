/**
 * Exact branch-and-bound for choosing k sites that maximise a facility-
 * location value
 *
 *   f(S) = Σ_j max(0, max_{i∈S} v_ij),   v_ij ≥ 0 (already weighted by demand),
 *
 * which is monotone and submodular. Both siting objectives are of this form
 * (solver.ts): maximal covering takes v_ij = w_j·[d_ij ≤ r]; p-median takes
 * the savings v_ij = w_j·(M_j − d_ij) against M_j = max_i d_ij, so that
 * Σ_j w_j·min_{i∈S} d_ij = Σ_j w_j·M_j − f(S) for any non-empty S.
 *
 * Search: depth first. A node is (S, A): sites chosen and candidates still
 * allowed. Its children add A's candidates one at a time in order of falling
 * marginal gain g_t; child t may use only the candidates after t, so each
 * k-subset is reached once. Bounds, both valid by submodularity:
 *   - sum of the k−|S| largest marginal gains (per child: the gains from t on,
 *     which are sorted, so the first child whose bound fails ends the loop);
 *   - reach: Σ_j max(cur_j, max_{i∈A} v_ij), every parcel served as well as
 *     the best allowed candidate could (for p-median: each parcel at the
 *     distance of its nearest candidate not excluded).
 *     The reach is skipped with one site chosen, where it never cut a node
 *     in the bench but cost a pass over every allowed candidate.
 * At the last level the best child is found lazily: candidates are tried in
 * the parent's gain order, and the parent's gain bounds the child's; so does
 * gain(c | {s}) for each chosen s, read from a table of single-site gains
 * filled a row at a time when first needed (gain(c|{s}) − gain(s|{c}) =
 * f({c}) − f({s}) fills half of it free). Most candidates are thus dismissed
 * without a pass over the parcels (bench: 5× fewer, p-median 500 × 2,000
 * from 5.0 s to 2.3 s).
 * The greedy solution, improved by single swaps, is the first incumbent.
 */

/** Above this many candidates the per-site gain table (candidates² numbers) is not kept. */
const MAX_CANDIDATES_FOR_SINGLE_GAINS = 2_000;

/** What the search needs to know about a value function. */
export interface SiteValueModel {
  readonly candidateCount: number;
  readonly parcelCount: number;
  /** Σ_j max_i v_ij: f of all candidates, the scale for tolerances. */
  readonly maximumValue: number;
  /**
   * Marginal gains of `candidates` over the per-parcel values `cur` into `gains`
   * (same order); returns the reach bound Σ_j max(cur_j, max_{i∈candidates} v_ij).
   */
  gains(candidates: Int32Array, cur: Float64Array, gains: Float64Array): number;
  /** Marginal gain of one candidate over `cur`. */
  gain(candidate: number, cur: Float64Array): number;
  /** next_j = max(cur_j, v_candidate,j). */
  apply(candidate: number, cur: Float64Array, next: Float64Array): void;
}

export interface SearchLimits {
  maxNodes: number;
  maxMilliseconds: number;
}

export interface SearchResult {
  /** Chosen candidate indices, ascending; fewer than k only when fewer candidates were given. */
  sites: number[];
  value: number;
  /** Upper bound on the best value: equals `value` when optimal. */
  bound: number;
  nodes: number;
  optimal: boolean;
  greedySites: number[];
  greedyValue: number;
}

/** Greedy: k times, add the candidate with the largest gain (lowest index on ties). */
export function greedySites(model: SiteValueModel, candidates: Int32Array, k: number): { sites: number[]; value: number } {
  let cur = new Float64Array(model.parcelCount);
  let next = new Float64Array(model.parcelCount);
  const remaining = Array.from(candidates);
  const sites: number[] = [];
  let value = 0;
  const gains = new Float64Array(remaining.length);
  while (sites.length < k && remaining.length > 0) {
    const list = Int32Array.from(remaining);
    model.gains(list, cur, gains);
    let best = 0;
    for (let q = 1; q < list.length; q++) {
      if (gains[q]! > gains[best]! || (gains[q] === gains[best] && list[q]! < list[best]!)) best = q;
    }
    const site = list[best]!;
    value += gains[best]!;
    sites.push(site);
    remaining.splice(best, 1);
    model.apply(site, cur, next);
    [cur, next] = [next, cur];
  }
  return { sites, value };
}

/**
 * Swap (interchange) local search from `start`: replace one site by another
 * candidate while that raises f (best swap per site, repeated until none
 * helps). Costs k·(k + n)·parcels per pass; it gives the search a sharper
 * first incumbent than greedy alone.
 */
export function improveBySwaps(model: SiteValueModel, candidates: Int32Array, start: readonly number[]): { sites: number[]; value: number } {
  const sites = [...start];
  const without = new Float64Array(model.parcelCount);
  const scratch = new Float64Array(model.parcelCount);
  const valueOf = (cur: Float64Array) => cur.reduce((s, v) => s + v, 0);
  const fill = (skip: number, out: Float64Array) => {
    out.fill(0);
    for (let p = 0; p < sites.length; p++) {
      if (p === skip) continue;
      model.apply(sites[p]!, out, scratch);
      out.set(scratch);
    }
  };
  fill(-1, without);
  let value = valueOf(without);
  const tolerance = 1e-12 * Math.max(1, model.maximumValue);
  for (let improved = true; improved; ) {
    improved = false;
    for (let p = 0; p < sites.length; p++) {
      fill(p, without);
      const base = valueOf(without);
      let bestValue = value;
      let bestSite = -1;
      for (const c of candidates) {
        if (sites.includes(c)) continue;
        const v = base + model.gain(c, without);
        if (v > bestValue + tolerance) {
          bestValue = v;
          bestSite = c;
        }
      }
      if (bestSite >= 0) {
        sites[p] = bestSite;
        value = bestValue;
        improved = true;
      }
    }
  }
  return { sites, value };
}

/** Sorts candidates by gain, largest first (index ascending on ties), in place on copies. */
function sortByGain(candidates: Int32Array, gains: Float64Array): { order: Int32Array; sorted: Float64Array } {
  const idx = Array.from({ length: candidates.length }, (_, q) => q);
  idx.sort((a, b) => gains[b]! - gains[a]! || candidates[a]! - candidates[b]!);
  const order = new Int32Array(idx.length);
  const sorted = new Float64Array(idx.length);
  for (let q = 0; q < idx.length; q++) {
    order[q] = candidates[idx[q]!]!;
    sorted[q] = gains[idx[q]!]!;
  }
  return { order, sorted };
}

/**
 * The k-subset of `candidates` with the largest f, proven optimal unless a
 * limit stops the search first (then `bound` says how far off it may be).
 */
export function maximizeSiteValue(
  model: SiteValueModel,
  candidates: Int32Array,
  k: number,
  limits: SearchLimits,
  now: () => number = () => performance.now(),
): SearchResult {
  const greedy = greedySites(model, candidates, k);
  if (candidates.length <= k || k === 0) {
    return { sites: [...greedy.sites].sort((a, b) => a - b), value: greedy.value, bound: greedy.value, nodes: 1, optimal: true, greedySites: greedy.sites, greedyValue: greedy.value };
  }
  // Values within this of each other count as equal: it keeps rounding noise from
  // forcing the search through ties, and is far below any figure reported.
  const tolerance = 1e-12 * Math.max(1, model.maximumValue);
  const started = now();
  const curByDepth = Array.from({ length: k + 1 }, () => new Float64Array(model.parcelCount));
  const chosen: number[] = [];
  const swapped = improveBySwaps(model, candidates, greedy.sites);
  let incumbent = swapped.value;
  let incumbentSites = swapped.sites;
  let openBound = -Infinity;
  let nodes = 0;
  let checks = 0;
  let aborted = false;

  const limitReached = (): boolean => {
    if (nodes >= limits.maxNodes) return true;
    // Reading the clock costs more than a node at the last level; look every 64 checks.
    checks++;
    return (checks & 63) === 0 && now() - started > limits.maxMilliseconds;
  };

  // gain(c | {s}) for every candidate c, per site s, computed when first needed. By
  // submodularity gain(c | S) ≤ min_{s∈S} gain(c | {s}): at the last level this
  // skips most candidates without a pass over the parcels. Capped by memory.
  const useSingles = model.candidateCount <= MAX_CANDIDATES_FOR_SINGLE_GAINS;
  const everyCandidate = Int32Array.from({ length: model.candidateCount }, (_, i) => i);
  const singles = new Map<number, Float64Array>();
  let alone: Float64Array | null = null;
  const singleGains = (site: number): Float64Array => {
    let row = singles.get(site);
    if (row) return row;
    if (!alone) {
      alone = new Float64Array(model.candidateCount);
      model.gains(everyCandidate, new Float64Array(model.parcelCount), alone);
    }
    // gain(c | {s}) − gain(s | {c}) = f({c}) − f({s}): a row already known gives half of this one free.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let c = 0; c < model.candidateCount; c++) (singles.has(c) ? known : unknown).push(c);
    row = new Float64Array(model.candidateCount);
    for (const c of known) row[c] = Math.max(0, singles.get(c)![site]! + alone[c]! - alone[site]!);
    const cur = new Float64Array(model.parcelCount);
    model.apply(site, new Float64Array(model.parcelCount), cur);
    const list = Int32Array.from(unknown);
    const out = new Float64Array(list.length);
    model.gains(list, cur, out);
    for (let q = 0; q < list.length; q++) row[list[q]!] = out[q]!;
    singles.set(site, row);
    return row;
  };

  /** Last site: the best single candidate, tried in order of its upper bound `upper` (sorted, largest first). */
  const lastSite = (allowed: Int32Array, upper: Float64Array | null, value: number, cur: Float64Array): void => {
    let bestGain = -Infinity;
    let bestSite = -1;
    const rows = useSingles && upper !== null ? chosen.map(singleGains) : [];
    for (let q = 0; q < allowed.length; q++) {
      const threshold = Math.max(incumbent, value + bestGain) + tolerance;
      if (upper !== null && value + upper[q]! <= threshold) break;
      let skip = false;
      for (const row of rows) {
        if (value + row[allowed[q]!]! <= threshold) {
          skip = true;
          break;
        }
      }
      if (skip) continue;
      nodes++;
      const g = model.gain(allowed[q]!, cur);
      if (g > bestGain) {
        bestGain = g;
        bestSite = allowed[q]!;
      }
    }
    if (bestSite >= 0 && value + bestGain > incumbent + tolerance) {
      incumbent = value + bestGain;
      incumbentSites = [...chosen, bestSite];
    }
  };

  const expand = (depth: number, allowed: Int32Array, upper: Float64Array | null, value: number): void => {
    const cur = curByDepth[depth]!;
    const left = k - depth;
    if (left === 1) {
      lastSite(allowed, upper, value, cur);
      return;
    }
    nodes++;
    const gains = new Float64Array(allowed.length);
    let reach = Infinity;
    if (useSingles && depth === 1) {
      // One site chosen: its gains are its row of the single-site table.
      const row = singleGains(chosen[0]!);
      for (let q = 0; q < allowed.length; q++) gains[q] = row[allowed[q]!]!;
    } else {
      reach = model.gains(allowed, cur, gains);
    }
    const { order, sorted } = sortByGain(allowed, gains);
    // prefix[t] = Σ sorted[0..t−1]; sibling t's bound is value + prefix[t+left] − prefix[t].
    const prefix = new Float64Array(sorted.length + 1);
    for (let q = 0; q < sorted.length; q++) prefix[q + 1] = prefix[q]! + sorted[q]!;
    const next = curByDepth[depth + 1]!;
    for (let t = 0; t + left <= order.length; t++) {
      const bound = Math.min(reach, value + prefix[t + left]! - prefix[t]!);
      if (bound <= incumbent + tolerance) break;
      if (limitReached()) aborted = true;
      if (aborted) {
        // Everything not yet searched here lies under this child's bound (later ones are lower).
        openBound = Math.max(openBound, bound);
        return;
      }
      model.apply(order[t]!, cur, next);
      chosen.push(order[t]!);
      expand(depth + 1, order.subarray(t + 1), sorted.subarray(t + 1), value + sorted[t]!);
      chosen.pop();
      if (aborted) {
        openBound = Math.max(openBound, bound);
        return;
      }
    }
  };

  expand(0, candidates, null, 0);
  const optimal = !aborted;
  const bound = optimal ? incumbent : Math.max(incumbent, openBound);
  return {
    sites: [...incumbentSites].sort((a, b) => a - b),
    value: incumbent,
    bound,
    nodes: Math.max(1, nodes),
    optimal,
    greedySites: greedy.sites,
    greedyValue: greedy.value,
  };
}
