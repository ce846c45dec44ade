/**
 * Plain-geometry helpers for placing the camera and labels. Degrees in,
 * degrees out; planar maths is fine at park scale.
 */
import type { Geometry, Position } from 'geojson';

export type Bounds = [west: number, south: number, east: number, north: number];

function visitPositions(geometry: Geometry, visit: (p: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      break;
    case 'MultiPolygon':
      geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
      break;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => visitPositions(g, visit));
      break;
  }
}

/** Bounding box of every geometry given, or null if there are none. */
export function boundsOf(geometries: Iterable<Geometry | null>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    if (!geometry) continue;
    visitPositions(geometry, ([lon, lat]) => {
      if (lon === undefined || lat === undefined) return;
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    });
  }
  return Number.isFinite(west) ? [west, south, east, north] : null;
}

/** Signed shoelace area and centroid of a ring, in degree units. */
function ringCentroid(ring: Position[]): { area: number; lon: number; lat: number } {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  const origin = ring[0] ?? [0, 0];
  const ox = origin[0] ?? 0;
  const oy = origin[1] ?? 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const ax = a[0]! - ox;
    const ay = a[1]! - oy;
    const bx = b[0]! - ox;
    const by = b[1]! - oy;
    const cross = ax * by - bx * ay;
    twiceArea += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (twiceArea === 0) return { area: 0, lon: ox, lat: oy };
  return { area: Math.abs(twiceArea / 2), lon: ox + cx / (3 * twiceArea), lat: oy + cy / (3 * twiceArea) };
}

/** Where to put a polygon's label: the centroid of its largest outer ring. */
export function labelPoint(geometry: Geometry | null): [number, number] | null {
  if (!geometry) return null;
  const outerRings =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0]]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((p) => p[0])
        : [];
  let best: { area: number; lon: number; lat: number } | null = null;
  for (const ring of outerRings) {
    if (!ring || ring.length < 4) continue;
    const c = ringCentroid(ring);
    if (!best || c.area > best.area) best = c;
  }
  return best ? [best.lon, best.lat] : null;
}
