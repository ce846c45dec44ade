/** A history version's shapes on the map: before dashed in orange, after solid in blue (one GeoJSON source). */
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { HistoryPreviewShapes } from '../state/historyPreview.svelte';

export const HISTORY_PREVIEW_SOURCE_ID = 'll-history-preview';
const BEFORE = '#e8590c';
const AFTER = '#1c7ed6';

export function historyPreviewFeatures(shapes: HistoryPreviewShapes | null): FeatureCollection {
  if (!shapes) return { type: 'FeatureCollection', features: [] };
  const features: FeatureCollection['features'] = [];
  if (shapes.before) features.push({ type: 'Feature', geometry: shapes.before, properties: { side: 'before' } });
  if (shapes.after) features.push({ type: 'Feature', geometry: shapes.after, properties: { side: 'after' } });
  return { type: 'FeatureCollection', features };
}

export function setHistoryPreviewData(map: MapLibreMap, data: FeatureCollection): void {
  const source = map.getSource<GeoJSONSource>(HISTORY_PREVIEW_SOURCE_ID);
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(HISTORY_PREVIEW_SOURCE_ID, { type: 'geojson', data });
  map.addLayer({
    id: 'history-preview-before-fill',
    type: 'fill',
    source: HISTORY_PREVIEW_SOURCE_ID,
    filter: ['==', ['get', 'side'], 'before'],
    paint: { 'fill-color': BEFORE, 'fill-opacity': 0.12 },
  });
  map.addLayer({
    id: 'history-preview-before',
    type: 'line',
    source: HISTORY_PREVIEW_SOURCE_ID,
    filter: ['==', ['get', 'side'], 'before'],
    paint: { 'line-color': BEFORE, 'line-width': 2.5, 'line-dasharray': [2, 2] },
  });
  map.addLayer({
    id: 'history-preview-after',
    type: 'line',
    source: HISTORY_PREVIEW_SOURCE_ID,
    filter: ['==', ['get', 'side'], 'after'],
    paint: { 'line-color': AFTER, 'line-width': 2.5 },
  });
}
