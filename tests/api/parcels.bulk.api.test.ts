/**
 * POST /api/parcels/bulk: tags set on many parcels as one edit. Five parcels
 * set to supplied are one edit of five changes, the tally moves by their
 * areas, and one undo brings all five back; a stale version refuses the whole
 * edit, naming the parcel, and writes nothing; the body is bounded (≤ 500
 * parcels) and never sets money or area figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { squareMetersToMu } from '../../domain/units';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { planApi } from './planApi';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
const BULK = '/api/parcels/bulk';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

const send = async (method: string, path: string, body?: unknown, authorization = auth.editor) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: authorization },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const getJson = async (path: string) => (await app.request(`${BASE}${path}`)).json() as Promise<any>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (path) => app.request(`${BASE}${path}`));
});
afterAll(async () => t.dispose());

/** Creates planned industrial parcels in A2 (supply year 2024), each on its own empty spot. */
async function createPlanned(n: number, prefix: string): Promise<{ id: number; version: number }[]> {
  const out: { id: number; version: number }[] = [];
  for (let i = 0; i < n; i++) {
    const geometry = emptySpotInZone(layers, 'A2');
    layers.parcels.features.push({ type: 'Feature', id: `${prefix}-${i}`, geometry, properties: { name: prefix } });
    const res = await send('POST', ITEMS, {
      type: 'Feature',
      geometry,
      properties: { name: `${prefix}-${i}`, landUseCode: '100101', status: 'planned', supplyYear: 2024, investmentYi: 1.5 },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    out.push({ id: (await res.json()).id, version: 1 });
  }
  return out;
}

async function a2(): Promise<{ secured: number; pipeline: number }> {
  return (await planApi(app).tally()).targets.find((x: any) => x.code === 'A2');
}

async function rowsOf(ids: number[]) {
  return t.db.selectFrom('parcels').select(['id', 'version', 'status', 'investmentYi', 'areaSquareMeters', 'geometry']).where('id', 'in', ids).orderBy('id').execute();
}

const changeCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM changes`.execute(t.db)).rows[0]!.n);

describe('bulk edit of tags', () => {
  it('sets the status of 5 parcels as one edit of 5 changes; the tally moves by their areas; one undo restores all 5', async () => {
    const items = await createPlanned(5, 'bulk-status');
    const ids = items.map((i) => i.id);
    const before = await rowsOf(ids);
    const areaMu = before.reduce((sum, r) => sum + squareMetersToMu(r.areaSquareMeters), 0);
    expect(areaMu).toBeGreaterThan(0);
    const tallyBefore = await a2();

    const res = await send('POST', BULK, { items, set: { status: 'supplied' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(res.headers.get('X-Edit-Id')).toBe(String(body.editId));
    expect(body.updated).toEqual(items.map((i) => ({ id: i.id, version: 2 })));

    const after = await rowsOf(ids);
    expect(after.map((r) => r.status)).toEqual(['supplied', 'supplied', 'supplied', 'supplied', 'supplied']);
    // Only the tag moved: shape, area and figures are exactly as they were.
    expect(after.map((r) => [r.geometry, r.areaSquareMeters, r.investmentYi])).toEqual(before.map((r) => [r.geometry, r.areaSquareMeters, r.investmentYi]));

    const tallyAfter = await a2();
    expect(tallyAfter.secured - tallyBefore.secured).toBeCloseTo(areaMu, 6);
    expect(tallyBefore.pipeline - tallyAfter.pipeline).toBeCloseTo(areaMu, 6);

    const listed = (await getJson('/api/edits?limit=5')).edits;
    const edit = listed.find((e: any) => e.id === body.editId);
    expect(edit).toMatchObject({ kind: 'bulk', undoable: true });
    expect(edit.changes).toHaveLength(5);
    expect(edit.changes.map((c: any) => Number(c.featureId)).sort((a: number, b: number) => a - b)).toEqual(ids);
    for (const id of ids) expect((await getJson(`/api/edits?parcel=${id}`)).edits[0].id).toBe(body.editId);

    const undone = await send('POST', `/api/edits/${body.editId}/undo`);
    expect(undone.status, await undone.clone().text()).toBe(200);
    expect((await rowsOf(ids)).map((r) => r.status)).toEqual(['planned', 'planned', 'planned', 'planned', 'planned']);
    const tallyUndone = await a2();
    expect(tallyUndone.secured).toBeCloseTo(tallyBefore.secured, 6);
    expect(tallyUndone.pipeline).toBeCloseTo(tallyBefore.pipeline, 6);
  });

  it('a stale version or a deleted parcel refuses the whole edit with 412 naming them, and writes nothing', async () => {
    const items = await createPlanned(3, 'bulk-stale');
    // Someone else moves the second parcel on.
    const patched = await app.request(`${BASE}${ITEMS}/${items[1]!.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', Authorization: auth.editor, 'If-Match': `"parcels-${items[1]!.id}-v1"` },
      body: JSON.stringify({ properties: { notes: '别人改过' } }),
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    // And the third is deleted.
    const deleted = await app.request(`${BASE}${ITEMS}/${items[2]!.id}`, { method: 'DELETE', headers: { Authorization: auth.editor, 'If-Match': `"parcels-${items[2]!.id}-v1"` } });
    expect(deleted.status).toBe(204);
    const rowsBefore = await rowsOf(items.map((i) => i.id));
    const changesBefore = await changeCount();
    const editsBefore = (await getJson('/api/edits?limit=1')).edits[0].id;

    const res = await send('POST', BULK, { items, set: { status: 'supplied', enterprise: '某企业' } });
    expect(res.status).toBe(412);
    const body = await res.json();
    expect(body.code).toBe('PRECONDITION_FAILED');
    expect(body.messageZh).toBeTruthy();
    expect(body.moved).toEqual([
      { id: items[1]!.id, expectedVersion: 1, currentVersion: 2 },
      { id: items[2]!.id, expectedVersion: 1, currentVersion: null },
    ]);
    expect(await rowsOf(items.map((i) => i.id))).toEqual(rowsBefore);
    expect(await changeCount()).toBe(changesBefore);
    expect((await getJson('/api/edits?limit=1')).edits[0].id).toBe(editsBefore);
  });

  it('runs the save rules on every parcel: a warning one of them raises refuses the edit, naming it, until confirmed', async () => {
    // The seeded park holds parcels outside the urban development boundary; a tag change to them asks for confirmation, as a save does.
    const table = await getJson('/api/parcels/table?sort=id&limit=500');
    const items = table.rows.map((r: any) => ({ id: r.id, version: r.version }));
    expect(items.length).toBe(table.total);
    const changesBefore = await changeCount();
    const refused = await send('POST', BULK, { items, set: { notes: '批量备注' } });
    expect(refused.status).toBe(422);
    const problem = await refused.json();
    expect(problem.code).toBe('WARNINGS_UNCONFIRMED');
    expect(problem.detail).toMatch(/^parcel \d+$/);
    expect(await changeCount()).toBe(changesBefore);

    const codes = ['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES', 'SLIVER_PART', 'BECAME_MULTIPART'].join(',');
    const confirmed = await send('POST', `${BULK}?confirm=${codes}`, { items, set: { notes: '批量备注' } });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    expect((await confirmed.json()).updated).toHaveLength(items.length);
    expect(await changeCount()).toBe(changesBefore + items.length);
  });

  it('bounds the body: 501 parcels, money or area fields, an empty set, a repeated parcel → 400; viewers → 403', async () => {
    const [one] = await createPlanned(1, 'bulk-bounds');
    const changesBefore = await changeCount();
    const many = Array.from({ length: 501 }, (_, i) => ({ id: i + 1, version: 1 }));
    expect((await send('POST', BULK, { items: many, set: { status: 'supplied' } })).status).toBe(400);
    for (const set of [{ investmentYi: 3 }, { status: 'supplied', outputYi: 1 }, { areaSquareMeters: 10 }, { factoryFloorSquareMeters: 5 }, { powerDemandKilowatts: 5 }, {}]) {
      const res = await send('POST', BULK, { items: [one], set });
      expect(res.status, JSON.stringify(set)).toBe(400);
      expect((await res.json()).code).toBe('INVALID_REQUEST');
    }
    expect((await send('POST', BULK, { items: [one, one], set: { status: 'supplied' } })).status).toBe(400);
    expect((await send('POST', BULK, { items: [one], set: { status: 'no-such-status' } })).status).toBe(400);
    expect((await send('POST', BULK, { items: [one], set: { status: 'supplied' } }, auth.viewer)).status).toBe(403);
    expect(await changeCount()).toBe(changesBefore);
  });
});
