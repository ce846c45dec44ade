import { booleanPointInPolygon, kinks, polygon as turfPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { MAX_PARCEL_VERTICES, validatePolygonGeometry } from './geometry.validation';
import { groupRings } from './io/shpBinary';
import { pointInRing } from './ringNesting';
import { ringsHaveKink } from './segmentIntersections';

/** Deterministic generator (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const close = (ring: Position[]) => [...ring, ring[0]!];

/** A ring of n random points (usually self-intersecting), on a coarse grid so touching vertices and collinear edges occur. */
function scribble(rand: () => number, n: number, grid: number): Position[] {
  return close(Array.from({ length: n }, () => [106.6 + Math.floor(rand() * grid) / 1000, 28.9 + Math.floor(rand() * grid) / 1000]));
}

/** A star-shaped ring (simple unless the grid snaps two spokes together). */
function star(rand: () => number, n: number, cx: number, cy: number, r: number, grid: number): Position[] {
  const snap = (v: number) => Math.round(v * grid) / grid;
  return close(
    Array.from({ length: n }, (_, i) => {
      const angle = (2 * Math.PI * i) / n;
      const radius = r * (0.4 + 0.6 * rand());
      return [snap(cx + radius * Math.cos(angle)), snap(cy + radius * Math.sin(angle))];
    }),
  );
}

const turfSays = (rings: Position[][]) => kinks(turfPolygon(rings)).features.length > 0;

describe('ringsHaveKink against turf.kinks', () => {
  it('agrees on 3,000 random polygons: scribbles, stars, stars with holes crossing or not, snapped to coarse grids', () => {
    const rand = random(11);
    let kinked = 0;
    let simple = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const kind = trial % 3;
      let rings: Position[][];
      if (kind === 0) rings = [scribble(rand, 4 + Math.floor(rand() * 12), 3 + Math.floor(rand() * 20))];
      else if (kind === 1) rings = [star(rand, 3 + Math.floor(rand() * 40), 106.6, 28.9, 0.01, [1e3, 1e4, 1e6][trial % 3]!)];
      else {
        const shell = star(rand, 8 + Math.floor(rand() * 30), 106.6, 28.9, 0.01, 1e5);
        const hole = star(rand, 3 + Math.floor(rand() * 10), 106.6 + (rand() - 0.5) * 0.01, 28.9 + (rand() - 0.5) * 0.01, 0.002 + rand() * 0.006, 1e5);
        rings = [shell, hole.reverse()];
      }
      const expected = turfSays(rings);
      expect(ringsHaveKink(rings), JSON.stringify(rings)).toBe(expected);
      if (expected) kinked++;
      else simple++;
    }
    // Both outcomes must be well represented or the comparison proves little.
    expect(kinked).toBeGreaterThan(500);
    expect(simple).toBeGreaterThan(500);
  });

  it('finds the one crossing in a 20,000-vertex circle whose last edges were swapped, and none in the circle itself', () => {
    const n = 20_000;
    const circle = Array.from({ length: n }, (_, i) => [106.6 + 0.01 * Math.cos((2 * Math.PI * i) / n), 28.9 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
    expect(ringsHaveKink([close(circle)])).toBe(false);
    const swapped = [...circle];
    [swapped[100], swapped[101]] = [swapped[101]!, swapped[100]!];
    expect(ringsHaveKink([close(swapped)])).toBe(true);
  });
});

describe('groupRings (R-tree) against the all-pairs grouping it replaces', () => {
  /** The previous implementation, kept here as the reference. */
  function groupRingsAllPairs(rings: Position[][]): Position[][][] {
    const area = (r: Position[]) => {
      let sum = 0;
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) sum += (r[j]![0]! - r[i]![0]!) * (r[j]![1]! + r[i]![1]!);
      return sum / 2;
    };
    let outers = rings.filter((r) => area(r) < 0);
    let holes = rings.filter((r) => area(r) >= 0);
    if (outers.length === 0) [outers, holes] = [holes, outers];
    const polygons = outers.map((outer) => ({ outer, area: Math.abs(area(outer)), rings: [outer] }));
    for (const hole of holes) {
      const owners = polygons.filter((p) => pointInRing(hole[0]!, p.outer)).sort((a, b) => a.area - b.area);
      if (owners[0]) owners[0].rings.push(hole);
      else polygons.push({ outer: hole, area: Math.abs(area(hole)), rings: [hole] });
    }
    return polygons.map((p) => p.rings);
  }

  it('groups 300 random sets of nested, disjoint and orphan rings identically', () => {
    const rand = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const rings: Position[][] = [];
      const count = 1 + Math.floor(rand() * 25);
      for (let i = 0; i < count; i++) {
        const ring = star(rand, 3 + Math.floor(rand() * 8), 500 + rand() * 100, 500 + rand() * 100, 5 + rand() * 60, 100);
        rings.push(rand() < 0.5 ? ring : ring.reverse());
      }
      expect(groupRings(rings)).toEqual(groupRingsAllPairs(rings));
    }
  });
});

describe('validatePolygonGeometry gives the reasons the all-pairs checks gave', () => {
  /** The previous self-intersection and hole checks (turf.kinks, every hole vertex tested). */
  function oldReason(rings: Position[][]): string | null {
    if (kinks(turfPolygon(rings)).features.length > 0) return 'SELF_INTERSECTION';
    const shell = turfPolygon([rings[0]!]);
    for (const hole of rings.slice(1)) for (const p of hole) if (!booleanPointInPolygon(p, shell, { ignoreBoundary: false })) return 'HOLE_OUTSIDE_SHELL';
    return null;
  }

  it('on 1,500 random shells with holes inside, outside, crossing and sharing edges', () => {
    const rand = random(3);
    const seen = new Set<string | null>();
    for (let trial = 0; trial < 1500; trial++) {
      const shell = star(rand, 6 + Math.floor(rand() * 20), 106.6, 28.9, 0.01, 1e4);
      const holes = Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
        star(rand, 3 + Math.floor(rand() * 6), 106.6 + (rand() - 0.5) * 0.03, 28.9 + (rand() - 0.5) * 0.03, 0.001 + rand() * 0.004, 1e4).reverse(),
      );
      const rings = [shell, ...holes];
      const expected = oldReason(rings);
      const got = validatePolygonGeometry({ type: 'Polygon', coordinates: rings });
      const reason = got.valid ? null : got.reason;
      // ZERO_AREA is checked after both and cannot occur for these stars.
      expect(reason, JSON.stringify(rings)).toBe(expected);
      seen.add(expected);
    }
    expect(seen).toEqual(new Set([null, 'SELF_INTERSECTION', 'HOLE_OUTSIDE_SHELL']));
  });

  it('refuses a geometry over the vertex limit by counting, before any other check', () => {
    const n = MAX_PARCEL_VERTICES + 1;
    // Not even closed or finite: the count must refuse it first.
    const ring = Array.from({ length: n }, () => [NaN, NaN]);
    const result = validatePolygonGeometry({ type: 'Polygon', coordinates: [ring] });
    expect(result).toEqual({ valid: false, reason: 'TOO_MANY_VERTICES', detail: `${n} positions; the limit is ${MAX_PARCEL_VERTICES}` });
  });
});
