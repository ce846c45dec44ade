/**
 * Cutting one vector tile from the stored rows that touch it: geojson-vt for
 * that one tile, then vt-pbf. At low zoom over a large ledger this is the
 * heavy part of a tile (z10 over ~3,000 parcels held the request thread
 * ~120–320 ms: parsing every geometry, clipping and simplifying it), so the
 * store (server/store/tiles.ts) sends large cuts here with the geometry as
 * its stored JSON text; small ones it cuts on the request thread with the
 * same function, so a tile's bytes never depend on where it was cut.
 */
import GeoJSONVT from 'geojson-vt';
import type { Feature, Geometry } from 'geojson';
import { move } from 'piscina';
import { fromGeojsonVt } from 'vt-pbf';

/** MVT extent and buffer, in tile units (the MapLibre defaults). */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

/** A stored row as read for a tile: id, geometry as JSON text, the light properties, in column order (bbox columns already left out). */
export type TileRow = { id: number | string; geometry: string } & Record<string, unknown>;

export interface TileJobInput {
  layer: string;
  z: number;
  x: number;
  y: number;
  rows: TileRow[];
}

/** The tile's MVT bytes. */
export function cutTile({ layer, z, x, y, rows }: TileJobInput): Uint8Array {
  const features: Feature[] = rows.map((r) => {
    const { id, geometry, ...properties } = r;
    return { type: 'Feature', id, geometry: JSON.parse(geometry) as Geometry, properties: { ...properties, llId: String(id) } };
  });
  if (features.length === 0) return fromGeojsonVt({ [layer]: { features: [] } }, { version: 2, extent: TILE_EXTENT });
  const index = new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: z, indexMaxZoom: z, indexMaxPoints: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3 });
  const tile = index.getTile(z, x, y) ?? { features: [] };
  return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
}

/** In the pool: the bytes come back moved, not copied. */
export function tileJob(input: TileJobInput): ArrayBuffer {
  const bytes = cutTile(input);
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  return move(own) as ArrayBuffer;
}
