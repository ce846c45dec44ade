/**
 * Length of a line being drawn, for the form's running figure: the sum of
 * great-circle (haversine) segment lengths on a sphere of the mean Earth
 * radius 6,371,008.8 m (IUGG). Within 0.5 % of the ellipsoidal length, which
 * is plenty for a pipeline sketch; stored lengths are not computed from it.
 */
import type { Position } from 'geojson';

export const MEAN_EARTH_RADIUS_METERS = 6_371_008.8;

const rad = (degrees: number) => (degrees * Math.PI) / 180;

export function haversineMeters(a: Position, b: Position): number {
  const dLat = rad(b[1]! - a[1]!);
  const dLon = rad(b[0]! - a[0]!);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1]!)) * Math.cos(rad(b[1]!)) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function lineLengthMeters(coordinates: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < coordinates.length; i++) total += haversineMeters(coordinates[i - 1]!, coordinates[i]!);
  return total;
}
