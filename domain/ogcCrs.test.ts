import { describe, expect, it } from 'vitest';
import { bboxToCrs84, CRS84_URI, geometryFromCrs, geometryToCrs, ogcCrsOf } from './ogcCrs';

describe('ogcCrsOf', () => {
  it('reads URIs (bare or in <>, http or https), EPSG:n and OGC:CRS84', () => {
    expect(ogcCrsOf('http://www.opengis.net/def/crs/EPSG/0/4545')?.code).toBe('EPSG:4545');
    expect(ogcCrsOf('<http://www.opengis.net/def/crs/EPSG/0/4524>')?.code).toBe('EPSG:4524');
    expect(ogcCrsOf('https://www.opengis.net/def/crs/EPSG/0/4490')?.northFirst).toBe(true);
    expect(ogcCrsOf('EPSG:4545')?.uri).toBe('http://www.opengis.net/def/crs/EPSG/0/4545');
    expect(ogcCrsOf('OGC:CRS84')?.uri).toBe(CRS84_URI);
    expect(ogcCrsOf('EPSG:3857')).toBeNull();
    expect(ogcCrsOf('EPSG:4326')).toBeNull();
  });
});

describe('geometry and bbox reprojection', () => {
  const square = { type: 'Polygon' as const, coordinates: [[[106.9, 28.95], [106.91, 28.95], [106.91, 28.96], [106.9, 28.96], [106.9, 28.95]]] };

  it('EPSG:4545 round-trips to well under a millimetre (1e-9° ≈ 0.1 mm)', () => {
    const crs = ogcCrsOf('EPSG:4545')!;
    const projected = geometryToCrs(square, crs);
    expect(projected.coordinates[0]![0]![0]).toBeGreaterThan(3_000_000); // northing first
    const back = geometryFromCrs(projected, crs);
    back.coordinates[0]!.forEach((p, i) => {
      expect(Math.abs(p[0]! - square.coordinates[0]![i]![0]!)).toBeLessThan(1e-9);
      expect(Math.abs(p[1]! - square.coordinates[0]![i]![1]!)).toBeLessThan(1e-9);
    });
  });

  it('a north-first bbox becomes the CRS84 box containing it', () => {
    const crs = ogcCrsOf('EPSG:4545')!;
    const ring = geometryToCrs(square, crs).coordinates[0]!;
    const ns = ring.map((p) => p[0]!);
    const es = ring.map((p) => p[1]!);
    const box = bboxToCrs84([Math.min(...ns), Math.min(...es), Math.max(...ns), Math.max(...es)], crs);
    expect(box[0]).toBeCloseTo(106.9, 3); // grid convergence: the projected box is a little larger
    expect(box[1]).toBeCloseTo(28.95, 3);
    expect(box[0]).toBeLessThanOrEqual(106.9 + 1e-9);
    expect(box[3]).toBeGreaterThanOrEqual(28.96 - 1e-9);
    expect(bboxToCrs84([28.95, 106.9, 28.96, 106.91], ogcCrsOf('EPSG:4490')!)).toEqual([106.9, 28.95, 106.91, 28.96]);
  });
});
