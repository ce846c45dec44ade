/**
 * The import preview on the map: each feature of the uploaded file drawn on
 * top of the data, coloured by its validation (valid, warning to confirm,
 * invalid, rejected by the planner).
 */
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export const IMPORT_PREVIEW_SOURCE = 'import-preview';
export const IMPORT_PREVIEW_FILL = 'import-preview-fill';
export const IMPORT_PREVIEW_LINE = 'import-preview-line';

export const VERDICT_COLORS = { valid: '#2f9e44', warning: '#f08c00', invalid: '#e03131', rejected: '#868e96' } as const;

const colorByVerdict: maplibregl.ExpressionSpecification = [
  'match',
  ['get', 'verdict'],
  'valid',
  VERDICT_COLORS.valid,
  'warning',
  VERDICT_COLORS.warning,
  'invalid',
  VERDICT_COLORS.invalid,
  VERDICT_COLORS.rejected,
];

export type PreviewCollection = FeatureCollection<Polygon | MultiPolygon, { index: number; verdict: string }>;

export function setImportPreview(map: maplibregl.Map, data: PreviewCollection | null): void {
  if (!data) {
    for (const layer of [IMPORT_PREVIEW_LINE, IMPORT_PREVIEW_FILL]) if (map.getLayer(layer)) map.removeLayer(layer);
    if (map.getSource(IMPORT_PREVIEW_SOURCE)) map.removeSource(IMPORT_PREVIEW_SOURCE);
    return;
  }
  const source = map.getSource(IMPORT_PREVIEW_SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(IMPORT_PREVIEW_SOURCE, { type: 'geojson', data });
  map.addLayer({ id: IMPORT_PREVIEW_FILL, type: 'fill', source: IMPORT_PREVIEW_SOURCE, paint: { 'fill-color': colorByVerdict, 'fill-opacity': 0.35 } });
  map.addLayer({ id: IMPORT_PREVIEW_LINE, type: 'line', source: IMPORT_PREVIEW_SOURCE, paint: { 'line-color': colorByVerdict, 'line-width': 2.5, 'line-dasharray': [2, 1] } });
}

/** Bounds of the preview, to frame it. */
export function previewBounds(data: PreviewCollection): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of data.features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const ring of rings)
      for (const [x, y] of ring) {
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
  }
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}
