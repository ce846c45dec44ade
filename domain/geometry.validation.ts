/**
 * Geometry validation for parcels and zones: pure, shared by the drawing UI
 * and the server, returning `{ valid: false, reason }` with a reason code from
 * reasons.ts. Clockwise exterior rings are rewound (RFC 7946 wants
 * counter-clockwise exteriors), not refused.
 */
import { kinks, booleanPointInPolygon, polygon as turfPolygon, rewind } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ReasonCode } from './reasons';
import { areaSquareMeters } from './area';

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
  // Only x/y matter; drop any altitude so downstream code sees 2D positions.
  const poly = turfPolygon(coords.map((r) => r.map((p) => [p[0]!, p[1]!])));
  if (kinks(poly).features.length > 0) return fail('SELF_INTERSECTION', index || undefined);
  const shell = turfPolygon([poly.geometry.coordinates[0]!]);
  for (let h = 1; h < coords.length; h++) {
    for (const p of coords[h]!) {
      if (!booleanPointInPolygon([p[0]!, p[1]!], shell, { ignoreBoundary: false })) {
        return fail('HOLE_OUTSIDE_SHELL', `${index}ring ${h}`);
      }
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
