/**
 * Small helpers the operations share: turning turf's clipping output back
 * into plain GeoJSON, validated and normalised the same way a save is.
 */
import { feature, featureCollection } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { validatePolygonGeometry } from '../geometry.validation';

export type Poly = Polygon | MultiPolygon;

/** Below this an operation's remainder is floating-point dust, not land, m². */
export const SLIVER_SQUARE_METERS = 0.01;

export function pair(a: Poly, b: Poly): FeatureCollection<Poly> {
  return featureCollection([feature(a), feature(b)]);
}

/** The polygons of a Polygon or MultiPolygon, one Polygon each. */
export function polygonsOf(geometry: Poly): Polygon[] {
  return geometry.type === 'Polygon'
    ? [geometry]
    : geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

/** A Polygon when there is one part, a MultiPolygon for several. */
export function joinPolygons(parts: readonly Polygon[]): Poly {
  if (parts.length === 1) return parts[0]!;
  return { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates) };
}

/** turf's result geometry, validated (2D, exterior counter-clockwise), or null if invalid. */
export function normalised(result: Feature<Poly> | null): Poly | null {
  if (!result) return null;
  const checked = validatePolygonGeometry(result.geometry);
  return checked.valid ? checked.geometry : null;
}
