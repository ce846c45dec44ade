/**
 * Mapbox Vector Tiles cut on demand from the R*Tree: the features touching a
 * tile (with a buffer) go through geojson-vt for that one tile, then vt-pbf.
 * Tiles are cached in memory by (collection, z, x, y, generation); the
 * generation is the newest change id, so any write makes every cached tile
 * stale and changes every ETag — correct across processes sharing the file,
 * at the price of re-cutting after each write.
 */
import GeoJSONVT from 'geojson-vt';
import type { Feature, Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import { bboxIntersects } from '../db/dialect';
import { fromGeojsonVt } from 'vt-pbf';
import type { Database } from '../db/schema';
import type { CollectionDescriptor } from './collections';

/** MVT extent and buffer, in tile units (the MapLibre defaults). */
const EXTENT = 4096;
const BUFFER = 64;
export const MAX_TILE_ZOOM = 22;
/** Polygons narrower and shorter than this many 256-px screen pixels are dropped from a tile. */
export const MIN_FEATURE_PIXELS = 2;

/** Light properties per collection: what the map styles and labels need, not the whole record. */
const TILE_PROPERTIES: Record<string, readonly string[]> = {
  parcels: ['name', 'enterprise', 'status', 'landUseCode', 'industryChain', 'supplyYear', 'areaSquareMeters', 'version'],
  zones: ['code', 'nameZh', 'nameEn', 'kind'],
  energy_stations: ['name', 'kind', 'status', 'capacityMegawatts', 'serviceRadiusMeters'],
  energy_lines: ['name', 'kind', 'status', 'voltageKilovolts'],
  constraints: ['name', 'kind'],
};

export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

export async function currentGeneration(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

class LruCache<V> {
  private map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}

const cache = new LruCache<Uint8Array>(2000);

export async function renderTile(
  db: Kysely<Database>,
  d: CollectionDescriptor,
  z: number,
  x: number,
  y: number,
  generation: number,
): Promise<Uint8Array> {
  const key = `${d.id}/${z}/${x}/${y}@${generation}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [minX, minY, maxX, maxY] = tileBounds(z, x, y);
  const padX = ((maxX - minX) * BUFFER) / EXTENT;
  const padY = ((maxY - minY) * BUFFER) / EXTENT;
  const columns = ['id', 'geometry', 'minX', 'minY', 'maxX', 'maxY', ...TILE_PROPERTIES[d.id]!];
  // Features smaller than ~2 screen pixels are left out of a tile (a 120 m parcel at zoom 9
  // is a tenth of a pixel): they would only add bytes. Points and lines are always kept.
  const minSpanLon = ((maxX - minX) / 256) * MIN_FEATURE_PIXELS;
  const minSpanLat = ((maxY - minY) / 256) * MIN_FEATURE_PIXELS;
  const rows = (await db
    .selectFrom(d.table as any)
    .select(columns as any)
    .where(bboxIntersects(db, d.sqlTable, [minX - padX, minY - padY, maxX + padX, maxY + padY]))
    .execute()) as any[];
  const visible = d.geometryType === 'polygon' ? rows.filter((r) => r.maxX - r.minX >= minSpanLon || r.maxY - r.minY >= minSpanLat) : rows;
  const features: Feature[] = visible.map((r) => {
    const { id, geometry, minX: _a, minY: _b, maxX: _c, maxY: _d, ...properties } = r;
    return { type: 'Feature', id, geometry: JSON.parse(geometry) as Geometry, properties: { ...properties, llId: String(id) } };
  });
  let encoded: Uint8Array;
  if (features.length === 0) {
    encoded = fromGeojsonVt({ [d.id]: { features: [] } }, { version: 2, extent: EXTENT });
  } else {
    const index = new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: z, indexMaxZoom: z, indexMaxPoints: 0, extent: EXTENT, buffer: BUFFER, tolerance: 3 });
    const tile = index.getTile(z, x, y) ?? { features: [] };
    encoded = fromGeojsonVt({ [d.id]: tile }, { version: 2, extent: EXTENT });
  }
  cache.set(key, encoded);
  return encoded;
}
