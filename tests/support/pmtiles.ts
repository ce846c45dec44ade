/**
 * Writes small PMTiles v3 archives for tests: an uncompressed root directory
 * and metadata, tiles stored as given. Vector tiles are made from GeoJSON
 * layers with geojson-vt and vt-pbf (the encoders the tile server uses), so a
 * test can put a known water polygon on the map and look for its colour.
 * Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
 */
import type { FeatureCollection } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { zxyToTileId } from 'pmtiles';
import { fromGeojsonVt } from 'vt-pbf';

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

/** A PMTiles v3 archive of `tiles` (tileType 1 = MVT, 2 = PNG) with `metadata` as its JSON metadata. */
export function writePmtiles(tiles: ArchiveTile[], options: { tileType: 1 | 2; metadata: object; bounds: [number, number, number, number] }): Uint8Array {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const directory: number[] = [];
  varint(directory, sorted.length);
  let lastId = 0;
  for (const t of sorted) {
    varint(directory, t.id - lastId);
    lastId = t.id;
  }
  for (let i = 0; i < sorted.length; i++) varint(directory, 1); // run lengths
  for (const t of sorted) varint(directory, t.data.length);
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    // 0 = right after the previous tile; otherwise offset + 1.
    varint(directory, i === 0 ? offset + 1 : 0);
    offset += sorted[i]!.data.length;
  }
  const dir = Uint8Array.from(directory);
  const meta = new TextEncoder().encode(JSON.stringify(options.metadata));
  const tileBytes = offset;
  const header = new ArrayBuffer(127);
  const view = new DataView(header);
  new Uint8Array(header).set(new TextEncoder().encode('PMTiles'), 0);
  view.setUint8(7, 3);
  const u64 = (at: number, v: number) => view.setBigUint64(at, BigInt(v), true);
  const rootOffset = 127;
  const metaOffset = rootOffset + dir.length;
  const dataOffset = metaOffset + meta.length;
  u64(8, rootOffset);
  u64(16, dir.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileBytes);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  view.setUint8(96, 1); // clustered
  view.setUint8(97, 1); // internal compression: none
  view.setUint8(98, 1); // tile compression: none
  view.setUint8(99, options.tileType);
  view.setUint8(100, Math.min(...sorted.map((t) => t.z)));
  view.setUint8(101, Math.max(...sorted.map((t) => t.z)));
  const [w, s, e, n] = options.bounds;
  view.setInt32(102, Math.round(w * 1e7), true);
  view.setInt32(106, Math.round(s * 1e7), true);
  view.setInt32(110, Math.round(e * 1e7), true);
  view.setInt32(114, Math.round(n * 1e7), true);
  view.setUint8(118, Math.max(...sorted.map((t) => t.z)));
  view.setInt32(119, Math.round(((w + e) / 2) * 1e7), true);
  view.setInt32(123, Math.round(((s + n) / 2) * 1e7), true);
  const out = new Uint8Array(127 + dir.length + meta.length + tileBytes);
  out.set(new Uint8Array(header), 0);
  out.set(dir, rootOffset);
  out.set(meta, metaOffset);
  let at = dataOffset;
  for (const t of sorted) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}

const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** A vector PMTiles archive of GeoJSON `layers` over `bounds`, every tile from z`minZoom` to z`maxZoom`. */
export function vectorPmtiles(layers: Record<string, FeatureCollection>, bounds: [number, number, number, number], minZoom: number, maxZoom: number): Uint8Array {
  const indexes = Object.fromEntries(Object.entries(layers).map(([name, fc]) => [name, new GeoJSONVT(fc, { maxZoom, indexMaxZoom: maxZoom, tolerance: 1, buffer: 64 })]));
  const tiles: ArchiveTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tileX(bounds[0], z); x <= tileX(bounds[2], z); x++) {
      for (let y = tileY(bounds[3], z); y <= tileY(bounds[1], z); y++) {
        const parts: Record<string, any> = {};
        for (const [name, index] of Object.entries(indexes)) {
          const tile = index.getTile(z, x, y);
          if (tile) parts[name] = tile;
        }
        if (Object.keys(parts).length) tiles.push({ z, x, y, data: fromGeojsonVt(parts, { version: 2 }) });
      }
    }
  }
  const metadata = { name: 'test basemap', vector_layers: Object.keys(layers).map((id) => ({ id, fields: {} })) };
  return writePmtiles(tiles, { tileType: 1, metadata, bounds });
}
