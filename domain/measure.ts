/**
 * The measuring tool's figures: geodesic distance along a path and the area
 * of a drawn ring, both on CGCS2000. Distance is GeographicLib's inverse
 * geodesic (exact to nanometres); area is the official ellipsoidal area
 * (area.ts), so a measured parcel outline reads the same 亩 as the ledger.
 */
import geodesicModule from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import { areaSquareMeters } from './area';
import { CGCS2000 } from './ellipsoid';
import { squareMetersToMu } from './units';

const cgcs2000 = new geodesicModule.Geodesic.Geodesic(CGCS2000.semiMajorAxisMeters, CGCS2000.flattening);

/** Geodesic distance between two lon/lat points on CGCS2000, m. */
export function geodesicDistanceMeters(a: Position, b: Position): number {
  return cgcs2000.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12 ?? Number.NaN;
}

/** Length of a path through `points`, m (0 for fewer than two). */
export function pathLengthMeters(points: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += geodesicDistanceMeters(points[i - 1]!, points[i]!);
  return total;
}

/** The ring through `points`, closed on its first point. */
export function closedRing(points: readonly Position[]): Position[] {
  if (points.length === 0) return [];
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? [...points] : [...points, first];
}

export interface AreaMeasurement {
  areaSquareMeters: number;
  areaMu: number;
  perimeterMeters: number;
}

/** Area and perimeter of the ring through `points` (zero below three distinct points). */
export function measureArea(points: readonly Position[]): AreaMeasurement {
  const ring = closedRing(points);
  if (ring.length < 4) return { areaSquareMeters: 0, areaMu: 0, perimeterMeters: pathLengthMeters(ring) };
  const area = areaSquareMeters({ type: 'Polygon', coordinates: [ring] });
  return { areaSquareMeters: area, areaMu: squareMetersToMu(area), perimeterMeters: pathLengthMeters(ring) };
}
