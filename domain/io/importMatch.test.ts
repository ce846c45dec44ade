import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { fieldChanges, matchValue, sameShapeWithinMeters, suggestedMatchKey, updatedProperties } from './importMatch';

const square: Polygon = { type: 'Polygon', coordinates: [[[107, 29], [107.001, 29], [107.001, 29.001], [107, 29.001], [107, 29]]] };
const shift = (g: Polygon, dxDeg: number): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(([x, y]) => [x! + dxDeg, y!])) });

describe('matching a re-imported feature to its parcel', () => {
  it('suggests the id of our exports, else the TXT parcel code; reads ids as numbers only', () => {
    expect(suggestedMatchKey(['id', 'name'])).toEqual({ attribute: 'id', field: 'id' });
    expect(suggestedMatchKey(['parcelCode', 'name'])).toEqual({ attribute: 'parcelCode', field: 'id' });
    expect(suggestedMatchKey(['name'])).toBeNull();
    expect(matchValue({ id: 42 }, { attribute: 'id', field: 'id' })).toBe('42');
    expect(matchValue({ parcelCode: ' 007 ' }, { attribute: 'parcelCode', field: 'id' })).toBe('7');
    expect(matchValue({ parcelCode: 'DK001' }, { attribute: 'parcelCode', field: 'id' })).toBeNull();
    expect(matchValue({ name: ' 地块甲 ' }, { attribute: 'name', field: 'name' })).toBe('地块甲');
  });

  it('keeps stored fields the file lacks or leaves empty; takes the ones it carries', () => {
    const stored = { name: 'A', status: 'supplied', supplyYear: 2024, investmentYi: 3.5, landUseCode: '100102' };
    const txt = { parcelCode: '7', name: 'A 改', landUseCode: '100101' };
    const updated = updatedProperties(stored, txt, { name: 'name', landUseCode: 'landUseCode' });
    expect(updated).toEqual({ name: 'A 改', status: 'supplied', supplyYear: 2024, investmentYi: 3.5, landUseCode: '100101' });
    expect(fieldChanges(stored, updated)).toEqual([
      { field: 'landUseCode', from: '100102', to: '100101' },
      { field: 'name', from: 'A', to: 'A 改' },
    ]);
    expect(updatedProperties(stored, { investmentYi: '' }, { investmentYi: 'investmentYi' }).investmentYi).toBe(3.5);
  });

  it('takes a shape back within 5 cm as the same, whatever its start vertex, winding or part order; 10 cm is a move', () => {
    const ring = square.coordinates[0]!;
    const rotatedReversed: Polygon = { type: 'Polygon', coordinates: [[ring[2]!, ring[1]!, ring[0]!, ring[3]!, ring[2]!]] };
    expect(sameShapeWithinMeters(rotatedReversed, square, 0.05)).toBe(true);
    const oneCm = 0.01 / (111_320 * Math.cos((29 * Math.PI) / 180));
    expect(sameShapeWithinMeters(shift(square, oneCm), square, 0.05)).toBe(true);
    expect(sameShapeWithinMeters(shift(square, oneCm * 10), square, 0.05)).toBe(false);
    const moved: Polygon = { type: 'Polygon', coordinates: [ring.map((p, i) => (i === 2 ? [p[0]! + oneCm * 10, p[1]!] : p))] };
    expect(sameShapeWithinMeters(moved, square, 0.05)).toBe(false);
    const other = shift(square, 0.01);
    expect(sameShapeWithinMeters({ type: 'MultiPolygon', coordinates: [other.coordinates, square.coordinates] }, { type: 'MultiPolygon', coordinates: [square.coordinates, other.coordinates] }, 0.05)).toBe(true);
  });
});
