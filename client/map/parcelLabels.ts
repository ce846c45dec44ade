/**
 * Parcel labels as a MapLibre symbol layer: the name from zoom 15, its area
 * in 亩 from 16, its enterprise from 17. MapLibre's placement drops labels
 * that would collide (text-allow-overlap false), so a crowded park shows the
 * labels that fit instead of a pile. The text comes from the data and is
 * drawn as glyphs, never parsed as markup. The offline style has no glyphs
 * URL, so MapLibre draws every glyph locally (TinySDF with the page's fonts):
 * no request leaves the workstation.
 */
import type { ExpressionSpecification, Map as MapLibreMap, SymbolLayerSpecification } from 'maplibre-gl';
import type { Lang } from '../i18n.svelte';
import { SOURCE_IDS } from './sources';

export const PARCEL_LABEL_LAYER_ID = 'parcels-label';

/** Zoom from which each line of a label shows. */
export const LABEL_ZOOMS = { name: 15, area: 16, enterprise: 17 } as const;

/** The area line: areaSquareMeters (on GeoJSON features and tile features alike) in 亩, one decimal. */
function areaLine(lang: Lang): ExpressionSpecification {
  const mu: ExpressionSpecification = ['/', ['*', ['to-number', ['get', 'areaSquareMeters'], 0], 15], 10000];
  return ['concat', ['number-format', mu, { 'max-fraction-digits': 1, 'min-fraction-digits': 1 }], lang === 'zh' ? ' 亩' : ' mu'];
}

/** The label's text by zoom: name; name and area; name, area and enterprise (when there is one). */
export function parcelLabelText(lang: Lang): ExpressionSpecification {
  const name: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'name'], '']];
  const enterprise: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'enterprise'], '']];
  return [
    'step',
    ['zoom'],
    name,
    LABEL_ZOOMS.area,
    ['concat', name, '\n', areaLine(lang)],
    LABEL_ZOOMS.enterprise,
    ['concat', name, '\n', areaLine(lang), ['case', ['==', enterprise, ''], '', ['concat', '\n', enterprise]]],
  ];
}

function labelLayer(lang: Lang, sourceLayer: string | null): SymbolLayerSpecification {
  return {
    id: PARCEL_LABEL_LAYER_ID,
    type: 'symbol',
    source: SOURCE_IDS.parcels,
    ...(sourceLayer ? { 'source-layer': sourceLayer } : {}),
    minzoom: LABEL_ZOOMS.name,
    layout: {
      'text-field': parcelLabelText(lang),
      'text-size': ['interpolate', ['linear'], ['zoom'], LABEL_ZOOMS.name, 11, 18, 13],
      'text-max-width': 9,
      'text-line-height': 1.25,
      'text-allow-overlap': false,
      'text-ignore-placement': false,
      'text-padding': 4,
      'symbol-placement': 'point',
    },
    paint: {
      'text-color': '#1d2330',
      'text-halo-color': 'rgba(255, 255, 255, 0.92)',
      'text-halo-width': 1.4,
    },
  };
}

/** Adds the label layer on top of the thematic layers (once). */
export function addParcelLabels(map: MapLibreMap, lang: Lang, sourceLayer: string | null): void {
  if (!map.getLayer(PARCEL_LABEL_LAYER_ID)) map.addLayer(labelLayer(lang, sourceLayer));
}

export function setParcelLabelLang(map: MapLibreMap, lang: Lang): void {
  if (map.getLayer(PARCEL_LABEL_LAYER_ID)) map.setLayoutProperty(PARCEL_LABEL_LAYER_ID, 'text-field', parcelLabelText(lang));
}

export function setParcelLabelsVisible(map: MapLibreMap, visible: boolean): void {
  if (map.getLayer(PARCEL_LABEL_LAYER_ID)) map.setLayoutProperty(PARCEL_LABEL_LAYER_ID, 'visibility', visible ? 'visible' : 'none');
}
