/**
 * Geometry validation for parcels and zones: pure, shared by the drawing UI
 * and the server, returning `{ valid: false, reason }` with a reason code from
 * reasons.ts. Clockwise exterior rings are rewound (RFC 7946 wants
 * counter-clockwise exteriors), not refused.
 */
import { booleanPointInPolygon, polygon as turfPolygon, rewind } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ReasonCode } from './reasons';
import { areaSquareMeters } from './area';
import { ringsHaveKink } from './segmentIntersections';

/**
 * Most positions one parcel or zone may have, all rings together. Surveyed
 * parcels have tens to a few hundred; CAD arcs densified at 0.1 m give a
 * 1 km boundary ~10,000. 50,000 leaves room for that while a geometry at the
 * limit still validates in ~0.1 s (bench/RESULTS.md) and its JSON (~2 MB)
 * stays well inside the 5 MB body limit. Counted before any other work.
 */
export const MAX_PARCEL_VERTICES = 50_000;

/** Positions in a Polygon or MultiPolygon as sent (unchecked input): ring lengths summed, no per-position work. */
export function vertexCount(geometry: unknown): number {
  if (typeof geometry !== 'object' || geometry === null) return 0;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : [];
  let n = 0;
  for (const rings of polygons) {
    if (!Array.isArray(rings)) continue;
    for (const ring of rings) if (Array.isArray(ring)) n += ring.length;
  }
  return n;
}

/**
 * Geometries this module returned as valid, marked by a caller that had them
 * validated elsewhere (the server's worker pool validates large geometries off
 * the request thread, then hands the result to the same save path). A second
 * check of a marked object is free. Never mark input that was not validated.
 */
const validatedGeometries = new WeakSet<object>();

export function markValidated(geometry: Polygon | MultiPolygon): void {
  validatedGeometries.add(geometry);
}

/** Mainland China, Hainan and Taiwan with a margin, lon/lat degrees. */
export const CHINA_EXTENT = { minLon: 73, minLat: 3, maxLon: 136, maxLat: 54 } as const;

export type GeometryValidation =
  | { valid: true; geometry: Polygon | MultiPolygon }
  | { valid: false; reason: ReasonCode; detail?: string };

function fail(reason: ReasonCode, detail?: string): GeometryValidation {
  return detail === undefined ? { valid: false, reason } : { valid: false, reason, detail };
}

function checkRing(ring: unknown, where: string): ReasonCode | null {
  if (!Array.isArray(ring) || ring.length < 4) return 'RING_TOO_SHORT';
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2) return 'NON_FINITE_COORDINATE';
    const lon = p[0];
    const lat = p[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      return 'NON_FINITE_COORDINATE';
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return 'COORDINATE_OUT_OF_RANGE';
    if (lon < CHINA_EXTENT.minLon || lon > CHINA_EXTENT.maxLon || lat < CHINA_EXTENT.minLat || lat > CHINA_EXTENT.maxLat) {
      return 'OUTSIDE_CHINA';
    }
  }
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'RING_NOT_CLOSED';
  void where;
  return null;
}

function validatePolygonRings(rings: unknown, index: string): GeometryValidation | null {
  if (!Array.isArray(rings) || rings.length === 0) return fail('EMPTY_GEOMETRY', index);
  for (let i = 0; i < rings.length; i++) {
    const reason = checkRing(rings[i], `${index}ring ${i}`);
    if (reason) return fail(reason, `${index}ring ${i}`);
  }
  const coords = rings as Position[][];
  if (ringsHaveKink(coords)) return fail('SELF_INTERSECTION', index || undefined);
  // Only x/y matter; drop any altitude so downstream code sees 2D positions.
  const shell = turfPolygon([coords[0]!.map((p) => [p[0]!, p[1]!])]);
  for (let h = 1; h < coords.length; h++) {
    // No hole segment meets a shell segment (no kink above), so a hole lies wholly inside or
    // wholly outside: its first vertex off the shell's boundary decides. Vertices on the
    // boundary count as inside, as when every vertex was tested.
    for (const p of coords[h]!) {
      const point = [p[0]!, p[1]!];
      if (!booleanPointInPolygon(point, shell, { ignoreBoundary: false })) return fail('HOLE_OUTSIDE_SHELL', `${index}ring ${h}`);
      if (booleanPointInPolygon(point, shell, { ignoreBoundary: true })) break;
    }
  }
  return null;
}

/** Drops altitude, rewinds to RFC 7946 (exterior CCW, holes CW). */
function normalize(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const strip = (rings: Position[][]) => rings.map((r) => r.map((p) => [p[0]!, p[1]!]));
  const flat: Polygon | MultiPolygon =
    geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: strip(geometry.coordinates) }
      : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(strip) };
  return rewind(flat, { reverse: false }) as Polygon | MultiPolygon;
}

/**
 * Validates a parcel or zone geometry. On success returns the normalised
 * geometry (2D, exterior rings counter-clockwise).
 */
export function validatePolygonGeometry(geometry: unknown): GeometryValidation {
  if (typeof geometry !== 'object' || geometry === null) return fail('NOT_A_POLYGON');
  if (validatedGeometries.has(geometry)) return { valid: true, geometry: geometry as Polygon | MultiPolygon };
  const vertices = vertexCount(geometry);
  if (vertices > MAX_PARCEL_VERTICES) return fail('TOO_MANY_VERTICES', `${vertices} positions; the limit is ${MAX_PARCEL_VERTICES}`);
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon') {
    const failure = validatePolygonRings(g.coordinates, '');
    if (failure) return failure;
  } else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return fail('EMPTY_GEOMETRY');
    for (let i = 0; i < g.coordinates.length; i++) {
      const failure = validatePolygonRings(g.coordinates[i], `polygon ${i} `);
      if (failure) return failure;
    }
  } else {
    return fail('NOT_A_POLYGON');
  }
  const normalized = normalize(geometry as Polygon | MultiPolygon);
  if (!(areaSquareMeters(normalized) > 0)) return fail('ZERO_AREA');
  return { valid: true, geometry: normalized };
}
