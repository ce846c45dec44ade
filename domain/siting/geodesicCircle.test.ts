import { booleanClockwise, circle as turfCircle } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodesicDistanceMeters } from './geodesic';
import { geodesicCircle, geodesicCircleRing, geodesicDestination, SERVICE_AREA_VERTICES } from './geodesicCircle';
import { PARK_CENTER } from './testing/fixtures';

describe('geodesicDestination (Vincenty direct on CGCS2000)', () => {
  it('lands at the requested geodesic distance (geodesic.ts) to 1 mm, any azimuth, up to 30 km around the park', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 106.6, max: 107.2, noNaN: true }),
        fc.double({ min: 28.7, max: 29.2, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 1, max: 30_000, noNaN: true }),
        (lon, lat, azimuth, meters) => {
          const end = geodesicDestination([lon, lat], azimuth, meters);
          expect(Math.abs(geodesicDistanceMeters([lon, lat], end) - meters)).toBeLessThan(1e-3);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('goes north along the meridian and east along the parallel’s geodesic', () => {
    const north = geodesicDestination(PARK_CENTER, 0, 2000);
    expect(north[0]).toBeCloseTo(PARK_CENTER[0]!, 12);
    expect(north[1]).toBeGreaterThan(PARK_CENTER[1]!);
    const east = geodesicDestination(PARK_CENTER, 90, 2000);
    expect(east[0]).toBeGreaterThan(PARK_CENTER[0]!);
    expect(Math.abs(east[1]! - PARK_CENTER[1]!)).toBeLessThan(1e-3);
  });

  it('matches the JSDoc example and returns the origin for zero distance', () => {
    const p = geodesicDestination([106.93, 28.96], 90, 975);
    expect(p[0]).toBeCloseTo(106.94, 4);
    expect(geodesicDestination([106.93, 28.96], 45, 0)).toEqual([106.93, 28.96]);
  });
});

describe('geodesicCircleRing', () => {
  it('puts all 128 vertices at the service radius to < 0.01 m, closed and counter-clockwise', () => {
    for (const radiusMeters of [500, 2500, 8000]) {
      const ring = geodesicCircleRing(PARK_CENTER, radiusMeters);
      expect(ring).toHaveLength(SERVICE_AREA_VERTICES + 1);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const vertex of ring) expect(Math.abs(geodesicDistanceMeters(PARK_CENTER, vertex) - radiusMeters)).toBeLessThan(0.01);
      expect(booleanClockwise(ring)).toBe(false);
    }
  });

  it('differs from turf.circle (sphere) by metres on a 2.5 km radius', () => {
    const ours = geodesicCircle(PARK_CENTER, 2500).coordinates[0]!;
    const spherical = turfCircle(PARK_CENTER, 2.5, { steps: 128, units: 'kilometers' }).geometry.coordinates[0]!;
    const worst = Math.max(...spherical.map((v) => Math.abs(geodesicDistanceMeters(PARK_CENTER, v) - 2500)));
    expect(worst).toBeGreaterThan(1);
    expect(Math.max(...ours.map((v) => Math.abs(geodesicDistanceMeters(PARK_CENTER, v) - 2500)))).toBeLessThan(0.01);
  });

  it('refuses degenerate rings', () => {
    expect(() => geodesicCircleRing(PARK_CENTER, 0)).toThrow(RangeError);
    expect(() => geodesicCircleRing(PARK_CENTER, 100, 2)).toThrow(RangeError);
  });
});
