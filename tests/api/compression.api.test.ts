/**
 * Answer shaping: JSON and GeoJSON compressed by Accept-Encoding (never the
 * change stream or tiles), revalidated reads answering 304, and the built
 * client served from its precompressed copies with year-long caching for
 * hashed assets and revalidation for index.html.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { IMMUTABLE } from '../../server/http/staticClient';
import { precompressFolder } from '../../scripts/precompress';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const BASE = 'http://localhost';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let clientDir: string;
const APP_JS = `console.log(${JSON.stringify('园区用地 '.repeat(400))});\n`;

beforeAll(async () => {
  t = await createTestDatabase();
  clientDir = mkdtempSync(join(tmpdir(), 'll-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), `<!doctype html><script type="module" src="/assets/app-1a2b3c.js"></script>${' '.repeat(2000)}`);
  writeFileSync(join(clientDir, 'assets', 'app-1a2b3c.js'), APP_JS);
  writeFileSync(join(clientDir, 'assets', 'tiny-9f8e7d.js'), 'export {};\n');
  await precompressFolder(clientDir);
  app = createApp(t.db, { clientDir });
});
afterAll(async () => {
  rmSync(clientDir, { recursive: true, force: true });
  await t.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(`${BASE}${path}`, { headers });

/** The page without its timeStamp (the moment it was answered). */
const page = (text: string) => ({ ...JSON.parse(text), timeStamp: null });

function decode(bytes: ArrayBuffer, encoding: string | null): string {
  const buf = Buffer.from(bytes);
  if (encoding === 'br') return brotliDecompressSync(buf).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(buf).toString('utf8');
  return buf.toString('utf8');
}

describe('compressed API answers', () => {
  const items = '/ogc/collections/parcels/items?limit=50';

  it('sends brotli when offered, gzip when only gzip is, and the same JSON either way', async () => {
    const plain = await get(items);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    const identity = await plain.text();
    expect(identity.length).toBeGreaterThan(5000);

    const br = await get(items, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/geo\+json/);
    const brBytes = await br.arrayBuffer();
    expect(brBytes.byteLength).toBeLessThan(identity.length / 3);
    expect(page(decode(brBytes, 'br'))).toEqual(page(identity));

    const gz = await get(items, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(page(decode(await gz.arrayBuffer(), 'gzip'))).toEqual(page(identity));
  });

  it('honours q=0 and leaves small answers uncompressed', async () => {
    const refused = await get(items, { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(refused.headers.get('content-encoding')).toBe('gzip');
    const health = await get('/api/health', { 'Accept-Encoding': 'br' });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect(await health.json()).toEqual({ ok: true });
  });

  it('does not compress vector tiles', async () => {
    const res = await get('/tiles/parcels/13/6529/3406.mvt', { 'Accept-Encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('does not compress (and so does not hold back) the change stream', async () => {
    const controller = new AbortController();
    const res = await app.request(`${BASE}/api/changes/stream`, { signal: controller.signal, headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('content-encoding')).toBeNull();
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: ready');
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});

describe('revalidated reads', () => {
  it.each(['/api/plans', '/ogc/collections', '/ogc/collections/parcels', '/api/meta'])('%s answers 304 to its own ETag', async (path) => {
    const first = await get(path, { 'Accept-Encoding': 'br' });
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get(path, { 'If-None-Match': tag!, 'Accept-Encoding': 'br' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    const other = await get(path, { 'If-None-Match': 'W/"something-else"' });
    expect(other.status).toBe(200);
  });

  it('keeps a stored version ETag (basemap settings) and answers 304 to it', async () => {
    const first = await get('/api/settings/basemaps');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"basemaps-v\d+"$/);
    expect((await get('/api/settings/basemaps', { 'If-None-Match': tag })).status).toBe(304);
  });

  it('does not revalidate feature pages by body hash (they carry their own change id)', async () => {
    const res = await get('/ogc/collections/parcels/items?limit=5');
    expect(res.headers.get('etag')).toBeNull();
  });
});

describe('the built client', () => {
  it('serves a hashed asset precompressed by negotiation, cached for a year', async () => {
    for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['', null]] as const) {
      const res = await get('/assets/app-1a2b3c.js', accept ? { 'Accept-Encoding': accept } : {});
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      const bytes = await res.arrayBuffer();
      expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
      expect(decode(bytes, encoding)).toBe(APP_JS);
    }
  });

  it('serves a file too small to precompress as it is', async () => {
    const res = await get('/assets/tiny-9f8e7d.js', { 'Accept-Encoding': 'br' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe('export {};\n');
  });

  it('has index.html revalidated on every load, with 304 when unchanged', async () => {
    const res = await get('/', { 'Accept-Encoding': 'br' });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(decode(await res.arrayBuffer(), res.headers.get('content-encoding'))).toContain('/assets/app-1a2b3c.js');
    const again = await get('/', { 'If-None-Match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('answers client routes with index.html but a missing hashed asset with 404', async () => {
    const route = await get('/parcels/12');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<!doctype html>');
    expect((await get('/assets/app-000000.js')).status).toBe(404);
  });

  it('serves nothing outside the client folder', async () => {
    const res = await get('/..%2f..%2fetc%2fpasswd');
    expect(await res.text()).not.toContain('root:');
  });
});
