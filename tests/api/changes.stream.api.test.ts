/**
 * The change stream starts at now: without Last-Event-ID or `since` a stream
 * announces only changes made after it opened; with `since` it replays what
 * came after that id. Events carry ids and versions, never stored features.
 * The items route tells a client which change its data was read at
 * (X-Change-Id) and reads many changed parcels in one request (?ids=).
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
const spots: Polygon[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  const layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
  for (let i = 0; i < 4; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => t.dispose());

async function create(name: string): Promise<number> {
  const res = await app.request(`${BASE}${ITEMS}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor },
    body: JSON.stringify({ type: 'Feature', geometry: spots.shift(), properties: { name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 } }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

const head = async (): Promise<number> => (await (await app.request(`${BASE}/api/changes/head`)).json()).last;

/** Opens a stream and reads events until `until` holds for the text so far (or 5 s pass). */
async function openStream(query: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await app.request(`${BASE}/api/changes/stream${query}`, { signal: controller.signal, headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    async readUntil(until: (text: string) => boolean): Promise<string> {
      const deadline = Date.now() + 5000;
      while (!until(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

const events = (text: string) =>
  [...text.matchAll(/event: change\ndata: (.*)\nid: (\d+)|id: (\d+)\nevent: change\ndata: (.*)/g)].map((m) => JSON.parse(m[1] ?? m[4]!));

describe('GET /api/changes/stream', () => {
  it('without since starts after the newest change: history is not replayed, the next change is', async () => {
    await create('开流前的变更');
    const newest = await head();
    expect(newest).toBeGreaterThan(0);
    const stream = await openStream('');
    const ready = await stream.readUntil((x) => x.includes('event: ready'));
    expect(JSON.parse(/event: ready\ndata: (.*)/.exec(ready)![1]!).last).toBe(newest);
    const id = await create('开流后的变更');
    const text = await stream.readUntil((x) => x.includes('event: change'));
    await stream.close();
    const changes = events(text);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.id > newest)).toBe(true);
    expect(changes[0]).toMatchObject({ collection: 'parcels', featureId: String(id), action: 'create', version: 1 });
    // Ids only: the stored feature never travels in an event.
    expect(Object.keys(changes[0]).sort()).toEqual(['action', 'at', 'collection', 'featureId', 'id', 'username', 'version']);
  });

  it('with since (or Last-Event-ID) replays the changes after that id, in order', async () => {
    const before = await head();
    const a = await create('续传一');
    const b = await create('续传二');
    for (const [query, headers] of [[`?since=${before}`, {}], ['', { 'Last-Event-ID': String(before) }]] as const) {
      const stream = await openStream(query, headers);
      const text = await stream.readUntil((x) => events(x).some((c) => c.featureId === String(b)));
      await stream.close();
      const ids = events(text).map((c) => c.featureId);
      expect(ids.slice(0, 2)).toEqual([String(a), String(b)]);
      expect(events(text).every((c) => c.id > before)).toBe(true);
    }
  });

  it('refuses a since or Last-Event-ID that is not a change id (400), as the list does', async () => {
    for (const bad of ['-1', '1e20', 'abc', '1.5']) {
      expect((await app.request(`${BASE}/api/changes/stream?since=${bad}`)).status).toBe(400);
      expect((await app.request(`${BASE}/api/changes/stream`, { headers: { 'Last-Event-ID': bad } })).status).toBe(400);
      expect((await app.request(`${BASE}/api/changes?since=${bad}`)).status).toBe(400);
    }
    expect((await app.request(`${BASE}/api/changes?since=0&limit=1e20`)).status).toBe(400);
  });
});

describe('items: the change id the data was read at, and many parcels in one request', () => {
  it('every items page names the newest change (X-Change-Id), equal to GET /api/changes/head', async () => {
    const res = await app.request(`${BASE}${ITEMS}?limit=1`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('X-Change-Id'))).toBe(await head());
  });

  it('?ids= returns exactly the named parcels that exist; unknown ids are simply absent', async () => {
    const all = (await (await app.request(`${BASE}${ITEMS}?limit=5`)).json()).features.map((f: any) => f.id);
    const wanted = [all[0], all[3], 987654321];
    const res = await app.request(`${BASE}${ITEMS}?ids=${wanted.join(',')}&limit=10`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.features.map((f: any) => f.id)).toEqual([all[0], all[3]]);
    expect(body.numberMatched).toBe(2);
    // With a bbox, the ids still narrow the answer (the bbox fast path is not taken).
    const boxed = await (await app.request(`${BASE}${ITEMS}?ids=${all[0]}&bbox=-180,-90,180,90`)).json();
    expect(boxed.features.map((f: any) => f.id)).toEqual([all[0]]);
  });

  it('?ids= is capped at 500 ids and must be ids (400)', async () => {
    const many = Array.from({ length: 501 }, (_, i) => i + 1).join(',');
    expect((await app.request(`${BASE}${ITEMS}?ids=${many}`)).status).toBe(400);
    expect((await app.request(`${BASE}${ITEMS}?ids=1,drop table`)).status).toBe(400);
    expect((await app.request(`${BASE}/ogc/collections/zones/items?ids=A2`)).status).toBe(200);
  });
});
