/**
 * OGC API – Features Part 4 writes on parcels: status codes, validation
 * reasons, optimistic locking, history and the change feed, over a fresh
 * SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { areaSquareMeters } from '../../domain/area';
import { squareMetersToMu } from '../../domain/units';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { constraintOfKind, emptySpotInZone, loadSeedLayers, spotInside, squareAt, type SeedLayers } from '../support/places';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

const get = async (path: string, headers: Record<string, string> = {}) => app.request(`${BASE}${path}`, { headers });
const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const props = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: '测试企业' });
const feature = (geometry: Polygon, name = '测试地块') => ({ type: 'Feature', geometry, properties: props(name) });

let spots: Polygon[] = [];
let nextSpot = 0;
/** A fresh empty spot in A2 for each test that creates a parcel. */
const freshSpot = (): Polygon => {
  const spot = spots[nextSpot++];
  if (!spot) throw new Error("reserve more empty spots in beforeAll");
  return spot;
};

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers((p) => get(p));
  // Reserve distinct empty spots: each found spot is added to the layer so the next differs.
  for (let i = 0; i < 20; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => t.dispose());

async function create(name = '新建地块'): Promise<{ id: number; etag: string; body: any }> {
  const res = await send('POST', ITEMS, feature(freshSpot(), name));
  expect(res.status).toBe(201);
  const body = await res.json();
  return { id: body.id, etag: res.headers.get('ETag')!, body };
}

