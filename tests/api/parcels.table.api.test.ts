/**
 * GET /api/parcels/table over a fresh seeded database: its filters count what
 * OGC items' numberMatched counts for the same filter, it sorts and pages
 * without repeats, filters by part of a name and by the view's bbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;

const getJson = async (path: string) => {
  const res = await app.request(`${BASE}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
};
type Page = { total: number; rows: { id: number; name: string; status: string; areaMu: number }[] };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
});
afterAll(async () => t.dispose());

describe('GET /api/parcels/table', () => {
  it('counts what OGC items count for the same filters', async () => {
    for (const query of ['status=supplied', 'status=planned', 'supplyYear=2023', 'landUseCode=100101', '']) {
      const table = (await getJson(`/api/parcels/table?limit=1&${query}`)) as Page;
      const ogc = (await getJson(`/ogc/collections/parcels/items?limit=1&${query}`)) as { numberMatched: number };
      expect(table.total, query).toBe(ogc.numberMatched);
    }
  });

  it('sorts by area, descending, and pages without repeats or gaps', async () => {
    const all = (await getJson('/api/parcels/table?sort=areaSquareMeters&dir=desc&limit=500')) as Page;
    expect(all.rows).toHaveLength(all.total);
    const areas = all.rows.map((r) => r.areaMu);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    const first = (await getJson('/api/parcels/table?sort=status&limit=30&offset=0')) as Page;
    const second = (await getJson('/api/parcels/table?sort=status&limit=30&offset=30')) as Page;
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(60);
  });

  it('filters by part of a name and by bbox', async () => {
    const named = (await getJson(`/api/parcels/table?q=${encodeURIComponent('鱼田堡')}&limit=500`)) as Page;
    expect(named.total).toBeGreaterThan(0);
    for (const r of named.rows) expect(r.name).toContain('鱼田堡');
    expect(((await getJson('/api/parcels/table?q=%25')) as Page).total).toBe(0);
    const world = (await getJson('/api/parcels/table?bbox=-180,-90,180,90&limit=1')) as Page;
    const nowhere = (await getJson('/api/parcels/table?bbox=0,0,1,1&limit=1')) as Page;
    expect(world.total).toBe(((await getJson('/api/parcels/table?limit=1')) as Page).total);
    expect(nowhere.total).toBe(0);
  });

  it('refuses an unknown sort column and a limit over 500', async () => {
    expect((await app.request(`${BASE}/api/parcels/table?sort=geometry`)).status).toBe(400);
    expect((await app.request(`${BASE}/api/parcels/table?limit=501`)).status).toBe(400);
  });
});
