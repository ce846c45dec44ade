/**
 * Frozen fixtures for the siting tests: points placed at exact geodesic
 * distances with GeographicLib's direct problem (tests only).
 */
import geodesicModule from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import { CGCS2000 } from '../../ellipsoid';
import { deepFreeze } from '../../testing/fixtures';

const { Geodesic } = geodesicModule;
export const cgcs2000Geodesic = new Geodesic.Geodesic(CGCS2000.semiMajorAxisMeters, CGCS2000.flattening);

/** The point `distanceMeters` from `from` along azimuth `azimuthDegrees` (clockwise from north). */
export function travel(from: Position, azimuthDegrees: number, distanceMeters: number): Position {
  const r = cgcs2000Geodesic.Direct(from[1]!, from[0]!, azimuthDegrees, distanceMeters);
  return deepFreeze([r.lon2!, r.lat2!]);
}

/** Azimuth (degrees) of the geodesic from `from` to `to`, at `from`. */
export function azimuth(from: Position, to: Position): number {
  return cgcs2000Geodesic.Inverse(from[1]!, from[0]!, to[1]!, to[0]!).azi1!;
}

/** GeographicLib's geodesic distance, m: the reference. */
export function referenceDistanceMeters(from: Position, to: Position): number {
  return cgcs2000Geodesic.Inverse(from[1]!, from[0]!, to[1]!, to[0]!).s12!;
}

/** Wansheng's economic and technological development zone, roughly. */
export const PARK_CENTER: Position = deepFreeze([106.93, 28.96]);

/** Deterministic PRNG (mulberry32) for building instances inside property tests. */
export function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
