/**
 * Snapping while drawing and editing: the pointer jumps to the nearest vertex
 * of a neighbouring parcel or zone boundary within a few pixels, else to the
 * nearest point on one of their edges. Distances are measured on screen
 * (what the planner sees); edges are straight on screen at park scale.
 * Plugged into terra-draw as `snapping.toCustom`.
 */
import type { SnapToCustom } from 'terra-draw';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** How close the pointer must come to snap, px. */
export const SNAP_TOLERANCE_PX = 12;

type Poly = Polygon | MultiPolygon;

interface IndexedRing {
  ring: Position[];
  box: [number, number, number, number];
}

function ringsOf(geometry: Poly): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function ringBox(ring: Position[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of ring) {
    w = Math.min(w, p[0]!);
    e = Math.max(e, p[0]!);
    s = Math.min(s, p[1]!);
    n = Math.max(n, p[1]!);
  }
  return [w, s, e, n];
}

/** Rings of every shape to snap to, with bounding boxes for a quick first cut. */
export function indexRings(geometries: Iterable<Poly>): IndexedRing[] {
  const out: IndexedRing[] = [];
  for (const g of geometries) for (const ring of ringsOf(g)) if (ring.length > 1) out.push({ ring, box: ringBox(ring) });
  return out;
}

/**
 * A terra-draw custom snapper over `rings()`; returns undefined (no snap)
 * when `enabled()` is false or nothing is near.
 */
export function createSnapper(rings: () => readonly IndexedRing[], enabled: () => boolean): SnapToCustom {
  return (event, context) => {
    if (!enabled()) return undefined;
    const x = event.containerX;
    const y = event.containerY;
    const a = context.unproject(x - SNAP_TOLERANCE_PX, y - SNAP_TOLERANCE_PX);
    const b = context.unproject(x + SNAP_TOLERANCE_PX, y + SNAP_TOLERANCE_PX);
    const west = Math.min(a.lng, b.lng);
    const east = Math.max(a.lng, b.lng);
    const south = Math.min(a.lat, b.lat);
    const north = Math.max(a.lat, b.lat);

    let bestVertex: Position | undefined;
    let bestVertexPx = SNAP_TOLERANCE_PX;
    let bestEdge: { x: number; y: number } | undefined;
    let bestEdgePx = SNAP_TOLERANCE_PX;
    for (const { ring, box } of rings()) {
      if (box[0] > east || box[2] < west || box[1] > north || box[3] < south) continue;
      let previous: { x: number; y: number } | null = null;
      for (const p of ring) {
        const q = context.project(p[0]!, p[1]!);
        const d = Math.hypot(q.x - x, q.y - y);
        if (d < bestVertexPx) {
          bestVertexPx = d;
          bestVertex = [p[0]!, p[1]!];
        }
        if (previous) {
          const dx = q.x - previous.x;
          const dy = q.y - previous.y;
          const lengthSquared = dx * dx + dy * dy;
          if (lengthSquared > 0) {
            const t = Math.max(0, Math.min(1, ((x - previous.x) * dx + (y - previous.y) * dy) / lengthSquared));
            const foot = { x: previous.x + t * dx, y: previous.y + t * dy };
            const de = Math.hypot(foot.x - x, foot.y - y);
            if (de < bestEdgePx) {
              bestEdgePx = de;
              bestEdge = foot;
            }
          }
        }
        previous = q;
      }
    }
    if (bestVertex) return bestVertex;
    if (bestEdge) {
      const at = context.unproject(bestEdge.x, bestEdge.y);
      return [at.lng, at.lat];
    }
    return undefined;
  };
}
