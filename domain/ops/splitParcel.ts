/**
 * Split a parcel along a line the planner draws across it. The line is
 * extended at both ends to a box around the parcel and closed along one side
 * of the box, giving a "blade" polygon; the pieces are the parcel inside and
 * outside the blade, so they add up to the parcel (to clipping precision).
 * Work is in the lon/lat plane, which is fine at park scale: the line is a
 * planning cut, not a surveyed boundary.
 */
import { bbox as turfBbox, difference, intersect, kinks, lineString } from '@turf/turf';
import type { LineString, Polygon, Position } from 'geojson';
import { areaSquareMeters } from '../area';
import { opFailure, type OpResult } from './opReasons';
import { normalised, pair, polygonsOf, SLIVER_SQUARE_METERS, type Poly } from './polygonParts';

type Box = [minX: number, minY: number, maxX: number, maxY: number];

/** Where the ray from `from` in direction `d` leaves `box`, and the side it leaves by. */
function exitPoint(from: Position, d: [number, number], box: Box): Position | null {
  const [minX, minY, maxX, maxY] = box;
  let best = Infinity;
  const tryT = (t: number) => {
    if (t > 0 && t < best) {
      const x = from[0]! + d[0] * t;
      const y = from[1]! + d[1] * t;
      if (x >= minX - 1e-12 && x <= maxX + 1e-12 && y >= minY - 1e-12 && y <= maxY + 1e-12) best = t;
    }
  };
  if (d[0] !== 0) {
    tryT((minX - from[0]!) / d[0]);
    tryT((maxX - from[0]!) / d[0]);
  }
  if (d[1] !== 0) {
    tryT((minY - from[1]!) / d[1]);
    tryT((maxY - from[1]!) / d[1]);
  }
  return Number.isFinite(best) ? [from[0]! + d[0] * best, from[1]! + d[1] * best] : null;
}

/** Position along the box's perimeter, counter-clockwise from the south-west corner, 0..4. */
function perimeterParameter(p: Position, box: Box): number {
  const [minX, minY, maxX, maxY] = box;
  const eps = 1e-12 * Math.max(1, Math.abs(maxX), Math.abs(maxY));
  if (Math.abs(p[1]! - minY) <= eps) return (p[0]! - minX) / (maxX - minX);
  if (Math.abs(p[0]! - maxX) <= eps) return 1 + (p[1]! - minY) / (maxY - minY);
  if (Math.abs(p[1]! - maxY) <= eps) return 2 + (maxX - p[0]!) / (maxX - minX);
  return 3 + (maxY - p[1]!) / (maxY - minY);
}

function direction(a: Position, b: Position): [number, number] {
  return [b[0]! - a[0]!, b[1]! - a[1]!];
}

/** The blade: the line, extended to the box, closed counter-clockwise along the box from its end to its start. */
function bladePolygon(line: Position[], box: Box): Polygon | null {
  const first = line[0]!;
  const second = line[1]!;
  const last = line[line.length - 1]!;
  const beforeLast = line[line.length - 2]!;
  const start = exitPoint(first, direction(second, first), box);
  const end = exitPoint(last, direction(beforeLast, last), box);
  if (!start || !end) return null;
  const corners: [number, Position][] = [
    [1, [box[2], box[1]]],
    [2, [box[2], box[3]]],
    [3, [box[0], box[3]]],
    [4, [box[0], box[1]]],
  ];
  const tEnd = perimeterParameter(end, box);
  let tStart = perimeterParameter(start, box);
  if (tStart <= tEnd) tStart += 4;
  const walk: Position[] = [];
  for (const lap of [0, 4]) {
    for (const [t, corner] of corners) if (t + lap > tEnd && t + lap < tStart) walk.push(corner);
  }
  const ring = [start, ...line, end, ...walk, start];
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * The pieces of `parcel` on either side of `line`, largest first. The
 * line's ends are extended straight on, so a line that stops just short of
 * an edge still cuts through; one that misses the parcel is refused.
 */
export function splitParcel(parcel: Poly, line: LineString): OpResult<Polygon[]> {
  const positions = line.coordinates.filter(
    (p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1],
  );
  if (positions.length < 2) return opFailure('LINE_DOES_NOT_SPLIT');
  if (positions.length > 2 && kinks(lineString(positions)).features.length > 0) return opFailure('LINE_SELF_INTERSECTS');
  const [px0, py0, px1, py1] = turfBbox(parcel);
  const [lx0, ly0, lx1, ly1] = turfBbox(lineString(positions));
  const minX = Math.min(px0!, lx0!);
  const minY = Math.min(py0!, ly0!);
  const maxX = Math.max(px1!, lx1!);
  const maxY = Math.max(py1!, ly1!);
  const margin = Math.max(maxX - minX, maxY - minY, 1e-6);
  const box: Box = [minX - margin, minY - margin, maxX + margin, maxY + margin];
  const blade = bladePolygon(positions, box);
  if (!blade) return opFailure('LINE_DOES_NOT_SPLIT');
  const inside = normalised(intersect(pair(parcel, blade)));
  const outside = normalised(difference(pair(parcel, blade)));
  const pieces = [...(inside ? polygonsOf(inside) : []), ...(outside ? polygonsOf(outside) : [])]
    .map((polygon) => ({ polygon, areaSquareMeters: areaSquareMeters(polygon) }))
    .filter((p) => p.areaSquareMeters > SLIVER_SQUARE_METERS)
    .sort((a, b) => b.areaSquareMeters - a.areaSquareMeters);
  if (pieces.length < 2) return opFailure('LINE_DOES_NOT_SPLIT');
  return { ok: true, value: pieces.map((p) => p.polygon) };
}
