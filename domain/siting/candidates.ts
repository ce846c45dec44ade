/**
 * Candidate sites for energy stations: a regular grid over the zones, then
 * screened against the places a station may not go.
 */
import { bbox as turfBbox, booleanPointInPolygon, lineString, point as turfPoint, pointToLineDistance } from '@turf/turf';
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { metersPerDegree } from './geodesic';

/** Reason codes for a rejected candidate, with the texts shown to planners. */
export const CANDIDATE_REJECTIONS = {
  IN_FORBIDDEN_AREA: { zh: '位于禁止选址区域内（生态保护红线、永久基本农田或已有地块）', en: 'Inside a forbidden area (ecological red line, permanent basic farmland or an existing parcel)' },
  TOO_FAR_FROM_GAS: { zh: '距天然气管线过远', en: 'Too far from a gas line' },
} as const;
export type CandidateRejectionCode = keyof typeof CANDIDATE_REJECTIONS;

export interface CandidateRejection {
  /** Index into the candidates given. */
  index: number;
  reason: CandidateRejectionCode;
}

export interface CandidateFilter {
  /** Areas no station may stand in: red line, farmland, existing parcels. Boundaries count as inside. */
  forbidden: readonly (Polygon | MultiPolygon)[];
  gasLines?: readonly LineString[];
  /** Keep only candidates within this distance of a gas line (needs `gasLines`; none given = none near enough). */
  maxDistanceToGasMeters?: number;
}

export interface FilteredCandidates {
  kept: Position[];
  /** Index of each kept candidate in the input, ascending. */
  keptIndices: number[];
  rejected: CandidateRejection[];
}

/** Refuses grids larger than this many points: a spacing in degrees, not metres, is the usual cause. */
export const MAX_GRID_POINTS = 1_000_000;

type Bbox = [number, number, number, number];

/**
 * Grid points (spacingMeters apart, north–south and east–west) lying inside
 * at least one zone, ordered south to north, then west to east. The grid is
 * laid out on the union of the zones' bounding boxes with the ellipsoid's
 * metres-per-degree at its middle latitude, so the spacing is exact there
 * and off by < 0.1 % across a park 10 km tall. Points on a zone's boundary
 * count as inside.
 */
export function generateCandidateGrid(zones: readonly (Polygon | MultiPolygon)[], spacingMeters: number): Position[] {
  if (!(spacingMeters > 0) || !Number.isFinite(spacingMeters)) throw new RangeError(`spacingMeters must be a positive number, got ${spacingMeters}`);
  if (zones.length === 0) return [];
  const boxes = zones.map((z) => turfBbox(z) as Bbox);
  const west = Math.min(...boxes.map((b) => b[0]));
  const south = Math.min(...boxes.map((b) => b[1]));
  const east = Math.max(...boxes.map((b) => b[2]));
  const north = Math.max(...boxes.map((b) => b[3]));
  const scale = metersPerDegree((south + north) / 2);
  const stepLat = spacingMeters / scale.latitude;
  const stepLon = spacingMeters / scale.longitude;
  const rows = Math.floor((north - south) / stepLat) + 1;
  const columns = Math.floor((east - west) / stepLon) + 1;
  if (rows * columns > MAX_GRID_POINTS) throw new RangeError(`Grid of ${rows}×${columns} points exceeds ${MAX_GRID_POINTS}; is spacingMeters in metres?`);

  const out: Position[] = [];
  for (let r = 0; r < rows; r++) {
    const lat = south + r * stepLat;
    for (let c = 0; c < columns; c++) {
      const lon = west + c * stepLon;
      for (let z = 0; z < zones.length; z++) {
        const b = boxes[z]!;
        if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
        if (booleanPointInPolygon([lon, lat], zones[z]!)) {
          out.push([lon, lat]);
          break;
        }
      }
    }
  }
  return out;
}

/**
 * Drops candidates inside a forbidden area, and, when `maxDistanceToGasMeters`
 * is given, those farther than that from every gas line. The gas distance is
 * turf.pointToLineDistance in metres (spherical, R = 6371008.8 m): within
 * ~0.3 % of the ellipsoidal figure, which a screening threshold tolerates.
 * A candidate failing both tests is reported as IN_FORBIDDEN_AREA.
 */
export function filterCandidates(candidates: readonly Position[], filter: CandidateFilter): FilteredCandidates {
  const forbidden = filter.forbidden.map((geometry) => ({ geometry, box: turfBbox(geometry) as Bbox }));
  const gas = (filter.gasLines ?? []).map((g) => lineString(g.coordinates));
  const maxGas = filter.maxDistanceToGasMeters;
  const kept: Position[] = [];
  const keptIndices: number[] = [];
  const rejected: CandidateRejection[] = [];

  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const lon = c[0]!;
    const lat = c[1]!;
    const inForbidden = forbidden.some(
      ({ geometry, box }) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3] && booleanPointInPolygon(c, geometry),
    );
    if (inForbidden) {
      rejected.push({ index: i, reason: 'IN_FORBIDDEN_AREA' });
      continue;
    }
    if (maxGas !== undefined) {
      const p = turfPoint(c);
      const nearGas = gas.some((line) => pointToLineDistance(p, line, { units: 'meters' }) <= maxGas);
      if (!nearGas) {
        rejected.push({ index: i, reason: 'TOO_FAR_FROM_GAS' });
        continue;
      }
    }
    kept.push(c);
    keptIndices.push(i);
  }
  return { kept, keptIndices, rejected };
}
