import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { labelPoint } from './labelPoint';

/** Even-odd point-in-polygon over every ring, to check a label lands inside (holes excluded). */
function inside(p: [number, number], rings: number[][][]): boolean {
  let odd = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > p[1] !== yj! > p[1] && p[0] < ((xj! - xi!) * (p[1] - yi!)) / (yj! - yi!) + xi!) odd = !odd;
    }
  return odd;
}

describe('labelPoint', () => {
  it('puts a square’s label at its middle', () => {
    const square: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
    const [x, y] = labelPoint(square)!;
    expect(x).toBeCloseTo(5, 6);
    expect(y).toBeCloseTo(5, 4);
  });

  it('keeps a C-shaped parcel’s label inside, where its centroid is not', () => {
    const c = [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]]];
    const at = labelPoint({ type: 'Polygon', coordinates: c })!;
    expect(inside(at, c)).toBe(true);
    expect(at[0]).toBeLessThan(2);
  });

  it('avoids a hole in the middle and labels the largest part of a multipolygon', () => {
    const withHole = [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]],
    ];
    const at = labelPoint({ type: 'MultiPolygon', coordinates: [[[[100, 100], [101, 100], [101, 101], [100, 100]]], withHole] })!;
    expect(inside(at, withHole)).toBe(true);
  });
});
