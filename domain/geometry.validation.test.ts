import { describe, expect, it } from 'vitest';
import { validatePolygonGeometry } from './geometry.validation';
import { REASONS } from './reasons';

const ring = (coords: unknown[][]) => ({ type: 'Polygon', coordinates: [coords] });
const SQUARE_CCW = [[106.9, 28.9], [106.91, 28.9], [106.91, 28.91], [106.9, 28.91], [106.9, 28.9]];

describe('validatePolygonGeometry', () => {
  it('accepts a valid parcel', () => {
    expect(validatePolygonGeometry(ring(SQUARE_CCW)).valid).toBe(true);
  });

  it('rewinds a clockwise exterior ring instead of refusing it', () => {
    const result = validatePolygonGeometry(ring([...SQUARE_CCW].reverse()));
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    // Counter-clockwise: positive signed shoelace in lon/lat.
    const c = result.geometry.coordinates[0] as number[][];
    let s = 0;
    for (let i = 0; i < c.length - 1; i++) s += c[i]![0]! * c[i + 1]![1]! - c[i + 1]![0]! * c[i]![1]!;
    expect(s).toBeGreaterThan(0);
  });

  it('drops altitude', () => {
    const result = validatePolygonGeometry(ring(SQUARE_CCW.map(([x, y]) => [x, y, 350])));
    expect(result.valid && result.geometry.coordinates[0]![0]).toEqual([106.9, 28.9]);
  });

  const refusals: [string, unknown, keyof typeof REASONS][] = [
    ['a point', { type: 'Point', coordinates: [106.9, 28.9] }, 'NOT_A_POLYGON'],
    ['null', null, 'NOT_A_POLYGON'],
    ['no rings', { type: 'Polygon', coordinates: [] }, 'EMPTY_GEOMETRY'],
    ['a ring of 3 positions', ring([[106.9, 28.9], [106.91, 28.9], [106.9, 28.9]]), 'RING_TOO_SHORT'],
    ['an open ring', ring([[106.9, 28.9], [106.91, 28.9], [106.91, 28.91], [106.9, 28.91], [106.9, 28.92]]), 'RING_NOT_CLOSED'],
    ['NaN', ring([[106.9, 28.9], [Number.NaN, 28.9], [106.91, 28.91], [106.9, 28.9]]), 'NON_FINITE_COORDINATE'],
    ['a string coordinate', ring([[106.9, 28.9], ['106.91', 28.9], [106.91, 28.91], [106.9, 28.9]]), 'NON_FINITE_COORDINATE'],
    ['Infinity', ring([[106.9, 28.9], [Infinity, 28.9], [106.91, 28.91], [106.9, 28.9]]), 'NON_FINITE_COORDINATE'],
    [
      'projected metres (Gauss–Krüger zone 36)',
      ring([[36_493_000, 3_204_000], [36_494_000, 3_204_000], [36_494_000, 3_205_000], [36_493_000, 3_204_000]]),
      'COORDINATE_OUT_OF_RANGE',
    ],
    ['swapped axes (lat, lon)', ring(SQUARE_CCW.map(([x, y]) => [y!, x!])), 'COORDINATE_OUT_OF_RANGE'],
    ['a parcel in Europe', ring([[2.3, 48.8], [2.31, 48.8], [2.31, 48.81], [2.3, 48.8]]), 'OUTSIDE_CHINA'],
    [
      'a bowtie',
      ring([[106.9, 28.9], [106.91, 28.91], [106.91, 28.9], [106.9, 28.91], [106.9, 28.9]]),
      'SELF_INTERSECTION',
    ],
    [
      'a hole outside its shell',
      {
        type: 'Polygon',
        coordinates: [SQUARE_CCW, [[106.95, 28.95], [106.95, 28.96], [106.96, 28.96], [106.96, 28.95], [106.95, 28.95]]],
      },
      'HOLE_OUTSIDE_SHELL',
    ],
    // Along a meridian, so the geodesic edges really enclose nothing.
    ['a zero-area sliver', ring([[106.9, 28.9], [106.9, 28.91], [106.9, 28.92], [106.9, 28.9]]), 'ZERO_AREA'],
    ['a bad MultiPolygon member', { type: 'MultiPolygon', coordinates: [[SQUARE_CCW], [[[106.9, 28.9]]]] }, 'RING_TOO_SHORT'],
  ];

  for (const [name, geometry, reason] of refusals) {
    it(`refuses ${name} with ${reason}`, () => {
      const result = validatePolygonGeometry(geometry);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.reason).toBe(reason);
    });
  }

  it('every reason has Chinese and English text', () => {
    for (const [code, text] of Object.entries(REASONS)) {
      expect(text.zh.length, code).toBeGreaterThan(1);
      expect(text.en.length, code).toBeGreaterThan(3);
      expect(/[\u4e00-\u9fff]/.test(text.zh), code).toBe(true);
    }
  });
});
