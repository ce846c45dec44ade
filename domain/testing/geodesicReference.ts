/**
 * GeographicLib's geodesic polygon area on CGCS2000: the reference every
 * official-area figure is checked against (tests and bench only — it is ~100×
 * slower than the equal-area method in area.ts).
 */
import geodesicModule from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { CGCS2000 } from '../ellipsoid';

const { Geodesic } = geodesicModule;
const cgcs2000 = new Geodesic.Geodesic(CGCS2000.semiMajorAxisMeters, CGCS2000.flattening);

export function geodesicRingAreaSquareMeters(ring: readonly Position[]): number {
  const poly = cgcs2000.Polygon(false);
  const n = ring.length;
  const closed = n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1];
  for (let i = 0; i < (closed ? n - 1 : n); i++) poly.AddPoint(ring[i]![1]!, ring[i]![0]!);
  // reverse=false, sign=false: unsigned area regardless of orientation.
  return Math.abs(poly.Compute(false, false).area ?? Number.NaN);
}

export function geodesicAreaSquareMeters(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polygons) {
    total += geodesicRingAreaSquareMeters(rings[0]!);
    for (let i = 1; i < rings.length; i++) total -= geodesicRingAreaSquareMeters(rings[i]!);
  }
  return total;
}
