/**
 * Merge adjacent parcels into one. Parcels that only touch at a corner, or
 * not at all, would become a MultiPolygon: that is refused, since a merged
 * parcel is one piece of land.
 */
import { feature, featureCollection, union } from '@turf/turf';
import type { Polygon } from 'geojson';
import { opFailure, type OpResult } from './opReasons';
import { normalised, type Poly } from './polygonParts';

export function mergeParcels(parcels: readonly Poly[]): OpResult<Polygon> {
  if (parcels.length < 2) return opFailure('TOO_FEW_PARCELS');
  const merged = normalised(union(featureCollection(parcels.map((p) => feature(p)))));
  if (!merged) return opFailure('INVALID_RESULT');
  if (merged.type !== 'Polygon') return opFailure('NOT_ADJACENT');
  return { ok: true, value: merged };
}
