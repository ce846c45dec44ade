import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../testing/fixtures';
import type { DemandPoint } from './coverage';
import { geodesicDistanceMeters } from './geodesic';
import { greedySiting, prepareSiting, solveSiting, undominatedCandidates, type SitingProblem } from './solver';
import { PARK_CENTER, prng, travel } from './testing/fixtures';

interface Instance {
  candidates: Position[];
  points: DemandPoint[];
  k: number;
  radiusMeters: number;
}

/** A random instance within ~2.5 km of the park centre; integer kW (some zero) and repeated candidates make ties common. */
function randomInstance(seed: number, candidateCount: number, parcelCount: number, k: number): Instance {
  const rnd = prng(seed);
  const at = () => travel(PARK_CENTER, rnd() * 360, rnd() * 2500);
  const candidates = Array.from({ length: candidateCount }, at);
  if (candidateCount > 2) candidates[candidateCount - 1] = candidates[0]!;
  const points = Array.from({ length: parcelCount }, (_, j) => ({ id: j, position: at(), demandKilowatts: rnd() < 0.1 ? 0 : Math.floor(rnd() * 1000) }));
  return deepFreeze({ candidates, points, k, radiusMeters: 300 + rnd() * 1700 });
}

function* subsets(n: number, k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let i = start; i <= n - (k - prefix.length); i++) yield* subsets(n, k, i + 1, [...prefix, i]);
}

/** Brute force over every k-subset, with distances computed afresh (independent of prepareSiting). */
function bruteForce(instance: Instance, problem: SitingProblem): number {
  const d = instance.candidates.map((c) => instance.points.map((p) => geodesicDistanceMeters(c, p.position)));
  let best = problem === 'max_covering' ? -Infinity : Infinity;
  for (const sites of subsets(instance.candidates.length, Math.min(instance.k, instance.candidates.length))) {
    let value = 0;
    instance.points.forEach((p, j) => {
      const nearest = Math.min(...sites.map((i) => d[i]![j]!));
      value += problem === 'p_median' ? p.demandKilowatts * nearest : nearest <= instance.radiusMeters ? p.demandKilowatts : 0;
    });
    best = problem === 'max_covering' ? Math.max(best, value) : Math.min(best, value);
  }
  return best;
}

const relativeDifference = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

const instanceArbitrary = fc
  .record({
    seed: fc.integer(),
    candidateCount: fc.integer({ min: 8, max: 14 }),
    parcelCount: fc.integer({ min: 10, max: 40 }),
    k: fc.integer({ min: 1, max: 3 }),
    problem: fc.constantFrom<SitingProblem>('max_covering', 'p_median'),
  })
  .map((r) => ({ instance: randomInstance(r.seed, r.candidateCount, r.parcelCount, r.k), problem: r.problem }));

