/** Vector tiles: content matches the bbox query, ETag/304, invalidated by writes. */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { tileBounds } from '../../server/store/tiles';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

/** The z/x/y tile containing lon/lat. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

async function decode(res: Response, layer: string) {
  const tile = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  const l = tile.layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => l.feature(i));
}

describe('GET /tiles/{collection}/{z}/{x}/{y}.mvt', () => {
  it('holds the parcels the bbox query returns for the tile, with their properties', async () => {
    const { z, x, y } = tileAt(106.93, 28.97, 13);
    const res = await app.request(`${BASE}/tiles/parcels/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const features = await decode(res, 'parcels');
    const [minX, minY, maxX, maxY] = tileBounds(z, x, y);
    const items = await (await app.request(`${BASE}/ogc/collections/parcels/items?limit=10000&bbox=${minX},${minY},${maxX},${maxY}`)).json();
    expect(items.numberMatched).toBeGreaterThan(0);
    const inTile = new Set(features.map((f) => Number(f.properties.llId)));
    for (const f of items.features) expect(inTile.has(f.id)).toBe(true);
    const sample = features[0]!;
    expect(sample.properties).toHaveProperty('status');
    expect(sample.type).toBe(3);
  });

  it('answers 304 to a matching If-None-Match, and a write changes the ETag', async () => {
    const { z, x, y } = tileAt(106.93, 28.97, 12);
    const url = `${BASE}/tiles/parcels/${z}/${x}/${y}.mvt`;
    const first = await app.request(url);
    const etag = first.headers.get('ETag')!;
    expect((await app.request(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const item = await app.request(`${BASE}/ogc/collections/parcels/items/1`);
    const patched = await app.request(`${BASE}/ogc/collections/parcels/items/1`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: auth.editor, 'If-Match': item.headers.get('ETag')!, 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY' },
      body: JSON.stringify({ properties: { status: 'in_production' } }),
    });
    expect(patched.status).toBe(200);
    const after = await app.request(url, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
  });

  it('an empty tile is a valid empty tile; bad coordinates are 400', async () => {
    const empty = await app.request(`${BASE}/tiles/parcels/10/0/0.mvt`);
    expect(empty.status).toBe(200);
    expect(await decode(empty, 'parcels')).toHaveLength(0);
    expect((await app.request(`${BASE}/tiles/parcels/3/8/0.mvt`)).status).toBe(400);
    expect((await app.request(`${BASE}/tiles/parcels/3/1/1.png`)).status).toBe(400);
    expect((await app.request(`${BASE}/tiles/nope/3/1/1.mvt`)).status).toBe(404);
  });
});
