/**
 * Item pages pinned to their exact bytes. The items handler assembles its
 * GeoJSON as text (stored geometry spliced in unparsed, properties written
 * field by field, large pages streamed in chunks), so a change there could
 * alter a number's digits, a key's order or a comma without any structural
 * test noticing. Each request below must answer exactly the bytes recorded
 * in fixtures/ogc.items.bytes.json (recorded from the JSON.stringify-built
 * pages before that work), on SQLite and on PostgreSQL alike — only the
 * `timeStamp`, which is the time of the request, is set to a fixed value.
 * The data: the seed plus 1,300 generated parcels (so whole pages are long
 * enough to be streamed in chunks), with every row's
 * updatedAt set to one fixed instant.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { generateDistrict } from '../support/district';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const BASE = 'http://ledger.test:8080';
const FIXED_INSTANT = '2026-01-02T03:04:05.678Z';

/** Every items variant the handler has: bbox fast path, general path, filters, paging links, crs, other collections, a big page. */
export const PINNED_REQUESTS = [
  '/ogc/collections/parcels/items?bbox=106.90,28.93,106.99,28.99&limit=1000',
  '/ogc/collections/parcels/items?bbox=106.90,28.93,106.99,28.99&limit=7&offset=14',
  '/ogc/collections/parcels/items?limit=25&offset=80',
  '/ogc/collections/parcels/items?limit=10000',
  '/ogc/collections/parcels/items?bbox=106.7,28.8,107.2,29.2&limit=5000',
  '/ogc/collections/parcels/items?limit=1200&offset=30&crs=http://www.opengis.net/def/crs/EPSG/0/4545',
  '/ogc/collections/parcels/items?status=planned&limit=30',
  '/ogc/collections/parcels/items?zone=A1&limit=50',
  '/ogc/collections/parcels/items?bbox=106.90,28.93,106.99,28.99&limit=5&crs=http://www.opengis.net/def/crs/EPSG/0/4545',
  '/ogc/collections/parcels/items?bbox=106.90,28.93,106.99,28.99&limit=0',
  '/ogc/collections/parcels/items?limit=10&offset=100000',
  '/ogc/collections/zones/items',
  '/ogc/collections/energy_stations/items',
  '/ogc/collections/energy_lines/items?limit=3',
  '/ogc/collections/constraints/items',
] as const;

const fixtureUrl = new URL('./fixtures/ogc.items.bytes.json', import.meta.url);
let t: TestDatabase;
let app: ReturnType<typeof createApp>;

/** The data every pinned page is read from (shared with the script that recorded the fixture). */
export async function pinnedDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await generateDistrict(database, 1300);
  for (const table of ['parcels', 'zones', 'energyStations', 'energyLines', 'constraints'] as const) {
    await database.db.updateTable(table).set({ updatedAt: FIXED_INSTANT } as never).execute();
  }
  return database;
}

/** A page's body with its request time replaced, and its digest. */
export async function pinnedBody(res: Response): Promise<{ sha256: string; bytes: number; head: string }> {
  const text = (await res.text()).replace(/^(\{"type":"FeatureCollection","timeStamp":)"[^"]*"/, `$1"${FIXED_INSTANT}"`);
  const buffer = Buffer.from(text, 'utf8');
  return { sha256: createHash('sha256').update(buffer).digest('hex'), bytes: buffer.length, head: text.slice(0, 200) };
}

beforeAll(async () => {
  t = await pinnedDatabase();
  app = createApp(t.db);
}, 120_000);
afterAll(async () => t?.dispose());

describe(`item pages keep their exact bytes (${POSTGRES_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  const pinned = JSON.parse(existsSync(fixtureUrl) ? readFileSync(fixtureUrl, 'utf8') : '{}') as Record<
    string,
    { status: number; contentType: string; sha256: string; bytes: number; head: string }
  >;

  if (process.env.PIN_ITEM_BYTES === 'record') {
    // Run once, before changing the handler: writes the fixture from the current code.
    it('records the fixture', async () => {
      const out: Record<string, unknown> = {};
      for (const path of PINNED_REQUESTS) {
        const res = await app.request(`${BASE}${path}`);
        out[path] = { status: res.status, contentType: res.headers.get('content-type'), ...(await pinnedBody(res)) };
      }
      writeFileSync(fixtureUrl, `${JSON.stringify(out, null, 2)}\n`);
    });
    return;
  }

  it('records every pinned request', () => {
    expect(Object.keys(pinned).sort()).toEqual([...PINNED_REQUESTS].sort());
  });

  for (const path of PINNED_REQUESTS) {
    it(path, async () => {
      const res = await app.request(`${BASE}${path}`);
      const expected = pinned[path]!;
      expect(res.status).toBe(expected.status);
      expect(res.headers.get('content-type')).toBe(expected.contentType);
      const body = await pinnedBody(res);
      // The head first: a mismatch there shows where the text went wrong.
      expect(body.head).toBe(expected.head);
      expect(body.bytes).toBe(expected.bytes);
      expect(body.sha256).toBe(expected.sha256);
    });
  }
});
