import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from './area';
import { box, ZONES } from './testing/fixtures';
import { computeZoneCells, scopeAreaSquareMeters, zoneShares } from './zoneCells';

describe('computeZoneCells', () => {
  it('a parcel inside SMALL (inside BIG) is one cell in both zones', () => {
    const parcel = box(106.912, 28.912, 106.914, 28.914);
    const cells = computeZoneCells(parcel, ZONES);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.zones).toEqual(['BIG', 'SMALL']);
    expect(cells[0]!.areaSquareMeters).toBe(areaSquareMeters(parcel));
  });

  it('a parcel straddling BIG’s east edge splits into inside and outside cells that sum to the whole', () => {
    const parcel = box(106.935, 28.905, 106.945, 28.906);
    const cells = computeZoneCells(parcel, ZONES);
    const inside = cells.find((c) => c.zones.join() === 'BIG')!;
    const outside = cells.find((c) => c.zones.length === 0)!;
    expect(inside.areaSquareMeters).toBeCloseTo(areaSquareMeters(box(106.935, 28.905, 106.94, 28.906)), 2);
    expect(outside.areaSquareMeters).toBeCloseTo(areaSquareMeters(box(106.94, 28.905, 106.945, 28.906)), 2);
    expect(inside.areaSquareMeters + outside.areaSquareMeters).toBeCloseTo(areaSquareMeters(parcel), 6);
  });

  it('scope area over overlapping zones counts each square metre once', () => {
    const parcel = box(106.915, 28.915, 106.925, 28.925); // pokes out of SMALL, inside BIG
    const cells = computeZoneCells(parcel, ZONES);
    const whole = areaSquareMeters(parcel);
    expect(scopeAreaSquareMeters(cells, new Set(['BIG', 'SMALL']))).toBeCloseTo(whole, 6);
    expect(scopeAreaSquareMeters(cells, new Set(['BIG']))).toBeCloseTo(whole, 6);
    const inSmall = scopeAreaSquareMeters(cells, new Set(['SMALL']));
    // The cut along a parallel is not a geodesic: pieces agree with their own geodesic area to ~1e-5.
    const smallPiece = areaSquareMeters(box(106.915, 28.915, 106.92, 28.92));
    expect(Math.abs(inSmall - smallPiece) / smallPiece).toBeLessThan(1e-5);
    const shares = zoneShares(cells);
    expect(shares.map((s) => s.code)).toEqual(['BIG', 'SMALL']);
    expect(shares[0]!.fraction).toBeCloseTo(1, 9);
    expect(shares[1]!.fraction).toBeCloseTo(inSmall / whole, 9);
  });

  it('a parcel outside every zone has a single empty cell', () => {
    const cells = computeZoneCells(box(107.0, 29.0, 107.001, 29.001), ZONES);
    expect(cells).toEqual([{ zones: [], areaSquareMeters: expect.any(Number) }]);
  });
});
