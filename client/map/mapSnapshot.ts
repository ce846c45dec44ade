/**
 * A picture of the map for the print layout (出图): the canvas as a PNG,
 * drawn at twice the screen's pixel ratio so it prints at ~190 dpi, with
 * the scale at the centre and where the zone names (HTML markers, not in the
 * canvas) sat. The canvas has no preserveDrawingBuffer (it would cost every
 * frame), so it is read inside MapLibre's own `render` event, while the
 * frame just drawn is still in the drawing buffer.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { geodesicDistanceMeters } from '$domain/measure';
import type { Lang } from '../i18n.svelte';
import type { ZoneFeature } from '../api/types';
import type { MapSnapshot, SnapshotLabel } from '../state/printLayout.svelte';
import { labelPoint } from './geometryBounds';

/** At least this many device pixels per CSS pixel in the snapshot (96 dpi × 2 on paper). */
const PRINT_PIXEL_RATIO = 2;
/** Half the baseline the scale is measured across, CSS px. */
const SCALE_PROBE_PX = 50;

function waitForIdle(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    // An already idle map fires nothing more unless it draws again.
    map.triggerRepaint();
  });
}

function readCanvas(map: MapLibreMap): Promise<string | null> {
  return new Promise((resolve) => {
    map.once('render', () => {
      try {
        resolve(map.getCanvas().toDataURL('image/png'));
      } catch {
        // A basemap served without CORS taints the canvas; the layout prints without the picture and says so.
        resolve(null);
      }
    });
    map.triggerRepaint();
  });
}

/** Ground metres per CSS pixel across the centre row, on CGCS2000 (the measuring tool's geodesic). */
export function metersPerPixelAtCentre(map: MapLibreMap): number {
  const canvas = map.getCanvas();
  const [x, y] = [canvas.clientWidth / 2, canvas.clientHeight / 2];
  const west = map.unproject([x - SCALE_PROBE_PX, y]);
  const east = map.unproject([x + SCALE_PROBE_PX, y]);
  return geodesicDistanceMeters([west.lng, west.lat], [east.lng, east.lat]) / (2 * SCALE_PROBE_PX);
}

/** The zone names that fall inside the map, in map CSS pixels. */
function zoneLabelsOnMap(map: MapLibreMap, zones: readonly ZoneFeature[], lang: Lang): SnapshotLabel[] {
  const canvas = map.getCanvas();
  const labels: SnapshotLabel[] = [];
  for (const zone of zones) {
    const at = labelPoint(zone.geometry);
    if (!at) continue;
    const p = map.project(at);
    if (p.x < 0 || p.y < 0 || p.x > canvas.clientWidth || p.y > canvas.clientHeight) continue;
    const { code, nameZh, nameEn, kind } = zone.properties;
    labels.push({ xPx: p.x, yPx: p.y, code, name: lang === 'zh' ? nameZh : nameEn, kind });
  }
  return labels;
}

/** Snapshots the map once it has finished loading what is in view; the screen's pixel ratio is put back after. */
export async function captureMap(map: MapLibreMap, zoneNames: { zones: readonly ZoneFeature[]; lang: Lang } | null): Promise<MapSnapshot> {
  const screenRatio = map.getPixelRatio();
  const ratio = Math.max(screenRatio, PRINT_PIXEL_RATIO);
  try {
    if (ratio !== screenRatio) map.setPixelRatio(ratio);
    await waitForIdle(map);
    const imageUrl = await readCanvas(map);
    const canvas = map.getCanvas();
    return {
      imageUrl,
      widthPx: canvas.clientWidth,
      heightPx: canvas.clientHeight,
      metersPerPixel: metersPerPixelAtCentre(map),
      bearingDegrees: map.getBearing(),
      labels: zoneNames ? zoneLabelsOnMap(map, zoneNames.zones, zoneNames.lang) : [],
    };
  } finally {
    if (ratio !== screenRatio) map.setPixelRatio(screenRatio);
  }
}
