/**
 * What the map shows around a draft besides terra-draw's own layers: the
 * pieces a split will create and drafts terra-draw cannot edit
 * (MultiPolygons), drawn dashed; and the stored parcels the draft replaces,
 * hidden so the planner sees only the draft.
 */
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { LAYER_IDS } from './layers';
import { FEATURE_ID_PROPERTY } from './sources';

const DRAFT_SOURCE = 'll-draft-static';
const DRAFT_FILL = 'll-draft-static-fill';
const DRAFT_LINE = 'll-draft-static-line';
export const DRAFT_COLOR = '#e8590c';

function collection(geometries: readonly (Polygon | MultiPolygon)[]): FeatureCollection {
  return { type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', geometry, properties: {} })) };
}

export function setStaticDraft(map: MapLibreMap, geometries: readonly (Polygon | MultiPolygon)[]): void {
  const data = collection(geometries);
  const source = map.getSource<GeoJSONSource>(DRAFT_SOURCE);
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data });
  map.addLayer({ id: DRAFT_FILL, type: 'fill', source: DRAFT_SOURCE, paint: { 'fill-color': DRAFT_COLOR, 'fill-opacity': 0.22 } });
  map.addLayer({
    id: DRAFT_LINE,
    type: 'line',
    source: DRAFT_SOURCE,
    paint: { 'line-color': DRAFT_COLOR, 'line-width': 2, 'line-dasharray': [3, 2] },
  });
}

/** Hides stored parcels by id (the one being edited, those being merged into it). */
export function hideParcels(map: MapLibreMap, ids: readonly string[]): void {
  const filter: ExpressionSpecification | null =
    ids.length === 0 ? null : ['!', ['in', ['get', FEATURE_ID_PROPERTY], ['literal', [...ids]]]];
  for (const layer of [LAYER_IDS.parcelFill, LAYER_IDS.parcelLine]) {
    if (map.getLayer(layer)) map.setFilter(layer, filter);
  }
}

export function removeDraftLayers(map: MapLibreMap): void {
  for (const layer of [DRAFT_LINE, DRAFT_FILL]) if (map.getLayer(layer)) map.removeLayer(layer);
  if (map.getSource(DRAFT_SOURCE)) map.removeSource(DRAFT_SOURCE);
}
