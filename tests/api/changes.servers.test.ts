/**
 * Two app servers on one PostgreSQL database (as behind a load balancer):
 * a change committed through one reaches a live stream on the other within
 * seconds — carried by LISTEN/NOTIFY (server/db/changeSignal.ts), since the
 * streams' own re-read is only every 25 s — and a write that rolls back
 * announces nothing.
 *
 * PostgreSQL only: a SQLite file has one server, whose in-process bus the
 * single-server stream test (parcels.write.api.test.ts) covers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import { createApp } from '../../server/app';
import { listenForChanges, type ChangeSignal } from '../../server/db/changeSignal';
import { openPostgres } from '../../server/db/connection';
import type { Database } from '../../server/db/schema';
import { ChangeBus } from '../../server/store/history';
import { emptySpotInZone, loadSeedLayers } from '../support/places';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let serverA: ReturnType<typeof createApp>;
let serverB: ReturnType<typeof createApp>;
let dbB: Kysely<Database>;
let busB: ChangeBus;
let signal: ChangeSignal;
let auth: Awaited<ReturnType<typeof addUsers>>;
const spots: Polygon[] = [];

beforeAll(async () => {
  if (!POSTGRES_URL) return;
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  serverA = createApp(t.db, { bus: new ChangeBus() });
  dbB = openPostgres(t.url!, { max: 3 }).db;
  busB = new ChangeBus();
  signal = await listenForChanges(t.url!, busB);
  serverB = createApp(dbB, { bus: busB });
  const layers = await loadSeedLayers(async (p) => serverA.request(`${BASE}${p}`));
  for (let i = 0; i < 2; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});

afterAll(async () => {
  await signal?.close();
  await dbB?.destroy();
  await t?.dispose();
});

const props = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 });

describe.skipIf(!POSTGRES_URL)('live changes across app servers (PostgreSQL only: one server per SQLite file)', () => {
  it('a parcel saved through server A is pushed by server B’s stream within seconds', async () => {
    const start = (await (await serverB.request(`${BASE}/api/changes?since=0&limit=5000`)).json()).last;
    const controller = new AbortController();
    const res = await serverB.request(`${BASE}/api/changes/stream?since=${start}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value);

    const sentAt = performance.now();
    const created = await serverA.request(`${BASE}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor },
      body: JSON.stringify({ type: 'Feature', geometry: spots[0], properties: props('跨服务器推送') }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const deadline = setTimeout(() => void reader.cancel().catch(() => undefined), 10_000);
    try {
      while (!text.includes(`"featureId":"${id}"`)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    } catch {
      /* cancelled at the deadline: the assertion below says so */
    } finally {
      clearTimeout(deadline);
    }
    const elapsedMs = performance.now() - sentAt;
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain(`"featureId":"${id}"`);
    // The stream's own re-read comes every 25 s: only the NOTIFY can be this quick.
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('a write that rolls back (a merge refused after its delete ran) signals nothing', async () => {
    const create = async (geometry: Polygon, name: string) => {
      const res = await serverA.request(`${BASE}/ogc/collections/parcels/items`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor },
        body: JSON.stringify({ type: 'Feature', geometry, properties: props(name) }),
      });
      expect(res.status).toBe(201);
      return (await res.json()).id as number;
    };
    const a = await create(spots[1]!, '回滚-甲');
    // Let the creation's own notification arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    let signals = 0;
    const count = () => signals++;
    busB.on('change', count);
    try {
      const bowtie: Polygon = { type: 'Polygon', coordinates: [[[106.9, 28.9], [106.901, 28.901], [106.901, 28.9], [106.9, 28.901], [106.9, 28.9]]] };
      const refused = await serverA.request(`${BASE}/api/parcels/edits`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: auth.editor },
        body: JSON.stringify({ target: null, feature: { type: 'Feature', geometry: bowtie, properties: props('回滚-合并') }, absorb: [{ id: a, version: 1 }] }),
      });
      expect(refused.status).toBe(422);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(signals).toBe(0);
      // The absorbed parcel is still there, and a committed write does signal on the same channel.
      expect((await serverB.request(`${BASE}/ogc/collections/parcels/items/${a}`)).status).toBe(200);
      const patched = await serverA.request(`${BASE}/ogc/collections/parcels/items/${a}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', Authorization: auth.editor, 'If-Match': `"parcels-${a}-v1"` },
        body: JSON.stringify({ properties: { notes: '已提交' } }),
      });
      expect(patched.status).toBe(200);
      await expect.poll(() => signals, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      busB.off('change', count);
    }
  });
});
