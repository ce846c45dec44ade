/**
 * GET /api/search over a fresh seeded database: parcels by part of a name,
 * pinyin initials, id and enterprise; and the index follows writes (a rename
 * is found by its new name, a deleted parcel is gone) without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers } from '../support/places';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let spot: Polygon;

const get = async (path: string) => app.request(`${BASE}${path}`);
const search = async (q: string, limit?: number) => {
  const res = await get(`/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { total: number; results: { id: number; name: string; enterprise: string | null; matched: string; bbox: number[] }[] };
};
const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  spot = emptySpotInZone(await loadSeedLayers((p) => get(p)), 'A2');
});
afterAll(async () => t.dispose());

describe('GET /api/search', () => {
  it('finds parcels by a part of their name, each with its bbox', async () => {
    const body = await search('鱼田堡');
    expect(body.results.length).toBeGreaterThan(5);
    expect(body.total).toBe(body.results.length);
    for (const r of body.results) {
      expect(r.name).toContain('鱼田堡');
      expect(r.bbox[0]).toBeLessThan(r.bbox[2]!);
    }
  });

  it('finds the same parcels by pinyin initials', async () => {
    const byName = await search('鱼田堡');
    const byInitials = await search('ytb');
    expect(byInitials.results.map((r) => r.id).sort()).toEqual(byName.results.map((r) => r.id).sort());
    expect(byInitials.results[0]!.matched).toBe('nameInitials');
  });

  it('finds a parcel by its id (地块编码) first, and by its enterprise', async () => {
    const some = (await search('鱼田堡-13')).results[0]!;
    const byId = await search(String(some.id));
    expect(byId.results[0]).toMatchObject({ id: some.id, matched: 'id' });
    expect(some.enterprise).not.toBeNull();
    const byEnterprise = await search(some.enterprise!.slice(2, 6));
    expect(byEnterprise.results.map((r) => r.id)).toContain(some.id);
  });

  it('keeps to the limit but counts every hit, and refuses a bad limit', async () => {
    const body = await search('用地', 3);
    expect(body.results).toHaveLength(3);
    expect(body.total).toBeGreaterThan(3);
    expect((await get('/api/search?q=x&limit=0')).status).toBe(400);
    expect((await get('/api/search?q=x&limit=abc')).status).toBe(400);
  });

  it('follows writes: a new parcel, its rename and its deletion', async () => {
    expect((await search('翠屏')).total).toBe(0);
    const created = await send('POST', ITEMS, {
      type: 'Feature',
      geometry: spot,
      properties: { name: '翠屏山试验地块', landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: '示例翠屏科技有限公司' },
    });
    expect(created.status).toBe(201);
    const id = (await created.json()).id as number;
    expect((await search('cpssy')).results.map((r) => r.id)).toEqual([id]);

    const patched = await send('PATCH', `${ITEMS}/${id}`, { properties: { name: '黑石沟实验田' } }, { 'If-Match': created.headers.get('ETag')!, 'Content-Type': 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    expect((await search('翠屏山')).total).toBe(0);
    expect((await search('hsgsyt')).results.map((r) => r.id)).toEqual([id]);

    expect((await send('DELETE', `${ITEMS}/${id}`, undefined, { 'If-Match': patched.headers.get('ETag')! })).status).toBe(204);
    expect((await search('黑石沟')).total).toBe(0);
    expect((await search(String(id))).results.some((r) => r.id === id)).toBe(false);
  });
});
