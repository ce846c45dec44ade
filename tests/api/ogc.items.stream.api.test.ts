/**
 * A long items page does not hold the request thread: it is written in
 * chunks with the thread handed back between them (server/routes/ogc.items.ts),
 * so a planner's small read issued while the page is being sent is answered
 * before the page ends. The page itself stays whole: a FeatureCollection whose
 * numberMatched and numberReturned describe exactly the features it carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { FEATURES_PER_CHUNK, STREAM_FEATURES_OVER } from '../../server/routes/ogc.items';
import { generateDistrict } from '../support/district';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const BASE = 'http://ledger.test:8080';
/** Enough parcels for a page of several chunks. */
const GENERATED = STREAM_FEATURES_OVER + 3 * FEATURES_PER_CHUNK;

let t: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestDatabase();
  await generateDistrict(t, GENERATED);
  app = createApp(t.db);
}, 120_000);
afterAll(async () => t?.dispose());

describe(`long item pages are streamed (${POSTGRES_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('answers a small read issued during a long page before the page ends', async () => {
    const events: string[] = [];
    const big = await app.request(`${BASE}/ogc/collections/parcels/items?limit=10000`);
    expect(big.status).toBe(200);
    expect(big.headers.get('content-type')).toBe('application/geo+json');
    const reader = big.body!.getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    chunks.push(first.value!);

    // Issued now, with the page's first bytes out and the rest still to be written.
    const small = (async () => {
      const res = await app.request(`${BASE}/ogc/collections/parcels/items?limit=1`);
      const body = await res.json();
      events.push('small read answered');
      return body;
    })();
    const rest = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      events.push('long page ended');
    })();
    const [smallBody] = await Promise.all([small, rest]);

    expect(events).toEqual(['small read answered', 'long page ended']);
    expect(smallBody.numberReturned).toBe(1);
    const page = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(page.type).toBe('FeatureCollection');
    expect(page.numberMatched).toBeGreaterThan(GENERATED);
    expect(page.numberReturned).toBe(page.numberMatched);
    expect(page.features).toHaveLength(page.numberReturned);
    expect(new Set(page.features.map((f: { id: number }) => f.id)).size).toBe(page.numberReturned);
    expect(page.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'collection']);
  });

  it('answers a page at the streaming threshold whole', async () => {
    const res = await app.request(`${BASE}/ogc/collections/parcels/items?limit=${STREAM_FEATURES_OVER}`);
    const page = await res.json();
    expect(page.numberReturned).toBe(STREAM_FEATURES_OVER);
    expect(page.features).toHaveLength(STREAM_FEATURES_OVER);
  });
});
