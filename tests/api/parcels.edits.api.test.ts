/**
 * POST /api/parcels/edits: a merge or a split as one transaction. Every part
 * is checked (versions, rules against the state the edit itself leaves) and
 * recorded; when any part is refused nothing is written — no parcel deleted,
 * shrunk or created, no history row, no change announced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { areaSquareMeters } from '../../domain/area';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
const EDITS = '/api/parcels/edits';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

const get = async (path: string) => app.request(`${BASE}${path}`);
const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers },
    body: JSON.stringify(body),
  });

const props = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 });
const feature = (geometry: Polygon, name: string) => ({ type: 'Feature', geometry, properties: props(name) });

/** The west and east halves of an axis-aligned square (they share an edge, never overlap). */
function halves(square: Polygon): [Polygon, Polygon] {
  const xs = square.coordinates[0]!.map((p) => p[0]!);
  const ys = square.coordinates[0]!.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const xm = (x0 + x1) / 2;
  const rect = (a: number, b: number): Polygon => ({ type: 'Polygon', coordinates: [[[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]]] });
  return [rect(x0, xm), rect(xm, x1)];
}

const spots: Polygon[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(get);
  for (let i = 0; i < 8; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => t.dispose());

async function create(geometry: Polygon, name: string): Promise<{ id: number; version: number }> {
  const res = await send('POST', ITEMS, feature(geometry, name));
  expect(res.status, await res.clone().text()).toBe(201);
  const body = await res.json();
  return { id: body.id, version: 1 };
}

/** Everything an edit could touch: parcel rows (id, version, geometry) and the number of history rows. */
async function ledgerState() {
  const parcels = await t.db.selectFrom('parcels').select(['id', 'version', 'geometry']).orderBy('id').execute();
  const changes = await sql<{ n: number }>`SELECT count(*) AS n FROM changes`.execute(t.db);
  return { parcels, changes: Number(changes.rows[0]!.n) };
}

describe('merge', () => {
  it('absorbs the other parcel in one write: it is deleted, the target grows, both are in the history', async () => {
    const [west, east] = halves(spots[0]!);
    const a = await create(west, '合并-西');
    const b = await create(east, '合并-东');
    const changesBefore = (await ledgerState()).changes;
    const res = await send('POST', EDITS, { target: a, feature: feature(spots[0]!, '合并-整'), absorb: [b] });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(res.headers.get('ETag')).toBe(`"parcels-${a.id}-v2"`);
    expect(body.removedIds).toEqual([b.id]);
    expect(body.feature.properties.areaSquareMeters).toBeCloseTo(areaSquareMeters(spots[0]!), 6);
    expect((await get(`${ITEMS}/${b.id}`)).status).toBe(404);
    const stored = await (await get(`${ITEMS}/${a.id}`)).json();
    expect(stored.properties.name).toBe('合并-整');
    expect(stored.properties.version).toBe(2);
    expect((await ledgerState()).changes).toBe(changesBefore + 2);
    const history = await (await get(`/api/parcels/${b.id}/history`)).json();
    expect(history.versions.map((v: any) => v.action)).toEqual(expect.arrayContaining(['create', 'delete']));
  });

  it('412 when the absorbed parcel changed since the planner picked it — nothing deleted, nothing grown', async () => {
    const [west, east] = halves(spots[1]!);
    const a = await create(west, '过期-西');
    const b = await create(east, '过期-东');
    const patched = await send('PATCH', `${ITEMS}/${b.id}`, { properties: { notes: '他人修改' } }, { 'If-Match': `"parcels-${b.id}-v1"` });
    expect(patched.status).toBe(200);
    const before = await ledgerState();
    const res = await send('POST', EDITS, { target: a, feature: feature(spots[1]!, '过期-整'), absorb: [b] });
    expect(res.status).toBe(412);
    const problem = await res.json();
    expect(problem.code).toBe('PRECONDITION_FAILED');
    expect(problem.detail).toContain('absorb[0]');
    expect(problem.messageZh).toBeTruthy();
    expect(problem.messageEn).toBeTruthy();
    expect(await ledgerState()).toEqual(before);
  });

  it('422 when the merged shape breaks a rule — the absorbed parcel, deleted first inside the transaction, is back', async () => {
    const [west, east] = halves(spots[2]!);
    const a = await create(west, '规则-西');
    const b = await create(east, '规则-东');
    const before = await ledgerState();
    // A bow-tie is not a valid polygon: refused after the delete has run in the transaction.
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[west.coordinates[0]![0]!, east.coordinates[0]![2]!, east.coordinates[0]![1]!, west.coordinates[0]![3]!, west.coordinates[0]![0]!]] };
    const res = await send('POST', EDITS, { target: a, feature: feature(bowtie, '规则-整'), absorb: [b] });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toMatch(/^feature/);
    expect(await ledgerState()).toEqual(before);
    expect((await get(`${ITEMS}/${b.id}`)).status).toBe(200);
  });
});