describe('solveSiting equals brute force', () => {
  it('on small random instances, both problems, k 1–3, and proves it', () => {
    fc.assert(
      fc.property(instanceArbitrary, ({ instance, problem }) => {
        const prepared = prepareSiting(instance.candidates, instance.points);
        const solution = solveSiting(prepared, { problem, k: instance.k, radiusMeters: instance.radiusMeters });
        expect(relativeDifference(solution.objective, bruteForce(instance, problem))).toBeLessThanOrEqual(1e-9);
        expect(solution.optimal).toBe(true);
        expect(solution.gap).toBe(0);
        expect(solution.bound).toBe(solution.objective);
        expect(new Set(solution.sites).size).toBe(instance.k);
        expect(solution.sites.every((i) => i >= 0 && i < instance.candidates.length)).toBe(true);
        // Never worse than the greedy reference it starts from.
        if (problem === 'max_covering') expect(solution.objective).toBeGreaterThanOrEqual(solution.greedyObjective - 1e-9);
        else expect(solution.objective).toBeLessThanOrEqual(solution.greedyObjective + 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});

describe('solveSiting under limits', () => {
  it('stopped early, reports optimal=false and a bound on the right side of the true optimum', () => {
    fc.assert(
      fc.property(instanceArbitrary, ({ instance, problem }) => {
        const prepared = prepareSiting(instance.candidates, instance.points);
        const solution = solveSiting(prepared, { problem, k: instance.k, radiusMeters: instance.radiusMeters, maxNodes: 1 });
        const best = bruteForce(instance, problem);
        const slack = 1e-9 * Math.max(1, Math.abs(best));
        if (problem === 'max_covering') expect(solution.bound).toBeGreaterThanOrEqual(best - slack);
        else expect(solution.bound).toBeLessThanOrEqual(best + slack);
        expect(solution.gap).toBeGreaterThanOrEqual(0);
        expect(solution.gap).toBeLessThanOrEqual(1);
        if (!solution.optimal) expect(solution.gap).toBeGreaterThanOrEqual(0);
        else expect(solution.gap).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('reports optimal=false with a positive gap when the node limit cuts a search that needed more', () => {
    const instance = randomInstance(11, 40, 200, 3);
    const prepared = prepareSiting(instance.candidates, instance.points);
    const full = solveSiting(prepared, { problem: 'p_median', k: 3 });
    expect(full.optimal).toBe(true);
    expect(full.nodes).toBeGreaterThan(2);
    const cut = solveSiting(prepared, { problem: 'p_median', k: 3, maxNodes: 2 });
    expect(cut.optimal).toBe(false);
    expect(cut.gap).toBeGreaterThan(0);
    expect(cut.bound).toBeLessThanOrEqual(full.objective + 1e-6);
  });
});

describe('solveSiting: edges', () => {
  const instance = randomInstance(3, 5, 12, 2);
  const prepared = prepareSiting(instance.candidates, instance.points);

  it('takes every candidate when k is at least their number', () => {
    const solution = solveSiting(prepared, { problem: 'p_median', k: 9 });
    expect(solution.sites).toEqual([0, 1, 2, 3, 4]);
    expect(solution.optimal).toBe(true);
  });

  it('returns k distinct sites even when dominance leaves fewer useful candidates', () => {
    const solution = solveSiting(prepared, { problem: 'max_covering', k: 4, radiusMeters: 1 });
    expect(solution.sites).toHaveLength(4);
    expect(solution.objective).toBe(0);
  });

  it('refuses k < 1, no candidates and a missing radius', () => {
    expect(() => solveSiting(prepared, { problem: 'p_median', k: 0 })).toThrow(RangeError);
    expect(() => solveSiting(prepareSiting([], instance.points), { problem: 'p_median', k: 1 })).toThrow(RangeError);
    expect(() => solveSiting(prepared, { problem: 'max_covering', k: 1 })).toThrow(RangeError);
    expect(() => prepareSiting(instance.candidates, [{ id: 1, position: PARK_CENTER, demandKilowatts: -1 }])).toThrow(RangeError);
  });

  it('greedySiting alone gives the greedy objective the solver reports', () => {
    for (const problem of ['max_covering', 'p_median'] as const) {
      const options = { problem, k: 2, radiusMeters: 800 };
      expect(greedySiting(prepared, options).objective).toBeCloseTo(solveSiting(prepared, options).greedyObjective, 6);
    }
  });
});

describe('undominatedCandidates', () => {
  it('drops subsets and repeats (keeping the lowest index) and empty sets', () => {
    // Typed arrays cannot be frozen; the list of them is.
    const lists = Object.freeze([
      Int32Array.from([0, 1, 2]),
      Int32Array.from([1, 2]), // ⊂ 0
      Int32Array.from([2, 3]),
      Int32Array.from([0, 1, 2]), // = 0
      Int32Array.from([]),
      Int32Array.from([40]), // crosses a 32-bit word
    ]);
    expect(Array.from(undominatedCandidates(lists, 41))).toEqual([0, 2, 5]);
  });
});
