/**
 * The parcels layer as vector tiles (GET /tiles/parcels/{z}/{x}/{y}.mvt, one
 * layer named after the collection, `llId` = String(id) on every feature).
 * The layers keep their GeoJSON styling: status, industryChain and llId are
 * tile properties too. After a write the server's tile generation moves; the
 * client adds its own generation to the URL so MapLibre refetches instead of
 * reusing tiles it holds (the server then answers from its LRU or re-cuts).
 */
import type { Map as MapLibreMap, VectorSourceSpecification, VectorTileSource } from 'maplibre-gl';

/** The MVT layer holding the parcels: the server names layers by collection id. */
export const PARCEL_SOURCE_LAYER = 'parcels';

/**
 * Tiles are fetched up to this zoom and over-zoomed beyond it: at z16 a
 * 120 m parcel is ~80 px across and the tile's 4096 units give 3 cm steps.
 */
export const PARCEL_TILE_MAX_ZOOM = 16;

/** Absolute tile URL template (MapLibre's worker resolves URLs without the page's base). */
export function parcelTileUrl(origin: string, generation: number): string {
  return `${origin}/tiles/parcels/{z}/{x}/{y}.mvt?g=${generation}`;
}

export function parcelVectorSource(origin: string, generation: number): VectorSourceSpecification {
  return { type: 'vector', tiles: [parcelTileUrl(origin, generation)], minzoom: 0, maxzoom: PARCEL_TILE_MAX_ZOOM };
}

/** Points the tile source at a new generation so every visible tile is fetched again. */
export function refreshParcelTiles(map: MapLibreMap, sourceId: string, origin: string, generation: number): void {
  const source = map.getSource<VectorTileSource>(sourceId);
  if (source && source.type === 'vector') source.setTiles([parcelTileUrl(origin, generation)]);
}

/** From this zoom up the parcel outlines are the full line layer; below it, the fill's own 1 px outline. */
export const PARCEL_LINE_MIN_ZOOM_TILED = 15;

/**
 * Level of detail for a district-sized parcel layer. The outline line layer
 * is the costliest thing on the map at z13–14 (~7,000 parcels on screen, each
 * outline a strip of antialiased quads): on Chromium's software renderer it
 * alone doubled the frame time of a pan (tests/e2e/bigmap.e2e.test.ts).
 * Below z15 the fill draws its own 1 px white outline instead, which reads
 * the same at that scale; from z15 up the line layer takes over.
 */
export function applyTiledParcelDetail(map: MapLibreMap, fillLayerId: string, lineLayerId: string): void {
  if (map.getLayer(lineLayerId)) map.setLayerZoomRange(lineLayerId, PARCEL_LINE_MIN_ZOOM_TILED, 24);
  if (map.getLayer(fillLayerId)) map.setPaintProperty(fillLayerId, 'fill-outline-color', '#ffffff');
}
