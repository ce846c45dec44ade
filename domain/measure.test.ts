import { describe, expect, it } from 'vitest';
import { geodesicAreaSquareMeters } from './testing/geodesicReference';
import { closedRing, geodesicDistanceMeters, measureArea, pathLengthMeters } from './measure';

/** A point `east` and `north` metres from (lon, lat) on CGCS2000, by the local radii of curvature (exact enough at 100 m). */
function offsetMeters([lon, lat]: [number, number], east: number, north: number): [number, number] {
  const a = 6378137;
  const e2 = (2 - 1 / 298.257222101) / 298.257222101;
  const phi = (lat * Math.PI) / 180;
  const w = Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const meridional = (a * (1 - e2)) / w ** 3;
  const normal = a / w;
  return [lon + ((east / (normal * Math.cos(phi))) * 180) / Math.PI, lat + ((north / meridional) * 180) / Math.PI];
}

const ORIGIN: [number, number] = Object.freeze([106.93, 28.96]) as [number, number];

describe('geodesicDistanceMeters', () => {
  it('reads 100 m east and 100 m north within a millimetre', () => {
    expect(geodesicDistanceMeters(ORIGIN, offsetMeters(ORIGIN, 100, 0))).toBeCloseTo(100, 3);
    expect(geodesicDistanceMeters(ORIGIN, offsetMeters(ORIGIN, 0, 100))).toBeCloseTo(100, 3);
  });
  it('one degree of latitude at the equator is 110,574.4 m on CGCS2000', () => {
    expect(geodesicDistanceMeters([0, 0], [0, 1])).toBeCloseTo(110574.39, 1);
  });
});

describe('measureArea', () => {
  const square = [ORIGIN, offsetMeters(ORIGIN, 100, 0), offsetMeters(ORIGIN, 100, 100), offsetMeters(ORIGIN, 0, 100)];
  it('a 100 m square is 10,000 m², 15 亩, with a 400 m perimeter', () => {
    const m = measureArea(square);
    expect(Math.abs(m.areaSquareMeters - 10_000) / 10_000).toBeLessThan(0.001);
    expect(Math.abs(m.areaMu - 15) / 15).toBeLessThan(0.001);
    expect(m.perimeterMeters).toBeCloseTo(400, 0);
  });
  it('agrees with GeographicLib’s geodesic polygon area', () => {
    const ring = closedRing(square);
    expect(measureArea(square).areaSquareMeters).toBeCloseTo(geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [ring] }), 1);
  });
  it('is zero below three points, whose perimeter is still their path there and back', () => {
    const two = square.slice(0, 2);
    expect(measureArea(two).areaSquareMeters).toBe(0);
    expect(measureArea(two).perimeterMeters).toBeCloseTo(2 * pathLengthMeters(two), 6);
  });
});
