/**
 * Writes of many parcels stay one edit without holding the request thread:
 * an import commit of 2,000 small features and a bulk edit of 500 parcels
 * each run in ONE transaction (one edit id, all or nothing) that gives the
 * event loop a turn every few ms (server/store/batchWrite.ts). Before, each
 * was one block of 2–4 s (bench/RESULTS.md). Over real HTTP against one
 * server in this process: a planner's map read issued once the batch's
 * transaction is open answers before the write does, and sees only
 * committed rows (none of the batch's); the event loop's longest delay
 * stays under a loose bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { bbox as turfBbox } from '@turf/turf';
import { createApp } from '../../server/app';
import { warmPool } from '../../server/pool/pool';
import { batchEvents, batchSlicing } from '../../server/store/batchWrite';
import { listen, type RunningServer } from '../support/httpServer';
import { featureCollection, rowCounts } from '../support/importClient';
import { loadSeedLayers, squareAt } from '../support/places';
import { raceRead } from '../support/readRace';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

let t: TestDatabase;
let server: RunningServer;
let auth: Awaited<ReturnType<typeof addUsers>>;
/** South-west corner of empty ground south of every seeded layer (lon, lat). */
let origin: [number, number];

/**
 * A loose bound on the event loop's longest delay during either write. Run
 * as one block, the 2,000-feature commit held it 2.3–3.2 s and the bulk edit
 * 2.0–2.3 s (bench/loopHolds.bench.ts, this machine); in slices of 20 ms the
 * bench measures 70–210 ms with the 2 cores shared, so the bound leaves room
 * for a loaded box and still fails on a block of seconds.
 */
const LOOP_HELD_LIMIT_MS = 1000;

/** The next time a batch write gives the event loop a turn: its transaction is open and has written rows. */
const batchPaused = () => new Promise<void>((resolve) => batchEvents.once('pause', () => resolve()));

const SLICE_MS_BEFORE = batchSlicing.sliceMs;
const FEATURES = 2_000;
const COLUMNS = 50;
const STEP_DEGREES = 0.0006;

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  server = await listen(createApp(t.db));
  const layers = await loadSeedLayers((p) => fetch(server.url + p));
  const all = [...layers.zones.features, ...layers.parcels.features, ...layers.constraints.features];
  const [minX, minY] = turfBbox({ type: 'FeatureCollection', features: all });
  // Well south of everything seeded: the rules find no neighbour and no constraint, only the warnings below.
  origin = [minX!, minY! - 0.02 - (FEATURES / COLUMNS) * STEP_DEGREES];
  await warmPool();
  // Shorter slices than production's 20 ms: the race is about whether the write gives the read turns at all, and on a
  // loaded CI box a fast write could otherwise end within the few turns the read's HTTP round trip needs.
  batchSlicing.sliceMs = 2;
}, 120_000);

afterAll(async () => {
  batchSlicing.sliceMs = SLICE_MS_BEFORE;
  await server?.close();
  await t?.dispose();
});

