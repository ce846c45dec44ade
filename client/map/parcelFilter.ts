/**
 * "Show only this target's parcels": a filter by id list on the parcel fill
 * and outline layers (the selection outline keeps its own filter).
 */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { LAYER_IDS } from './layers';
import { FEATURE_ID_PROPERTY } from './sources';

const FILTERED_LAYERS = [LAYER_IDS.parcelFill, LAYER_IDS.parcelLine] as const;

export function parcelIdFilter(ids: readonly string[]): ExpressionSpecification {
  return ['in', ['get', FEATURE_ID_PROPERTY], ['literal', [...ids]]];
}

/** Shows only `ids`, or every parcel for null. */
export function setParcelIdFilter(map: MapLibreMap, ids: readonly string[] | null): void {
  for (const layer of FILTERED_LAYERS) {
    if (map.getLayer(layer)) map.setFilter(layer, ids === null ? null : parcelIdFilter(ids));
  }
}
