/**
 * What browser tests hold on to: the map as `window.__landLedgerMap`, and
 * `body[data-map-ready="true"]` once the style has loaded and the data
 * sources and layers are on the map.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    __landLedgerMap?: MapLibreMap;
  }
}

export function exposeMap(map: MapLibreMap): void {
  window.__landLedgerMap = map;
}

export function markMapReady(): void {
  document.body.dataset.mapReady = 'true';
}

export function forgetMap(): void {
  delete window.__landLedgerMap;
  delete document.body.dataset.mapReady;
}
