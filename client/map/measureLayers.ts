/** The measurement drawn on the map: its ring's fill, its path and its points (one GeoJSON source). */
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { closedRing } from '$domain/measure';

export const MEASURE_SOURCE_ID = 'll-measure';
export const MEASURE_LAYER_IDS = { fill: 'measure-fill', line: 'measure-line', points: 'measure-points' } as const;

const MEASURE_COLOR = '#d2371d';

export function measureFeatures(points: readonly Position[], area: boolean): FeatureCollection {
  const features: Feature[] = points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }));
  if (points.length >= 2) {
    const path = area ? closedRing(points) : [...points];
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: path }, properties: {} });
    if (area && points.length >= 3) features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [path] }, properties: {} });
  }
  return { type: 'FeatureCollection', features };
}

export function setMeasureData(map: MapLibreMap, data: FeatureCollection): void {
  const source = map.getSource<GeoJSONSource>(MEASURE_SOURCE_ID);
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(MEASURE_SOURCE_ID, { type: 'geojson', data });
  map.addLayer({ id: MEASURE_LAYER_IDS.fill, type: 'fill', source: MEASURE_SOURCE_ID, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': MEASURE_COLOR, 'fill-opacity': 0.15 } });
  map.addLayer({
    id: MEASURE_LAYER_IDS.line,
    type: 'line',
    source: MEASURE_SOURCE_ID,
    filter: ['==', ['geometry-type'], 'LineString'],
    paint: { 'line-color': MEASURE_COLOR, 'line-width': 2, 'line-dasharray': [3, 2] },
  });
  map.addLayer({
    id: MEASURE_LAYER_IDS.points,
    type: 'circle',
    source: MEASURE_SOURCE_ID,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': MEASURE_COLOR, 'circle-stroke-width': 2 },
  });
}