/** The box around the import grid's first `rows` rows (all of them by default), as the map asks for it. */
function gridBox(rows = FEATURES / COLUMNS): string {
  const [x, y] = origin;
  return [x - 0.0003, y - 0.0003, x + COLUMNS * STEP_DEGREES, y + (rows - 0.5) * STEP_DEGREES].map((v) => v.toFixed(6)).join(',');
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { Authorization: auth.editor, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

const CONFIRM = ['OUTSIDE_ZONES', 'OUTSIDE_URBAN_BOUNDARY'];
let imported: number[] = [];

describe('an import commit of 2,000 small features', () => {
  it('is one edit, and a map read issued while its transaction is open answers first, seeing none of its rows', async () => {
    const features: Feature<Polygon>[] = Array.from({ length: FEATURES }, (_, i) => ({
      type: 'Feature',
      geometry: squareAt(origin[0] + (i % COLUMNS) * STEP_DEGREES, origin[1] + Math.floor(i / COLUMNS) * STEP_DEGREES, 0.0004),
      properties: { name: `批量导入${i}`, landUseCode: '1001', status: 'planned' },
    }));
    const form = new FormData();
    form.append('file', new File([featureCollection(features)], 'grid.geojson'));
    const uploaded = await fetch(`${server.url}/api/imports`, { method: 'POST', headers: { Authorization: auth.editor }, body: form });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const before = await rowCounts(t.db);

    const mapRead = `/ogc/collections/parcels/items?bbox=${gridBox()}&limit=10`;
    const r = await raceRead(server.url, `/api/imports/${id}/commit`, json('POST', { confirmWarnings: CONFIRM }), mapRead, batchPaused());
    expect(r.status, r.text.slice(0, 400)).toBe(201);
    expect(r.readStatus).toBe(200);
    expect(r.readFirst).toBe(true);
    // Read with the transaction open and rows written: the committed state, no half of the import.
    expect((JSON.parse(r.readBody) as { numberMatched: number }).numberMatched).toBe(0);
    expect(r.loopHeldMs).toBeLessThan(LOOP_HELD_LIMIT_MS);

    const body = JSON.parse(r.text) as { ids: number[]; editId: number };
    expect(body.ids).toHaveLength(FEATURES);
    imported = body.ids;
    const after = await rowCounts(t.db);
    expect(after.parcels).toBe(before.parcels + FEATURES);
    expect(after.changes).toBe(before.changes + FEATURES);
    // Every change belongs to the one edit the answer names.
    const edits = await t.db.selectFrom('changes').select('editId').distinct().where('featureId', 'in', body.ids.map(String)).execute();
    expect(edits.map((e) => e.editId)).toEqual([body.editId]);
    const now = (await (await fetch(server.url + mapRead)).json()) as { numberMatched: number };
    expect(now.numberMatched).toBe(FEATURES);
  }, 300_000);
});

describe('a bulk edit of 500 parcels', () => {
  it('is one edit, and a map read issued while its transaction is open answers first, seeing the notes as they were', async () => {
    expect(imported.length).toBe(FEATURES);
    const items = imported.slice(0, 500).map((id) => ({ id, version: 1 }));
    const before = await rowCounts(t.db);
    // The grid's first ten rows: the 500 parcels edited.
    const mapRead = `/ogc/collections/parcels/items?bbox=${gridBox(10)}&limit=1000`;
    const r = await raceRead(server.url, `/api/parcels/bulk?confirm=${CONFIRM.join(',')}`, json('POST', { items, set: { notes: '批量备注' } }), mapRead, batchPaused());
    expect(r.status, r.text.slice(0, 400)).toBe(200);
    expect(r.readStatus).toBe(200);
    expect(r.readFirst).toBe(true);
    const seen = JSON.parse(r.readBody) as { features: { properties: { notes: string | null } }[] };
    expect(seen.features).toHaveLength(500);
    expect(seen.features.filter((f) => f.properties.notes === '批量备注')).toEqual([]);
    expect(r.loopHeldMs).toBeLessThan(LOOP_HELD_LIMIT_MS);

    const body = JSON.parse(r.text) as { editId: number; updated: { id: number; version: number }[] };
    expect(body.updated).toEqual(items.map((i) => ({ id: i.id, version: 2 })));
    const after = await rowCounts(t.db);
    expect(after.changes).toBe(before.changes + 500);
    const edits = await t.db.selectFrom('changes').select('editId').distinct().where('action', '=', 'update').where('featureId', 'in', items.map((i) => String(i.id))).execute();
    expect(edits.map((e) => e.editId)).toEqual([body.editId]);
    const notes = await t.db.selectFrom('parcels').select('notes').distinct().where('id', 'in', items.map((i) => i.id)).execute();
    expect(notes.map((n) => n.notes)).toEqual(['批量备注']);
  }, 300_000);
});
