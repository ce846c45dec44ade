import { distance as turfDistance } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodesicDistanceMeters, metersPerDegree } from './geodesic';
import { PARK_CENTER, referenceDistanceMeters, travel } from './testing/fixtures';

describe('geodesicDistanceMeters (Vincenty on CGCS2000)', () => {
  it('agrees with GeographicLib to 0.1 mm on lines up to ~60 km around the park', () => {
    const lon = fc.double({ min: 106.6, max: 107.2, noNaN: true });
    const lat = fc.double({ min: 28.7, max: 29.2, noNaN: true });
    fc.assert(
      fc.property(lon, lat, lon, lat, (lon1, lat1, lon2, lat2) => {
        const ours = geodesicDistanceMeters([lon1, lat1], [lon2, lat2]);
        expect(Math.abs(ours - referenceDistanceMeters([lon1, lat1], [lon2, lat2]))).toBeLessThan(1e-4);
      }),
      { numRuns: 500 },
    );
  });

  it('is zero for coincident points and symmetric', () => {
    expect(geodesicDistanceMeters(PARK_CENTER, PARK_CENTER)).toBe(0);
    const far: [number, number] = [106.95, 28.99];
    expect(geodesicDistanceMeters(PARK_CENTER, far)).toBeCloseTo(geodesicDistanceMeters(far, PARK_CENTER), 9);
  });

  it('reads a 2 km radius a few metres differently from turf.distance (sphere)', () => {
    const north = travel(PARK_CENTER, 0, 2000);
    expect(geodesicDistanceMeters(PARK_CENTER, north)).toBeCloseTo(2000, 6);
    const spherical = turfDistance(PARK_CENTER, north, { units: 'meters' });
    expect(Math.abs(spherical - 2000)).toBeGreaterThan(1);
    expect(Math.abs(spherical - 2000)).toBeLessThan(10);
  });

  it('matches the JSDoc example', () => {
    expect(geodesicDistanceMeters([106.93, 28.96], [106.94, 28.96])).toBeCloseTo(975.0, 0);
  });
});

describe('metersPerDegree', () => {
  it('gives the length of 0.001° north and east at 29°N to 1e-6', () => {
    const scale = metersPerDegree(28.96);
    const north = geodesicDistanceMeters([106.93, 28.9595], [106.93, 28.9605]);
    const east = geodesicDistanceMeters([106.9295, 28.96], [106.9305, 28.96]);
    expect(scale.latitude * 0.001).toBeCloseTo(north, 4);
    expect(Math.abs(scale.longitude * 0.001 - east) / east).toBeLessThan(1e-6);
  });
});
