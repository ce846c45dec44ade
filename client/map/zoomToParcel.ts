/**
 * Zooms the map to one parcel (a drill-down row or a ledger-health item was
 * clicked), keeping it clear of the sidebar and the drill-down drawer where
 * the window leaves room for that.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Geometry } from 'geojson';
import { boundsOf } from './geometryBounds';

export interface ZoomPadding {
  right: number;
  bottom: number;
}

/** Smallest view the padding must leave, px; below this the padding is dropped. */
const MIN_VIEW_PX = 160;
/** Parcels are a few hectares: closer than this shows nothing around them. */
const MAX_PARCEL_ZOOM = 17;

export function zoomToGeometry(map: MapLibreMap, geometry: Geometry, padding: ZoomPadding): boolean {
  const bounds = boundsOf([geometry]);
  if (!bounds) return false;
  const canvas = map.getCanvas();
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const margin = 48;
  const right = width - padding.right - 2 * margin >= MIN_VIEW_PX ? padding.right : 0;
  const bottom = height - padding.bottom - 2 * margin >= MIN_VIEW_PX ? padding.bottom : 0;
  map.fitBounds(bounds, {
    padding: { top: margin, left: margin, right: margin + right, bottom: margin + bottom },
    maxZoom: MAX_PARCEL_ZOOM,
    duration: 600,
  });
  return true;
}
