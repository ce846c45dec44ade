/**
 * Clip a drawn shape: keep only the part inside a zone, or cut away the parts
 * that overlap neighbouring parcels (so the draft passes the no-overlap rule).
 */
import { difference, feature, featureCollection, intersect, union } from '@turf/turf';
import { opFailure, type OpResult } from './opReasons';
import { normalised, pair, type Poly } from './polygonParts';

/** The part of `shape` inside `zone`. */
export function clipToZone(shape: Poly, zone: Poly): OpResult<Poly> {
  const inside = normalised(intersect(pair(shape, zone)));
  return inside ? { ok: true, value: inside } : opFailure('NOTHING_LEFT');
}

/** `shape` minus every one of `neighbours` (those not touching it change nothing). */
export function clipAwayFrom(shape: Poly, neighbours: readonly Poly[]): OpResult<Poly> {
  if (neighbours.length === 0) return { ok: true, value: shape };
  const cover =
    neighbours.length === 1 ? feature(neighbours[0]!) : union(featureCollection(neighbours.map((n) => feature(n))));
  if (!cover) return { ok: true, value: shape };
  const rest = normalised(difference(featureCollection([feature(shape), cover])));
  return rest ? { ok: true, value: rest } : opFailure('NOTHING_LEFT');
}
