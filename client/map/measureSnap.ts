/**
 * Where a measuring click lands: the nearest parcel vertex within a few
 * pixels of the pointer, else the pointer itself. Parcels near the pointer
 * are found among the rendered features; their vertices are read from the
 * full geometry when the client holds it (a rendered feature's geometry is
 * cut at tile edges and quantised), else from the rendered one.
 */
import type { Geometry, Position } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { SNAP_TOLERANCE_PX } from './snapping';
import { FEATURE_ID_PROPERTY } from './sources';

export type GeometryLookup = (id: string) => Geometry | undefined;

function vertices(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    default:
      return [];
  }
}

export interface SnapResult {
  point: Position;
  snapped: boolean;
}

export function snapToParcelVertex(map: MapLibreMap, layerId: string, x: number, y: number, lookup: GeometryLookup, extra: readonly Position[] = []): SnapResult {
  const near = map.getLayer(layerId)
    ? map.queryRenderedFeatures(
        [
          [x - SNAP_TOLERANCE_PX, y - SNAP_TOLERANCE_PX],
          [x + SNAP_TOLERANCE_PX, y + SNAP_TOLERANCE_PX],
        ],
        { layers: [layerId] },
      )
    : [];
  let best: Position | null = null;
  let bestPx = SNAP_TOLERANCE_PX;
  const consider = (p: Position) => {
    const q = map.project([p[0]!, p[1]!]);
    const d = Math.hypot(q.x - x, q.y - y);
    if (d <= bestPx) {
      bestPx = d;
      best = [p[0]!, p[1]!];
    }
  };
  for (const p of extra) consider(p);
  const seen = new Set<string>();
  for (const feature of near) {
    const id = String(feature.properties?.[FEATURE_ID_PROPERTY] ?? '');
    if (seen.has(id)) continue;
    seen.add(id);
    for (const p of vertices(lookup(id) ?? feature.geometry)) consider(p);
  }
  if (best) return { point: best, snapped: true };
  const at = map.unproject([x, y]);
  return { point: [at.lng, at.lat], snapped: false };
}
