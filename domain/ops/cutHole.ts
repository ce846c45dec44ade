/**
 * Cut a hole: the planner draws a shape inside a parcel (a retained pond, a
 * substation plot owned by someone else) and it becomes an inner ring.
 */
import { difference } from '@turf/turf';
import type { Polygon } from 'geojson';
import { areaSquareMeters } from '../area';
import { opFailure, type OpResult } from './opReasons';
import { normalised, pair, SLIVER_SQUARE_METERS, type Poly } from './polygonParts';

/**
 * `parcel` with `hole` removed. The hole must lie wholly inside the parcel:
 * a shape that crosses the boundary is a notch, done with clipAwayFrom.
 */
export function cutHole(parcel: Poly, hole: Polygon): OpResult<Poly> {
  const holeSquareMeters = areaSquareMeters(hole);
  const result = normalised(difference(pair(parcel, hole)));
  if (!result) return opFailure('NOTHING_LEFT');
  const removedSquareMeters = areaSquareMeters(parcel) - areaSquareMeters(result);
  // Wholly inside ⇔ everything of the hole was removed (to clipping precision).
  if (Math.abs(removedSquareMeters - holeSquareMeters) > Math.max(SLIVER_SQUARE_METERS, holeSquareMeters * 1e-6)) {
    return opFailure('HOLE_NOT_INSIDE');
  }
  return { ok: true, value: result };
}
