/**
 * The basemap raster under the data layers (issue 6 §3). Switching replaces
 * only the basemap's sources and layers, inserted just above the background
 * and below every data layer, so the parcels, zones and drawings stay as they
 * are and the switch is instant. PMTiles are read through the pmtiles
 * protocol (byte ranges from GET /basemaps/{name}.pmtiles): raster archives as
 * one raster layer, vector ones with Land Ledger's quiet style (vectorBasemap.ts).
 */
import * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { BasemapOption } from '$domain/basemaps';
import { vectorBasemapLayers } from './vectorBasemap';

export const BASEMAP_SOURCE = 'basemap';
export const BASEMAP_ANNOTATION_SOURCE = 'basemap-annotation';
export const BASEMAP_LAYER = 'basemap-raster';
export const BASEMAP_ANNOTATION_LAYER = 'basemap-annotation';

let protocolAdded = false;

function ensurePmtilesProtocol(): void {
  if (protocolAdded) return;
  maplibregl.addProtocol('pmtiles', new Protocol().tile);
  protocolAdded = true;
}

/** The first layer drawn above the background: basemap layers go before it. */
function firstDataLayer(map: maplibregl.Map): string | undefined {
  const layers = map.getStyle().layers ?? [];
  return layers.find((l) => l.type !== 'background' && !l.id.startsWith('basemap-'))?.id;
}

export function removeBasemap(map: maplibregl.Map): void {
  for (const layer of map.getStyle().layers ?? []) if (layer.id.startsWith('basemap-')) map.removeLayer(layer.id);
  for (const source of [BASEMAP_ANNOTATION_SOURCE, BASEMAP_SOURCE]) if (map.getSource(source)) map.removeSource(source);
}

/** Shows `option` under the data (null or offline: no basemap). */
export function setBasemap(map: maplibregl.Map, option: BasemapOption | null): void {
  removeBasemap(map);
  if (!option || option.kind === 'offline') return;
  const before = firstDataLayer(map);
  if (option.kind === 'pmtiles' && option.url && option.tileType === 'vector') {
    ensurePmtilesProtocol();
    map.addSource(BASEMAP_SOURCE, { type: 'vector', url: `pmtiles://${new URL(option.url, location.href).href}`, attribution: option.attribution });
    for (const layer of vectorBasemapLayers(BASEMAP_SOURCE)) map.addLayer(layer, before);
    return;
  }
  if (option.kind === 'pmtiles' && option.url) {
    ensurePmtilesProtocol();
    map.addSource(BASEMAP_SOURCE, { type: 'raster', url: `pmtiles://${new URL(option.url, location.href).href}`, tileSize: 256, attribution: option.attribution });
  } else if (option.tiles) {
    map.addSource(BASEMAP_SOURCE, { type: 'raster', tiles: option.tiles, tileSize: 256, maxzoom: option.maxZoom, attribution: option.attribution });
  } else {
    return;
  }
  map.addLayer({ id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_SOURCE }, before);
  if (option.annotationTiles) {
    map.addSource(BASEMAP_ANNOTATION_SOURCE, { type: 'raster', tiles: option.annotationTiles, tileSize: 256, maxzoom: option.maxZoom });
    map.addLayer({ id: BASEMAP_ANNOTATION_LAYER, type: 'raster', source: BASEMAP_ANNOTATION_SOURCE }, before);
  }
}

/** Calls `onFailure` when a basemap tile cannot be loaded (offline, blocked, bad key). Returns the unbinder. */
export function watchBasemapErrors(map: maplibregl.Map, onFailure: () => void): () => void {
  const handler = (e: maplibregl.ErrorEvent & { sourceId?: string }) => {
    if (e.sourceId === BASEMAP_SOURCE || e.sourceId === BASEMAP_ANNOTATION_SOURCE) onFailure();
  };
  map.on('error', handler);
  return () => map.off('error', handler);
}
