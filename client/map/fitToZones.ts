/** Frames the park: the zones' bounds, or the parcels' if there are no zones. */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Collections } from '../api/types';
import { boundsOf } from './geometryBounds';

export function fitToZones(map: MapLibreMap, collections: Collections, padding: { left: number; right: number }): void {
  const bounds =
    boundsOf(collections.zones.features.map((f) => f.geometry)) ??
    boundsOf(collections.parcels.features.map((f) => f.geometry));
  if (!bounds) return;
  map.fitBounds(bounds, {
    padding: { top: 40, bottom: 40, left: 40 + padding.left, right: 40 + padding.right },
    duration: 0,
    maxZoom: 16,
  });
}