describe('create (POST)', () => {
  it('201 with Location and ETag; the stored parcel carries its official area and zone shares', async () => {
    const geometry = freshSpot();
    const res = await send('POST', ITEMS, feature(geometry, '储能电芯二期'));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('Location')).toBe(`${BASE}${ITEMS}/${body.id}`);
    expect(res.headers.get('ETag')).toBe(`"parcels-${body.id}-v1"`);
    expect(body.properties.areaSquareMeters).toBeCloseTo(areaSquareMeters(geometry), 6);
    expect(body.properties.zones.map((z: any) => z.code)).toContain('A2');
    const read = await get(`${ITEMS}/${body.id}`);
    expect(read.headers.get('ETag')).toBe(`"parcels-${body.id}-v1"`);
    expect((await read.json()).properties.name).toBe('储能电芯二期');
  });

  it('changes the tally by exactly the new parcel’s area', async () => {
    const before = (await (await get('/api/plans/wansheng-2023-2025/tally')).json()).targets.find((x: any) => x.code === 'A2').secured;
    const geometry = freshSpot();
    expect((await send('POST', ITEMS, feature(geometry))).status).toBe(201);
    const after = (await (await get('/api/plans/wansheng-2023-2025/tally')).json()).targets.find((x: any) => x.code === 'A2').secured;
    expect(after - before).toBeCloseTo(squareMetersToMu(areaSquareMeters(geometry)), 6);
  });

  it('415 for a body that is not JSON, 400 for malformed JSON or a non-Feature', async () => {
    expect((await send('POST', ITEMS, feature(freshSpot()), { 'Content-Type': 'text/plain' })).status).toBe(415);
    const malformed = await app.request(`${BASE}${ITEMS}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth.editor }, body: '{"type":' });
    expect(malformed.status).toBe(400);
    expect((await send('POST', ITEMS, { type: 'FeatureCollection', features: [] })).status).toBe(400);
  });

  it('413 for an oversized body', async () => {
    const small = createApp(t.db, { maxBodyBytes: 1000 });
    const res = await small.request(`${BASE}${ITEMS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor },
      body: JSON.stringify({ ...feature(squareAt(106.9, 28.9)), padding: 'x'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('validation on save (422, nothing written)', () => {
  async function countParcels(): Promise<number> {
    return (await (await get(`${ITEMS}?limit=1`)).json()).numberMatched;
  }

  it('refuses invalid geometry with its reason', async () => {
    const before = await countParcels();
    const bowtie = { type: 'Polygon', coordinates: [[[106.9, 28.9], [106.91, 28.91], [106.91, 28.9], [106.9, 28.91], [106.9, 28.9]]] };
    const res = await send('POST', ITEMS, { type: 'Feature', geometry: bowtie, properties: props('x') });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('SELF_INTERSECTION');
    expect(await countParcels()).toBe(before);
  });

  it('refuses invalid properties with the field named', async () => {
    const res = await send('POST', ITEMS, { type: 'Feature', geometry: freshSpot(), properties: { ...props('x'), landUseCode: '9999' } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('INVALID_PROPERTIES');
    expect(body.detail).toContain('landUseCode');
  });

  it('refuses an overlap of more than 1 m², naming the other parcel and the overlap area', async () => {
    const other = layers.parcels.features.find((f) => typeof f.id === 'number')!;
    const before = await countParcels();
    const res = await send('POST', ITEMS, { type: 'Feature', geometry: other.geometry, properties: props('copy') });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const overlap = body.errors.find((e: any) => e.code === 'OVERLAPS_PARCEL');
    expect(overlap.otherId).toBe(other.id);
    expect(overlap.otherName).toBe(other.properties!.name);
    expect(overlap.areaSquareMeters).toBeCloseTo(other.properties!.areaSquareMeters, 0);
    expect(overlap.messageZh).toContain('重叠');
    expect(await countParcels()).toBe(before);
  });

  it('refuses the ecological red line and permanent basic farmland', async () => {
    for (const [kind, code] of [['ecological_red_line', 'INTERSECTS_RED_LINE'], ['permanent_basic_farmland', 'INTERSECTS_FARMLAND']] as const) {
      const res = await send('POST', ITEMS, feature(spotInside(constraintOfKind(layers, kind))), { 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY' });
      expect(res.status, kind).toBe(422);
      expect((await res.json()).errors.map((e: any) => e.code)).toContain(code);
    }
  });

  it('outside every zone and the urban boundary: a warning to confirm, then saved', async () => {
    const far = squareAt(107.3, 29.3);
    const first = await send('POST', ITEMS, feature(far, '边界外地块'));
    expect(first.status).toBe(422);
    const body = await first.json();
    expect(body.code).toBe('WARNINGS_UNCONFIRMED');
    expect(body.warnings.map((w: any) => w.code).sort()).toEqual(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']);
    const partly = await send('POST', `${ITEMS}?confirm=OUTSIDE_ZONES`, feature(far, '边界外地块'));
    expect(partly.status).toBe(422);
    const confirmed = await send('POST', `${ITEMS}?confirm=OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY`, feature(far, '边界外地块'));
    expect(confirmed.status).toBe(201);
  });
});

describe('replace, patch and delete with optimistic locking', () => {
  it('PUT: 428 without If-Match, 412 with a stale one, 200 with the current one', async () => {
    const { id, etag, body } = await create();
    const renamed = { type: 'Feature', geometry: body.geometry, properties: { ...props('改名'), status: 'under_construction' } };
    expect((await send('PUT', `${ITEMS}/${id}`, renamed)).status).toBe(428);
    expect((await send('PUT', `${ITEMS}/${id}`, renamed, { 'If-Match': `"parcels-${id}-v0"` })).status).toBe(412);
    const ok = await send('PUT', `${ITEMS}/${id}`, renamed, { 'If-Match': etag });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe(`"parcels-${id}-v2"`);
    expect((await ok.json()).properties).toMatchObject({ name: '改名', status: 'under_construction', version: 2 });
    // The old ETag is now stale.
    const stale = await send('PUT', `${ITEMS}/${id}`, renamed, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe('PRECONDITION_FAILED');
  });

  it('PATCH merges properties and keeps the geometry', async () => {
    const { id, etag, body } = await create();
    const res = await send('PATCH', `${ITEMS}/${id}`, { properties: { investmentYi: 3.5, enterprise: null } }, { 'If-Match': etag, 'Content-Type': 'application/merge-patch+json' });
    expect(res.status).toBe(200);
    const patched = await res.json();
    expect(patched.properties).toMatchObject({ investmentYi: 3.5, enterprise: null, name: body.properties.name, landUseCode: '100102' });
    expect(patched.geometry).toEqual(body.geometry);
  });

  it('DELETE: 204, then 404; history keeps the deleted feature', async () => {
    const { id, etag } = await create();
    expect((await send('DELETE', `${ITEMS}/${id}`, undefined)).status).toBe(428);
    const res = await send('DELETE', `${ITEMS}/${id}`, undefined, { 'If-Match': etag });
    expect(res.status).toBe(204);
    expect((await get(`${ITEMS}/${id}`)).status).toBe(404);
    const history = await (await get(`/api/parcels/${id}/history`)).json();
    expect(history.versions.map((v: any) => v.action)).toEqual(['create', 'delete']);
    expect(history.versions[1].before.id).toBe(id);
  });

  it('read-only collections answer 405', async () => {
    expect((await send('POST', '/ogc/collections/constraints/items', { type: 'Feature', geometry: null, properties: {} })).status).toBe(405);
  });

  it('advertises the Part 4 conformance classes and Allow headers for QGIS', async () => {
    const conformance = await (await get('/ogc/conformance')).json();
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete');
    const options = await app.request(`${BASE}${ITEMS}/1`, { method: 'OPTIONS' });
    expect(options.headers.get('Allow')).toContain('PUT');
    expect(options.headers.get('Allow')).toContain('DELETE');
  });
});

describe('no lost update', () => {
  it('many concurrent PUTs on one parcel: 2xx count = version increase, the rest 412, history replays to the final row', async () => {
    const { id, etag, body } = await create('并发地块');
    const writers = 24;
    const responses = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        send('PUT', `${ITEMS}/${id}`, { type: 'Feature', geometry: body.geometry, properties: { ...props(`writer ${i}`), investmentYi: i } }, { 'If-Match': etag }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBe(1);
    expect(statuses.filter((s) => s === 412).length).toBe(writers - 1);

    // A chain of writers that each re-read before writing all succeed.
    let current = (await get(`${ITEMS}/${id}`)).headers.get('ETag')!;
    for (let i = 0; i < 5; i++) {
      const r = await send('PATCH', `${ITEMS}/${id}`, { properties: { notes: `round ${i}` } }, { 'If-Match': current });
      expect(r.status).toBe(200);
      current = r.headers.get('ETag')!;
    }
    const final = await (await get(`${ITEMS}/${id}`)).json();
    expect(final.properties.version).toBe(1 + ok + 5);

    const history = await (await get(`/api/parcels/${id}/history`)).json();
    expect(history.versions.map((v: any) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const last = history.versions.at(-1).after;
    expect(last.properties).toEqual(final.properties);
    expect(last.geometry).toEqual(final.geometry);
    // Each change's before is the previous change's after: the log replays.
    for (let i = 1; i < history.versions.length; i++) {
      expect(history.versions[i].before).toEqual(history.versions[i - 1].after);
    }
  });
});

describe('history and restore', () => {
  it('restores an earlier version as a new version', async () => {
    const { id, etag, body } = await create('原名');
    const renamed = await send('PATCH', `${ITEMS}/${id}`, { properties: { name: '新名' } }, { 'If-Match': etag });
    const etag2 = renamed.headers.get('ETag')!;
    const restore = (headers: Record<string, string>) =>
      app.request(`${BASE}/api/parcels/${id}/restore`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers }, body: JSON.stringify({ version: 1 }) });
    expect((await restore({})).status).toBe(428);
    expect((await restore({ 'If-Match': etag })).status).toBe(412);
    const res = await restore({ 'If-Match': etag2 });
    expect(res.status).toBe(200);
    const restored = await res.json();
    expect(restored.properties).toMatchObject({ name: '原名', version: 3 });
    expect(restored.geometry).toEqual(body.geometry);
    const history = await (await get(`/api/parcels/${id}/history`)).json();
    expect(history.versions.map((v: any) => v.action)).toEqual(['create', 'update', 'restore']);
    expect(history.versions[2].username).toBe('editor');
  });

  it('seeded parcels start their history at version 1', async () => {
    const id = layers.parcels.features.find((f) => typeof f.id === 'number')!.id;
    const history = await (await get(`/api/parcels/${id}/history`)).json();
    expect(history.versions[0]).toMatchObject({ action: 'create', version: 1 });
  });
});

describe('change feed', () => {
  it('GET /api/changes?since lists the writes after an id, in order', async () => {
    const start = (await (await get('/api/changes?since=0&limit=5000')).json()).last;
    const { id } = await create('动态地块');
    const body = await (await get(`/api/changes?since=${start}`)).json();
    expect(body.changes).toHaveLength(1);
    expect(body.changes[0]).toMatchObject({ collection: 'parcels', featureId: String(id), action: 'create', username: 'editor' });
  });

  it('the SSE stream pushes a change made after subscribing', async () => {
    const start = (await (await get('/api/changes?since=0&limit=5000')).json()).last;
    const controller = new AbortController();
    const res = await app.request(`${BASE}/api/changes/stream?since=${start}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const created = create('推送地块');
    while (!text.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const { id } = await created;
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain('event: change');
    expect(text).toContain(`"featureId":"${id}"`);
  });
});
