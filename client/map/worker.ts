/**
 * MapLibre finds its worker next to its own module file. Once Vite bundles
 * the library that file is gone, so point MapLibre at the worker module as a
 * bundled asset (same origin; no CDN).
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

let configured = false;

export function configureMapLibreWorker(): void {
  if (configured) return;
  maplibregl.setWorkerUrl(new URL(workerUrl, window.location.href).href);
  configured = true;
}
