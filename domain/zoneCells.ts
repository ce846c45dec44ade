/**
 * Splitting a parcel by the zones it lies in. Targets overlap (A3 lies inside
 * B3) and a target may scope several zones (A0 = A1..A4), so a single
 * "share per zone" is not enough to count a parcel once per target. Instead a
 * parcel is cut into cells, each with the set of zones covering it:
 *
 *   parcel P in A3 ⊂ B3, poking out of B3:  [{A3,B3}: 8 000 m²], [{B3}: 1 500 m²], [{}: 300 m²]
 *
 * A target's share of P is the sum of the cells whose zone set meets the
 * target's scope — never more than P's area, whatever the overlaps. Cells are
 * computed when a parcel or zone is saved; the tally only adds numbers.
 */
import { bbox as turfBbox, difference, featureCollection, feature, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from './area';

export interface ZoneCell {
  /** Codes of the zones covering this cell, sorted; empty = outside every zone. */
  zones: string[];
  areaSquareMeters: number;
}

export interface ZoneShape {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export interface ZoneShare {
  code: string;
  areaSquareMeters: number;
  /** Share of the parcel's area inside the zone, 0..1. */
  fraction: number;
}

type Bbox = [number, number, number, number];

function bboxesOverlap(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Below this a sliver from floating-point clipping is treated as nothing. */
const SLIVER_SQUARE_METERS = 1e-4;

interface WorkingCell {
  zones: string[];
  geometry: Polygon | MultiPolygon;
  areaSquareMeters: number;
}

/**
 * Cuts `parcel` by `zones`. The cells' areas sum to the parcel's official area.
 */
export function computeZoneCells(parcel: Polygon | MultiPolygon, zones: readonly ZoneShape[]): ZoneCell[] {
  const parcelBbox = turfBbox(parcel) as Bbox;
  let cells: WorkingCell[] = [{ zones: [], geometry: parcel, areaSquareMeters: areaSquareMeters(parcel) }];
  for (const zone of zones) {
    if (!bboxesOverlap(parcelBbox, turfBbox(zone.geometry) as Bbox)) continue;
    const next: WorkingCell[] = [];
    const zoneFeature = feature(zone.geometry);
    for (const cell of cells) {
      const pair = featureCollection([feature(cell.geometry), zoneFeature]);
      const inside = intersect(pair);
      const insideArea = inside ? areaSquareMeters(inside.geometry) : 0;
      if (insideArea <= SLIVER_SQUARE_METERS) {
        next.push(cell);
        continue;
      }
      const zonesWith = [...cell.zones, zone.code].sort();
      if (cell.areaSquareMeters - insideArea <= SLIVER_SQUARE_METERS) {
        // Wholly inside: keep the cell's own geometry (and exact area).
        next.push({ ...cell, zones: zonesWith });
        continue;
      }
      const outside = difference(pair);
      next.push({ zones: zonesWith, geometry: inside!.geometry, areaSquareMeters: insideArea });
      if (outside) {
        const outsideArea = areaSquareMeters(outside.geometry);
        if (outsideArea > SLIVER_SQUARE_METERS) {
          next.push({ zones: cell.zones, geometry: outside.geometry, areaSquareMeters: outsideArea });
        }
      }
    }
    cells = next;
  }
  return normalizeToWhole(
    mergeCells(cells.map((c) => ({ zones: c.zones, areaSquareMeters: c.areaSquareMeters }))),
    areaSquareMeters(parcel),
  );
}

/**
 * turf clips in the lon/lat plane, so a cut vertex on an edge along a
 * parallel is not on that edge's geodesic: the pieces' geodesic areas can
 * differ from the whole by ~5e-6 (5 m² on a 1 km² L-shaped cut). The parcel's
 * official area is the truth; its cells are scaled to add up to it exactly,
 * so a parcel never counts more or less than itself.
 */
function normalizeToWhole(cells: ZoneCell[], wholeSquareMeters: number): ZoneCell[] {
  if (cells.length === 1) return [{ zones: cells[0]!.zones, areaSquareMeters: wholeSquareMeters }];
  const sum = cells.reduce((s, c) => s + c.areaSquareMeters, 0);
  if (!(sum > 0)) return cells;
  const scale = wholeSquareMeters / sum;
  return cells.map((c) => ({ zones: c.zones, areaSquareMeters: c.areaSquareMeters * scale }));
}

/** Cells with the same zone set are merged so each set appears once. */
function mergeCells(cells: ZoneCell[]): ZoneCell[] {
  const byKey = new Map<string, ZoneCell>();
  for (const cell of cells) {
    const key = cell.zones.join('\u0000');
    const existing = byKey.get(key);
    if (existing) existing.areaSquareMeters += cell.areaSquareMeters;
    else byKey.set(key, { zones: [...cell.zones], areaSquareMeters: cell.areaSquareMeters });
  }
  return [...byKey.values()].sort((a, b) => a.zones.join().localeCompare(b.zones.join()));
}

/** Area of the cells that lie in at least one zone of `scope`. */
export function scopeAreaSquareMeters(cells: readonly ZoneCell[], scope: ReadonlySet<string>): number {
  let total = 0;
  for (const cell of cells) {
    for (const z of cell.zones) {
      if (scope.has(z)) {
        total += cell.areaSquareMeters;
        break;
      }
    }
  }
  return total;
}

/** Per-zone shares (what the parcel's `zones` property shows). */
export function zoneShares(cells: readonly ZoneCell[]): ZoneShare[] {
  let total = 0;
  const byZone = new Map<string, number>();
  for (const cell of cells) {
    total += cell.areaSquareMeters;
    for (const z of cell.zones) byZone.set(z, (byZone.get(z) ?? 0) + cell.areaSquareMeters);
  }
  return [...byZone.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, area]) => ({ code, areaSquareMeters: area, fraction: total > 0 ? area / total : 0 }));
}
