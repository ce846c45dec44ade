/**
 * No lost update: 20 clients × 50 read-then-write cycles (PUT with If-Match)
 * on 5 parcels, over a real HTTP server. Every 2xx raised the version by one,
 * every other answer was 412, and each parcel's history replays to its final row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { listen, type RunningServer } from '../support/httpServer';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const CLIENTS = 20;
const WRITES_PER_CLIENT = 50;
const PARCEL_IDS = [1, 2, 3, 4, 5];

let t: TestDatabase;
let server: RunningServer;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  server = await listen(createApp(t.db));
});
afterAll(async () => {
  await server.close();
  await t.dispose();
});

describe('no lost update under contention', () => {
  it(`${CLIENTS} clients × ${WRITES_PER_CLIENT} PUTs on ${PARCEL_IDS.length} parcels`, async () => {
    const url = (id: number) => `${server.url}/ogc/collections/parcels/items/${id}`;
    const start = new Map<number, number>();
    for (const id of PARCEL_IDS) start.set(id, (await (await fetch(url(id))).json()).properties.version);

    const ok = new Map<number, number>(PARCEL_IDS.map((id) => [id, 0]));
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let n = 0; n < WRITES_PER_CLIENT; n++) {
          const id = PARCEL_IDS[(client + n) % PARCEL_IDS.length]!;
          const read = await fetch(url(id));
          const etag = read.headers.get('ETag')!;
          const feature = await read.json();
          feature.properties.notes = `client ${client} write ${n}`;
          const res = await fetch(url(id), {
            method: 'PUT',
            headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor, 'If-Match': etag, 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY' },
            body: JSON.stringify({ type: 'Feature', geometry: feature.geometry, properties: feature.properties }),
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) ok.set(id, ok.get(id)! + 1);
        }
      }),
    );
    // Only 200 and 412: nothing else, nothing in between.
    expect([...statuses.keys()].sort()).toEqual([...statuses.keys()].filter((s) => s === 200 || s === 412).sort());
    expect((statuses.get(200) ?? 0) + (statuses.get(412) ?? 0)).toBe(CLIENTS * WRITES_PER_CLIENT);
    expect(statuses.get(200)).toBeGreaterThan(PARCEL_IDS.length);

    for (const id of PARCEL_IDS) {
      const final = await (await fetch(url(id))).json();
      expect(final.properties.version - start.get(id)!, `parcel ${id}`).toBe(ok.get(id));
      const history = await (await fetch(`${server.url}/api/parcels/${id}/history`)).json();
      const versions = history.versions.map((v: any) => v.version);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      for (let i = 1; i < history.versions.length; i++) expect(history.versions[i].before).toEqual(history.versions[i - 1].after);
      const last = history.versions.at(-1).after;
      expect(last.properties).toEqual(final.properties);
      expect(last.geometry).toEqual(final.geometry);
    }
  }, 240_000);
});