describe('split', () => {
  it('keeps one piece on the parcel and creates the others, areas adding up to the original', async () => {
    const whole = await create(spots[3]!, '拆分');
    const [west, east] = halves(spots[3]!);
    const res = await send('POST', EDITS, { target: whole, feature: feature(west, '拆分'), pieces: [feature(east, '拆分-2')] });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body.pieces).toHaveLength(1);
    const total = body.feature.properties.areaSquareMeters + body.pieces[0].properties.areaSquareMeters;
    expect(total).toBeCloseTo(areaSquareMeters(spots[3]!), 6);
    expect((await (await get(`${ITEMS}/${body.pieces[0].id}`)).json()).properties.name).toBe('拆分-2');
    expect((await (await get(`${ITEMS}/${whole.id}`)).json()).properties.version).toBe(2);
  });

  it('422 naming the piece when a later piece is refused — the parcel is not shrunk and no piece is created', async () => {
    const whole = await create(spots[4]!, '拆分-失败');
    const neighbour = await create(spots[5]!, '邻地');
    const [west, east] = halves(spots[4]!);
    const before = await ledgerState();
    // The second piece overlaps the neighbouring parcel: refused after the first piece was inserted.
    const res = await send('POST', EDITS, {
      target: whole,
      feature: feature(west, '拆分-失败'),
      pieces: [feature(east, '拆分-失败-2'), feature(spots[5]!, '拆分-失败-3')],
    });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.detail).toMatch(/^pieces\[1\]/);
    expect(problem.errors.map((e: any) => e.code)).toContain('OVERLAPS_PARCEL');
    expect(problem.errors.find((e: any) => e.code === 'OVERLAPS_PARCEL').otherId).toBe(neighbour.id);
    expect(await ledgerState()).toEqual(before);
  });
});

describe('bad edits', () => {
  it('400 with a bilingual reason for a malformed body or a parcel named twice; nothing written', async () => {
    const a = await create(spots[6]!, '重复');
    const before = await ledgerState();
    for (const body of [
      { target: a, feature: feature(spots[6]!, '重复'), absorb: [a] },
      { target: a, feature: feature(spots[6]!, '重复'), absorb: [{ id: 99999, version: 1 }, { id: 99999, version: 1 }] },
      { target: { id: a.id }, feature: feature(spots[6]!, '重复') },
      { target: a, feature: feature(spots[6]!, '重复'), extra: true },
      { target: a, feature: feature(spots[6]!, '重复'), pieces: Array.from({ length: 51 }, () => feature(spots[6]!, 'x')) },
    ]) {
      const res = await send('POST', EDITS, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const problem = await res.json();
      expect(problem.messageZh).toBeTruthy();
      expect(problem.messageEn).toBeTruthy();
    }
    expect(await ledgerState()).toEqual(before);
  });

  it('404 naming the part when an absorbed parcel is gone; a viewer gets 403', async () => {
    const a = await create(spots[7]!, '缺失');
    const before = await ledgerState();
    const res = await send('POST', EDITS, { target: a, feature: feature(spots[7]!, '缺失'), absorb: [{ id: 987654, version: 1 }] });
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toContain('absorb[0]');
    const viewer = await send('POST', EDITS, { target: a, feature: feature(spots[7]!, '缺失') }, { Authorization: auth.viewer });
    expect(viewer.status).toBe(403);
    expect(await ledgerState()).toEqual(before);
  });
});
