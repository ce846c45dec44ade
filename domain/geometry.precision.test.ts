import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { decimalsOf, isStoredAtClientPrecision } from './geometry.precision';

const stored: Polygon = { type: 'Polygon', coordinates: [[[106.91234567891, 28.9612345678], [106.9143219876, 28.9612345678], [106.9143219876, 28.96345678912], [106.91234567891, 28.9612345678]]] };
const rounded = (g: Polygon, d: number): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map((p) => p.map((v) => Number(v.toFixed(d))))) });

describe('isStoredAtClientPrecision', () => {
  it('counts decimals from the shortest text of a number', () => {
    expect([decimalsOf(106.5), decimalsOf(106), decimalsOf(1e-7), decimalsOf(1.25e-7)]).toEqual([1, 0, 7, 9]);
  });
  it('recognises the stored geometry rounded to 6 decimals (QGIS) or 8', () => {
    expect(isStoredAtClientPrecision(rounded(stored, 6), stored)).toBe(true);
    expect(isStoredAtClientPrecision(rounded(stored, 8), stored)).toBe(true);
    expect(isStoredAtClientPrecision({ type: 'MultiPolygon', coordinates: [rounded(stored, 6).coordinates] }, stored)).toBe(true);
  });
  it('sees a real move of one vertex by 1e-6 degrees (~0.1 m) as a move', () => {
    const moved = rounded(stored, 6);
    moved.coordinates[0]![1]![0] = Number((moved.coordinates[0]![1]![0]! + 1e-6).toFixed(6));
    expect(isStoredAtClientPrecision(moved, stored)).toBe(false);
  });
  it('refuses a coarse drawing (3 decimals) and a different vertex count', () => {
    expect(isStoredAtClientPrecision(rounded(stored, 3), stored)).toBe(false);
    const extra = rounded(stored, 6);
    extra.coordinates[0]!.splice(1, 0, [106.913, 28.9612]);
    expect(isStoredAtClientPrecision(extra, stored)).toBe(false);
  });
});
