import fc from 'fast-check';
import type { LineString, Polygon, Position } from 'geojson';
import { booleanPointInPolygon, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { box, deepFreeze } from '../testing/fixtures';
import { filterCandidates, generateCandidateGrid } from './candidates';
import { geodesicDistanceMeters } from './geodesic';

/** A zone with a hole, and a second zone east of it. */
const ZONE_WITH_HOLE: Polygon = deepFreeze({
  type: 'Polygon',
  coordinates: [
    [[106.9, 28.94], [106.93, 28.94], [106.93, 28.97], [106.9, 28.97], [106.9, 28.94]],
    [[106.91, 28.95], [106.92, 28.95], [106.92, 28.96], [106.91, 28.96], [106.91, 28.95]],
  ],
});
const ZONE_EAST = box(106.94, 28.94, 106.95, 28.95);

const RED_LINE = box(106.9, 28.94, 106.905, 28.97);
const FARMLAND = box(106.925, 28.94, 106.93, 28.945);
const GAS: LineString = deepFreeze({ type: 'LineString', coordinates: [[106.9, 28.955], [106.95, 28.955]] });

describe('generateCandidateGrid', () => {
  const grid = generateCandidateGrid([ZONE_WITH_HOLE, ZONE_EAST], 250);

  it('puts every point inside a zone and none in a hole', () => {
    expect(grid.length).toBeGreaterThan(100);
    for (const p of grid) {
      expect(booleanPointInPolygon(p, ZONE_WITH_HOLE) || booleanPointInPolygon(p, ZONE_EAST)).toBe(true);
      const inHole = p[0]! > 106.91 && p[0]! < 106.92 && p[1]! > 28.95 && p[1]! < 28.96;
      expect(inHole).toBe(false);
    }
  });

  it('spaces neighbours spacingMeters apart to 0.1 %', () => {
    const [a, b] = grid;
    expect(a![1]).toBe(b![1]);
    expect(geodesicDistanceMeters(a!, b!)).toBeCloseTo(250, -1);
    expect(Math.abs(geodesicDistanceMeters(a!, b!) - 250) / 250).toBeLessThan(1e-3);
    const north = grid.find((p) => p[0] === a![0] && p[1]! > a![1]!)!;
    expect(Math.abs(geodesicDistanceMeters(a!, north) - 250) / 250).toBeLessThan(1e-3);
  });

  it('lists each point once where zones overlap', () => {
    const twice = generateCandidateGrid([ZONE_EAST, ZONE_EAST], 250);
    expect(twice).toEqual(generateCandidateGrid([ZONE_EAST], 250));
  });

  it('refuses a spacing that is not a positive number, or one that looks like degrees', () => {
    expect(() => generateCandidateGrid([ZONE_EAST], 0)).toThrow(RangeError);
    expect(() => generateCandidateGrid([ZONE_EAST], 0.001)).toThrow(RangeError);
  });
});

describe('filterCandidates', () => {
  const position = fc.tuple(fc.double({ min: 106.895, max: 106.955, noNaN: true }), fc.double({ min: 28.935, max: 28.975, noNaN: true }));

  it('keeps only candidates outside every forbidden area and near enough to gas, and accounts for all', () => {
    fc.assert(
      fc.property(fc.array(position, { maxLength: 60 }), fc.double({ min: 50, max: 2000, noNaN: true }), (raw, maxDistanceToGasMeters) => {
        const candidates: Position[] = deepFreeze(raw.map(([x, y]) => [x, y]));
        const result = filterCandidates(candidates, { forbidden: [RED_LINE, FARMLAND], gasLines: [GAS], maxDistanceToGasMeters });
        for (const c of result.kept) {
          expect(booleanPointInPolygon(c, RED_LINE) || booleanPointInPolygon(c, FARMLAND)).toBe(false);
          expect(pointToLineDistance(point(c), GAS, { units: 'meters' })).toBeLessThanOrEqual(maxDistanceToGasMeters);
        }
        for (const r of result.rejected) {
          const c = candidates[r.index]!;
          const forbidden = booleanPointInPolygon(c, RED_LINE) || booleanPointInPolygon(c, FARMLAND);
          expect(r.reason).toBe(forbidden ? 'IN_FORBIDDEN_AREA' : 'TOO_FAR_FROM_GAS');
          if (!forbidden) expect(pointToLineDistance(point(c), GAS, { units: 'meters' })).toBeGreaterThan(maxDistanceToGasMeters);
        }
        const seen = [...result.keptIndices, ...result.rejected.map((r) => r.index)].sort((a, b) => a - b);
        expect(seen).toEqual(candidates.map((_, i) => i));
        expect(result.kept).toEqual(result.keptIndices.map((i) => candidates[i]));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a candidate on a forbidden boundary', () => {
    expect(filterCandidates([[106.905, 28.95]], { forbidden: [RED_LINE] }).rejected).toEqual([{ index: 0, reason: 'IN_FORBIDDEN_AREA' }]);
  });

  it('ignores gas unless a maximum distance is given, and rejects all when one is given without lines', () => {
    const candidates = deepFreeze([[106.94, 28.97]]);
    expect(filterCandidates(candidates, { forbidden: [] }).kept).toHaveLength(1);
    expect(filterCandidates(candidates, { forbidden: [], maxDistanceToGasMeters: 100 }).rejected).toEqual([{ index: 0, reason: 'TOO_FAR_FROM_GAS' }]);
  });
});
