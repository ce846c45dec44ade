/**
 * Mapbox Vector Tiles cut on demand from the R*Tree: the features touching a
 * tile (with a buffer) go through geojson-vt for that one tile, then vt-pbf
 * (server/pool/tile.job.ts). A large cut — many features or much geometry,
 * as at low zoom over a large ledger — runs in the worker pool; the request
 * thread only reads the rows. Either way the same function cuts it, so the
 * bytes are the same. Tiles are cached in memory by (collection, z, x, y,
 * generation); the generation is the newest change id, so any write makes
 * every cached tile stale and changes every ETag — correct across processes
 * sharing the file, at the price of re-cutting after each write.
 */
import { sql, type Kysely } from 'kysely';
import { bboxIntersects } from '../db/dialect';
import type { Database } from '../db/schema';
import { runJob } from '../pool/pool';
import { cutTile, TILE_BUFFER as BUFFER, TILE_EXTENT as EXTENT, type TileRow } from '../pool/tile.job';
import type { CollectionDescriptor } from './collections';

/**
 * A cut goes to the pool past either bound. geojson-vt and the parse take
 * ~0.04–0.1 ms per seed-sized parcel (~200 characters of geometry) on the
 * shared 2-core box: 250 of them stay near 10–25 ms, under the ~50 ms the
 * request thread may be held; a pool round trip costs a few ms, so small
 * tiles (every tile at z13+ on the seed) stay here. The character bound
 * catches a few huge parcels (a 20,000-vertex parcel is ~0.8 MB of text).
 */
export const TILE_POOL_ABOVE_FEATURES = 250;
export const TILE_POOL_ABOVE_CHARACTERS = 100_000;
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
/** Tiles being cut, by cache key: concurrent requests for one tile share one cut (MapLibre asks for each tile once per client, and clients start together after a write). */
const pending = new Map<string, Promise<Uint8Array>>();

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
  let cut = pending.get(key);
  if (!cut) {
    cut = cutFromRows(db, d, z, x, y).finally(() => pending.delete(key));
    pending.set(key, cut);
  }
  const encoded = await cut;
  cache.set(key, encoded);
  return encoded;
}

/** The rows a tile is cut from (light properties, geometry as text), and their geometry's length in characters. */
export async function tileRows(db: Kysely<Database>, d: CollectionDescriptor, z: number, x: number, y: number): Promise<{ rows: TileRow[]; characters: number }> {
  const [minX, minY, maxX, maxY] = tileBounds(z, x, y);
  const padX = ((maxX - minX) * BUFFER) / EXTENT;
  const padY = ((maxY - minY) * BUFFER) / EXTENT;
  const columns = ['id', 'geometry', 'minX', 'minY', 'maxX', 'maxY', ...TILE_PROPERTIES[d.id]!];
  // Features smaller than ~2 screen pixels are left out of a tile (a 120 m parcel at zoom 9
  // is a tenth of a pixel): they would only add bytes. Points and lines are always kept.
  const minSpanLon = ((maxX - minX) / 256) * MIN_FEATURE_PIXELS;
  const minSpanLat = ((maxY - minY) / 256) * MIN_FEATURE_PIXELS;
  let query = db
    .selectFrom(d.table as any)
    .select(columns as any)
    .where(bboxIntersects(db, d.sqlTable, [minX - padX, minY - padY, maxX + padX, maxY + padY]));
  // The same test in SQL first (double precision on both stores, so the same answer): at z8 over
  // ~3,000 parcels nearly all are too small, and reading their geometry text was most of the tile.
  if (d.geometryType === 'polygon') query = query.where(sql<boolean>`(${sql.ref(`${d.sqlTable}.max_x`)} - ${sql.ref(`${d.sqlTable}.min_x`)} >= ${minSpanLon} OR ${sql.ref(`${d.sqlTable}.max_y`)} - ${sql.ref(`${d.sqlTable}.min_y`)} >= ${minSpanLat})`);
  const rows = (await query.execute()) as any[];
  const visible = d.geometryType === 'polygon' ? rows.filter((r) => r.maxX - r.minX >= minSpanLon || r.maxY - r.minY >= minSpanLat) : rows;
  let characters = 0;
  const tileRows: TileRow[] = visible.map((r) => {
    const { minX: _a, minY: _b, maxX: _c, maxY: _d, ...row } = r;
    characters += (row.geometry as string).length;
    return row as TileRow;
  });
  return { rows: tileRows, characters };
}

async function cutFromRows(db: Kysely<Database>, d: CollectionDescriptor, z: number, x: number, y: number): Promise<Uint8Array> {
  const { rows, characters } = await tileRows(db, d, z, x, y);
  const input = { layer: d.id, z, x, y, rows };
  if (rows.length <= TILE_POOL_ABOVE_FEATURES && characters <= TILE_POOL_ABOVE_CHARACTERS) return cutTile(input);
  return new Uint8Array(await runJob('tile', input));
}
