/**
 * The union of stored parcel shapes, for a zone drawn from parcels (turf
 * union in the lon/lat plane; the zone's area is then taken on the
 * ellipsoid). Pure: run in the pool by the route, or inline by the store.
 */
import { feature, featureCollection, union } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

type Poly = Polygon | MultiPolygon;

/** The union of the shapes given as stored GeoJSON text; null when it is empty. */
export function uniteShapes(geometries: readonly string[]): Poly | null {
  const shapes = geometries.map((g) => feature(JSON.parse(g) as Poly));
  const merged = shapes.length === 1 ? shapes[0]! : union(featureCollection(shapes));
  return merged ? merged.geometry : null;
}
