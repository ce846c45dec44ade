/**
 * Which ring lies inside which, for readers of formats without explicit
 * holes (shapefile, DXF). Each question is "which rings contain this
 * point": a static R-tree (flatbush) over the rings' boxes answers it with
 * the few rings whose box holds the point, so n rings cost O(n log n) plus
 * the point-in-ring tests of those candidates, instead of every ring
 * against every other (20,000 closed polylines: 15.8 s before).
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/** Even-odd point in ring (boundary points may fall either way, as before). */
export function pointInRing(point: Position, ring: readonly Position[]): boolean {
  const x = point[0]!;
  const y = point[1]!;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** An index of rings answering "which rings' boxes hold this point". */
export class RingIndex {
  private readonly index: Flatbush | null;

  constructor(rings: readonly (readonly Position[])[]) {
    if (rings.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(rings.length);
    for (const ring of rings) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const p of ring) {
        if (p[0]! < minX) minX = p[0]!;
        if (p[0]! > maxX) maxX = p[0]!;
        if (p[1]! < minY) minY = p[1]!;
        if (p[1]! > maxY) maxY = p[1]!;
      }
      // An empty ring gets an empty box far away: it holds no point.
      if (minX > maxX) index.add(Infinity, Infinity, Infinity, Infinity);
      else index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.index = index;
  }

  /** Indices (ascending) of the rings whose boxes hold the point: a superset of the rings containing it. */
  candidates(point: Position): number[] {
    if (!this.index) return [];
    return this.index.search(point[0]!, point[1]!, point[0]!, point[1]!).sort((a, b) => a - b);
  }
}
