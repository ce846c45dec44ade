/**
 * Basemap settings and the PMTiles server: public options, admin edits with
 * If-Match, GCJ-02 URLs flagged, the CSP following the configured tile hosts,
 * and HTTP Range reads of a local archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { BASE } from '../support/importClient';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let dir: string;
const archive = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-basemaps-'));
  writeFileSync(join(dir, 'wansheng.pmtiles'), archive);
  app = createApp(t.db, { basemapDir: dir });
  auth = await addUsers(t.db);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.dispose();
});

const put = (body: unknown, headers: Record<string, string>) =>
  app.request(`${BASE}/api/settings/basemaps`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: auth.admin, ...headers }, body: JSON.stringify(body) });

describe('basemap settings', () => {
  it('are public: offline first, OSM, the local PMTiles; no Tianditu without a key', async () => {
    const res = await app.request(`${BASE}/api/settings/basemaps`);
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"basemaps-v0"');
    const body = await res.json();
    expect(body.options.map((o: any) => o.id)).toEqual(['offline', 'osm', 'pmtiles-wansheng']);
    expect(body.options[2].url).toBe('/basemaps/wansheng.pmtiles');
  });

  it('admin only, with If-Match; Tianditu vec/img with annotations once a key is set; GCJ-02 URLs flagged', async () => {
    const settings = {
      tiandituKey: 'abc123',
      osm: true,
      custom: [
        { id: 'gaode', nameZh: '高德', nameEn: 'Gaode', url: 'https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8', attribution: '© AutoNavi' },
        { id: 'ortho', nameZh: '正射影像', nameEn: 'Orthophoto', url: 'https://tiles.example.gov.cn/ortho/{z}/{x}/{y}.jpg', attribution: '' },
      ],
    };
    expect((await put(settings, { Authorization: auth.editor, 'If-Match': '"basemaps-v0"' })).status).toBe(403);
    expect((await put(settings, {})).status).toBe(428);
    expect((await put(settings, { 'If-Match': '"basemaps-v7"' })).status).toBe(412);
    expect((await put({ ...settings, custom: [{ ...settings.custom[1], url: 'javascript:alert(1)' }] }, { 'If-Match': '"basemaps-v0"' })).status).toBe(400);
    const res = await put(settings, { 'If-Match': '"basemaps-v0"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"basemaps-v1"');
    const body = await res.json();
    const byId = new Map(body.options.map((o: any) => [o.id, o]));
    const img: any = byId.get('tianditu-img');
    expect(img.tiles).toHaveLength(8);
    expect(img.tiles[0]).toBe('https://t0.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc123');
    expect(img.annotationTiles[0]).toContain('/cia_w/wmts?');
    expect((byId.get('tianditu-vec') as any).annotationTiles[0]).toContain('LAYER=cva');
    expect((byId.get('custom-gaode') as any).gcj02Warning).toBe(true);
    expect((byId.get('custom-ortho') as any).gcj02Warning).toBe(false);
    expect(body.gcj02Warning.zh).toContain('偏移');
  });

  it('the CSP lets the browser fetch tiles from the configured hosts, and still forbids inline scripts', async () => {
    const csp = (await app.request(`${BASE}/api/health`)).headers.get('Content-Security-Policy')!;
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `))!;
    for (const name of ['img-src', 'connect-src']) {
      expect(directive(name)).toContain('https://*.tianditu.gov.cn');
      expect(directive(name)).toContain('https://tile.openstreetmap.org');
      expect(directive(name)).toContain('https://tiles.example.gov.cn');
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('GET /basemaps/{name}.pmtiles', () => {
  it('serves byte ranges (206) and the whole file (200)', async () => {
    const part = await app.request(`${BASE}/basemaps/wansheng.pmtiles`, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe(`bytes 100-199/${archive.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(archive.slice(100, 200));
    const suffix = await app.request(`${BASE}/basemaps/wansheng.pmtiles`, { headers: { Range: 'bytes=-10' } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(archive.slice(-10));
    const whole = await app.request(`${BASE}/basemaps/wansheng.pmtiles`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('Accept-Ranges')).toBe('bytes');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(archive);
    expect((await app.request(`${BASE}/basemaps/wansheng.pmtiles`, { headers: { Range: 'bytes=99999-' } })).status).toBe(416);
  });

  it('404 for other names and path tricks', async () => {
    expect((await app.request(`${BASE}/basemaps/missing.pmtiles`)).status).toBe(404);
    expect((await app.request(`${BASE}/basemaps/..%2Fetc%2Fpasswd.pmtiles`)).status).toBe(404);
    expect((await app.request(`${BASE}/basemaps/wansheng.mbtiles`)).status).toBe(404);
  });

  it('a symlink leading out of the basemap folder is 404, with or without Range; one inside it is served', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'land-ledger-outside-'));
    try {
      writeFileSync(join(outside, 'secret.pmtiles'), 'not for the browser');
      symlinkSync('/etc/passwd', join(dir, 'passwd.pmtiles'));
      symlinkSync(join(outside, 'secret.pmtiles'), join(dir, 'secret.pmtiles'));
      symlinkSync(join(dir, 'wansheng.pmtiles'), join(dir, 'alias.pmtiles'));
      for (const name of ['passwd', 'secret']) {
        const whole = await app.request(`${BASE}/basemaps/${name}.pmtiles`);
        expect(whole.status).toBe(404);
        expect(await whole.text()).not.toContain('root:');
        expect((await app.request(`${BASE}/basemaps/${name}.pmtiles`, { headers: { Range: 'bytes=0-15' } })).status).toBe(404);
      }
      const alias = await app.request(`${BASE}/basemaps/alias.pmtiles`, { headers: { Range: 'bytes=0-9' } });
      expect(alias.status).toBe(206);
      expect(new Uint8Array(await alias.arrayBuffer())).toEqual(archive.slice(0, 10));
    } finally {
      for (const name of ['passwd', 'secret', 'alias']) rmSync(join(dir, `${name}.pmtiles`), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a folder reached through a symlink still serves its own files', async () => {
    const link = join(tmpdir(), `land-ledger-basemap-link-${process.pid}`);
    symlinkSync(dir, link);
    try {
      const res = await createApp(t.db, { basemapDir: link }).request(`${BASE}/basemaps/wansheng.pmtiles`, { headers: { Range: 'bytes=5-9' } });
      expect(res.status).toBe(206);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(archive.slice(5, 10));
    } finally {
      rmSync(link, { force: true });
    }
  });
});
