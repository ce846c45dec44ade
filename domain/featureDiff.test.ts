import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { diffVersions } from './featureDiff';

const f = (props: Record<string, unknown>, x = 0): Feature => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[x, 0], [1, 0], [1, 1], [x, 0]]] }, properties: props });

describe('diffVersions', () => {
  it('lists each editable field from → to and the area change, ignoring computed fields', () => {
    const d = diffVersions(
      f({ name: 'A', investmentYi: 3.5, areaSquareMeters: 1000, version: 1, updatedAt: 'x' }),
      f({ name: 'A', investmentYi: 1.75, areaSquareMeters: 600, version: 2, updatedAt: 'y' }, 0.5),
    );
    expect(d.fields).toEqual([{ field: 'investmentYi', from: 3.5, to: 1.75 }]);
    expect(d.geometryChanged).toBe(true);
    expect(d.areaChangeSquareMeters).toBe(-400);
  });
  it('says nothing changed only when nothing did', () => {
    expect(diffVersions(f({ name: 'A', areaSquareMeters: 5 }), f({ name: 'A', areaSquareMeters: 5 }))).toEqual({ fields: [], geometryChanged: false, areaChangeSquareMeters: 0 });
  });
  it('has no field list for a create or a delete', () => {
    expect(diffVersions(null, f({ name: 'A', areaSquareMeters: 5 })).fields).toEqual([]);
  });
});
