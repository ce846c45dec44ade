/**
 * The rules a parcel must pass before it is saved, shared by the drawing UI
 * (live feedback) and the server (authoritative check):
 * - errors: overlapping another parcel by more than 1 m² (parcels must never
 *   double-count), intersecting the ecological red line or permanent basic
 *   farmland;
 * - warnings the planner must confirm: outside the urban development
 *   boundary, outside every zone.
 */
import { difference, feature, featureCollection, intersect, union } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from './area';
import { muToSquareMeters } from './units';
import type { ConstraintKind } from './constraint.schema';
import type { ReasonCode } from './reasons';
import type { ZoneCell } from './zoneCells';

/** Default sliver threshold: 0.1 亩. A part smaller than this left by an edit is almost always a digitising leftover. */
export const DEFAULT_SLIVER_THRESHOLD_SQUARE_METERS = muToSquareMeters(0.1);

/** Overlaps below this are digitising noise along a shared edge, not double counting. */
export const OVERLAP_TOLERANCE_SQUARE_METERS = 1;

type Poly = Polygon | MultiPolygon;

export interface Neighbour {
  id: number | string;
  name: string;
  geometry: Poly;
}

export interface ConstraintShape {
  id: number | string;
  name: string;
  kind: ConstraintKind;
  geometry: Poly;
}

export interface RuleFinding {
  code: ReasonCode;
  /** The other parcel or constraint involved. */
  otherId?: number | string;
  otherName?: string;
  /** Area of the overlap or of the part outside, m². */
  areaSquareMeters?: number;
}

export interface RuleResult {
  errors: RuleFinding[];
  warnings: RuleFinding[];
}

function overlapSquareMeters(a: Poly, b: Poly): number {
  const cut = intersect(featureCollection([feature(a), feature(b)]));
  return cut ? areaSquareMeters(cut.geometry as Poly) : 0;
}

/** Parcels this geometry overlaps by more than the tolerance, with the overlap area. */
export function findOverlaps(geometry: Poly, neighbours: readonly Neighbour[]): RuleFinding[] {
  const found: RuleFinding[] = [];
  for (const n of neighbours) {
    const area = overlapSquareMeters(geometry, n.geometry);
    if (area > OVERLAP_TOLERANCE_SQUARE_METERS) {
      found.push({ code: 'OVERLAPS_PARCEL', otherId: n.id, otherName: n.name, areaSquareMeters: area });
    }
  }
  return found;
}

/** Area of `geometry` outside the union of `shapes`, m². */
function areaOutside(geometry: Poly, shapes: readonly Poly[]): number {
  if (shapes.length === 0) return areaSquareMeters(geometry);
  const cover = shapes.length === 1 ? feature(shapes[0]!) : union(featureCollection(shapes.map((s) => feature(s))));
  if (!cover) return areaSquareMeters(geometry);
  const outside = difference(featureCollection([feature(geometry), cover]));
  return outside ? areaSquareMeters(outside.geometry as Poly) : 0;
}

/**
 * Slivers and stray parts an edit leaves: a part under the threshold (in a
 * multi-part parcel, or the whole of an edited parcel), and a parcel that was
 * one piece and is now several. Both are warnings to confirm: a clip that
 * leaves two disjoint slivers must not pass as "no problem found".
 */
export function checkParcelParts(geometry: Poly, previous: Poly | null, thresholdSquareMeters = DEFAULT_SLIVER_THRESHOLD_SQUARE_METERS): RuleFinding[] {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const found: RuleFinding[] = [];
  if (parts.length > 1 || previous) {
    const smallest = Math.min(...parts.map((coordinates) => areaSquareMeters({ type: 'Polygon', coordinates })));
    if (smallest < thresholdSquareMeters) found.push({ code: 'SLIVER_PART', areaSquareMeters: smallest });
  }
  const previousParts = previous ? (previous.type === 'Polygon' ? 1 : previous.coordinates.length) : 0;
  if (previous && parts.length > 1 && previousParts <= 1) found.push({ code: 'BECAME_MULTIPART' });
  return found;
}

export function checkParcelRules(
  geometry: Poly,
  context: {
    neighbours: readonly Neighbour[];
    constraints: readonly ConstraintShape[];
    zoneCells: readonly ZoneCell[];
    /** The parcel's stored shape when an existing parcel is edited. */
    previousGeometry?: Poly | null;
    sliverThresholdSquareMeters?: number;
  },
): RuleResult {
  const errors = findOverlaps(geometry, context.neighbours);
  const warnings: RuleFinding[] = checkParcelParts(geometry, context.previousGeometry ?? null, context.sliverThresholdSquareMeters);
  for (const c of context.constraints) {
    if (c.kind !== 'ecological_red_line' && c.kind !== 'permanent_basic_farmland') continue;
    const area = overlapSquareMeters(geometry, c.geometry);
    if (area > OVERLAP_TOLERANCE_SQUARE_METERS) {
      errors.push({
        code: c.kind === 'ecological_red_line' ? 'INTERSECTS_RED_LINE' : 'INTERSECTS_FARMLAND',
        otherId: c.id,
        otherName: c.name,
        areaSquareMeters: area,
      });
    }
  }
  const boundaries = context.constraints.filter((c) => c.kind === 'urban_development_boundary').map((c) => c.geometry);
  if (boundaries.length > 0) {
    const outside = areaOutside(geometry, boundaries);
    if (outside > OVERLAP_TOLERANCE_SQUARE_METERS) warnings.push({ code: 'OUTSIDE_URBAN_BOUNDARY', areaSquareMeters: outside });
  }
  const inAnyZone = context.zoneCells.some((cell) => cell.zones.length > 0);
  if (!inAnyZone) warnings.push({ code: 'OUTSIDE_ZONES' });
  return { errors, warnings };
}
