/**
 * The bbox fast paths against the general Kysely path on the same database:
 * each dialect's bboxPage (server/db/dialect/) — on SQLite one cached R*Tree
 * statement capped at 2,001 rows, on PostgreSQL one query (GiST candidates,
 * ST_Intersects, a window count) — and SQLite's raw-statement plainPage.
 * Identical pages and numberMatched for windows of every size,
 * including district-wide boxes with more candidates than the SQLite cap
 * (which must fall back to the paged query), pages past the first, and a page
 * past the last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../server/store/collections';
import { pageFeatureJson, queryFeatures, type Bbox } from '../../server/store/features.query';
import { generateDistrict } from '../support/district';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const SYNTHETIC_PARCELS = 4000;

let database: TestDatabase | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  await generateDistrict(database, SYNTHETIC_PARCELS);
}, 120_000);

afterAll(async () => {
  await database?.dispose();
});

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`bbox fast path = general path (${POSTGRES_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('returns the same pages and counts for small, large and district-wide windows', async () => {
    const db = database!.db;
    const parcels = COLLECTIONS.parcels;
    const rnd = prng(7);
    const windows: Bbox[] = [[106.7, 28.8, 107.2, 29.2]]; // the whole district: more candidates than the cap
    for (const size of [0.002, 0.005, 0.02, 0.06]) {
      for (let i = 0; i < 8; i++) {
        const x = 106.84 + rnd() * 0.16;
        const y = 28.88 + rnd() * 0.12;
        windows.push([x, y, x + size, y + size * 0.8]);
      }
    }
    let compared = 0;
    let overCap = 0;
    let nonEmpty = 0;
    for (const bbox of windows) {
      for (const [limit, offset] of [
        [1000, 0],
        [10, 0],
        [10, 25],
        [10, 100_000],
      ] as const) {
        const q = { bbox, filters: {}, limit, offset };
        const fast = await queryFeatures(db, parcels, q);
        const general = await queryFeatures(db, parcels, q, { fastPath: false });
        expect(fast.numberMatched, `numberMatched for ${bbox} limit ${limit} offset ${offset}`).toBe(general.numberMatched);
        expect(pageFeatureJson(parcels, fast), `page for ${bbox} limit ${limit} offset ${offset}`).toEqual(pageFeatureJson(parcels, general));
        if (offset === 0 && limit === 1000) {
          if (general.numberMatched > 2000) overCap++;
          if (general.numberMatched > 0) nonEmpty++;
          // Ids come back in ascending order on both paths.
          const ids = pageFeatureJson(parcels, fast).map((f) => (JSON.parse(f) as { id: number }).id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        }
        compared++;
      }
    }
    // Whole-table pages without a bbox: SQLite's raw-statement page against the general query.
    for (const [limit, offset] of [
      [10_000, 0],
      [25, 3990],
      [10, 100_000],
    ] as const) {
      const q = { bbox: null, filters: {}, limit, offset };
      const fast = await queryFeatures(db, parcels, q);
      const general = await queryFeatures(db, parcels, q, { fastPath: false });
      expect(fast.numberMatched).toBe(general.numberMatched);
      expect(pageFeatureJson(parcels, fast), `plain page limit ${limit} offset ${offset}`).toEqual(pageFeatureJson(parcels, general));
    }
    expect(compared).toBe(windows.length * 4);
    expect(overCap).toBeGreaterThanOrEqual(1);
    expect(nonEmpty).toBeGreaterThan(windows.length / 2);
  }, 60_000);
});
