/**
 * Local PMTiles basemaps described from their headers: a vector archive is
 * offered as a vector basemap with its zoom range, a raster one as raster,
 * and the pmtiles reader finds a tile through the server's Range responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PMTiles, TileType } from 'pmtiles';
import { createApp } from '../../server/app';
import { BASE } from '../support/importClient';
import { vectorPmtiles, writePmtiles } from '../support/pmtiles';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let dir: string;
let auth: Awaited<ReturnType<typeof addUsers>>;
const BOUNDS: [number, number, number, number] = [106.9, 28.93, 106.97, 28.99];

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-vector-basemaps-'));
  const water = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { kind: 'water' }, geometry: { type: 'Polygon' as const, coordinates: [[[106.94, 28.94], [106.96, 28.94], [106.96, 28.98], [106.94, 28.98], [106.94, 28.94]]] } }] };
  writeFileSync(join(dir, 'district.pmtiles'), vectorPmtiles({ water }, BOUNDS, 8, 14));
  writeFileSync(join(dir, 'imagery.pmtiles'), writePmtiles([{ z: 10, x: 828, y: 431, data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47) }], { tileType: 2, metadata: {}, bounds: BOUNDS }));
  writeFileSync(join(dir, 'broken.pmtiles'), Uint8Array.of(1, 2, 3));
  app = createApp(t.db, { basemapDir: dir });
  auth = await addUsers(t.db);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.dispose();
});

describe('local PMTiles basemaps', () => {
  it('are offered by tile type and zoom range from each header; an unreadable file as raster', async () => {
    const body = await (await app.request(`${BASE}/api/settings/basemaps`)).json();
    const local = Object.fromEntries(body.options.filter((o: any) => o.kind === 'pmtiles').map((o: any) => [o.id, o]));
    expect(local['pmtiles-district']).toMatchObject({ tileType: 'vector', maxZoom: 14, nameZh: '本地矢量底图 district', nameEn: 'Local vector basemap district', url: '/basemaps/district.pmtiles' });
    expect(local['pmtiles-imagery']).toMatchObject({ tileType: 'raster', maxZoom: 10, nameZh: '本地底图 imagery' });
    expect(local['pmtiles-broken']).toMatchObject({ tileType: 'raster', maxZoom: 22 });
  });

  it('the pmtiles reader gets the header, metadata and a tile through the Range responses', async () => {
    const source = {
      getKey: () => 'district',
      async getBytes(offset: number, length: number) {
        const res = await app.request(`${BASE}/basemaps/district.pmtiles`, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
        expect(res.status).toBe(206);
        return { data: await res.arrayBuffer(), etag: res.headers.get('ETag') ?? undefined };
      },
    };
    const archive = new PMTiles(source);
    const header = await archive.getHeader();
    expect(header.tileType).toBe(TileType.Mvt);
    expect(((await archive.getMetadata()) as { vector_layers: { id: string }[] }).vector_layers.map((l) => l.id)).toEqual(['water']);
    const x = Math.floor(((106.95 + 180) / 360) * 2 ** 12);
    const r = (28.96 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** 12);
    expect((await archive.getZxy(12, x, y))?.data.byteLength).toBeGreaterThan(20);
  });

  it('an admin names a local file (Chinese and English, credit); a bad or repeated file name is refused with both languages', async () => {
    const current = await app.request(`${BASE}/api/settings/basemaps`);
    const etag = current.headers.get('ETag')!;
    const put = (local: unknown, ifMatch: string) =>
      app.request(`${BASE}/api/settings/basemaps`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: auth.admin, 'If-Match': ifMatch },
        body: JSON.stringify({ tiandituKey: null, osm: true, custom: [], local }),
      });
    for (const bad of [
      [{ file: '../etc/passwd', nameZh: '甲', nameEn: 'A' }],
      [{ file: 'district', nameZh: '甲', nameEn: 'A' }, { file: 'district', nameZh: '乙', nameEn: 'B' }],
      [{ file: 'district', nameZh: '', nameEn: 'A' }],
    ]) {
      const res = await put(bad, etag);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      const problem = await res.json();
      expect(problem.messageZh).toBeTruthy();
      expect(problem.messageEn).toBeTruthy();
    }
    const saved = await put([{ file: 'district', nameZh: '万盛区县矢量底图', nameEn: 'Wansheng district (vector)', attribution: '© OpenStreetMap contributors' }], etag);
    expect(saved.status, await saved.clone().text()).toBe(200);
    const body = await (await app.request(`${BASE}/api/settings/basemaps`)).json();
    const district = body.options.find((o: any) => o.id === 'pmtiles-district');
    expect(district).toMatchObject({ nameZh: '万盛区县矢量底图', nameEn: 'Wansheng district (vector)', attribution: '© OpenStreetMap contributors', tileType: 'vector' });
    expect(body.options.find((o: any) => o.id === 'pmtiles-imagery').nameZh).toBe('本地底图 imagery');
  });
});
