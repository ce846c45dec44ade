/**
 * Where to write a polygon's label so it lands inside the polygon, concave
 * shapes and holes included: on the horizontal line through the middle of
 * the largest part, the middle of the widest stretch that lies inside.
 * Planar (whatever units the coordinates are in); the caller projects first
 * when the axes differ in scale (degrees of longitude away from the equator).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

function ringArea(ring: Position[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return Math.abs(twice / 2);
}

/** The x where each edge of the rings crosses the line y (half-open per edge, so a vertex on the line counts once). */
function crossings(rings: Position[][], y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i] as [number, number];
      const [bx, by] = ring[i + 1] as [number, number];
      if (ay > y !== by > y) xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
    }
  }
  return xs.sort((a, b) => a - b);
}

/** The label point of a polygon's largest part (by outer-ring area); null for an empty geometry. */
export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] | null {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Position[][] | null = null;
  let bestArea = -1;
  for (const part of parts) {
    const outer = part[0];
    if (!outer || outer.length < 4) continue;
    const area = ringArea(outer);
    if (area > bestArea) [best, bestArea] = [part, area];
  }
  if (!best) return null;
  let [minY, maxY] = [Infinity, -Infinity];
  for (const [, y] of best[0]!) [minY, maxY] = [Math.min(minY, y!), Math.max(maxY, y!)];
  // A line exactly through a vertex is fine (half-open edges), but nudging off the exact middle avoids
  // a horizontal edge lying on it, which would give no crossing for that edge.
  const y = minY + (maxY - minY) * 0.5000001;
  const xs = crossings(best, y);
  let at: [number, number] | null = null;
  let widest = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > widest) [widest, at] = [xs[i + 1]! - xs[i]!, [(xs[i]! + xs[i + 1]!) / 2, y]];
  }
  return at ?? [best[0]![0]![0]!, best[0]![0]![1]!];
}
