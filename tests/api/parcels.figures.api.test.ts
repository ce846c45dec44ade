/**
 * Splits and merges never move a figure no planner moved: whatever the
 * client sends to /api/parcels/edits, the ledger's totals of investment,
 * output, floor area and entered demand — and so every target's figures —
 * stay where they were, unless the request confirms FIGURES_CHANGED.
 */
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDITIVE_FIELDS } from '../../domain/additive';
import { createApp } from '../../server/app';
import { splitByArea } from '../../client/editing/saveDraft';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cut, editable } from '../support/parcelEdits';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { planApi } from './planApi';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
const EDITS = '/api/parcels/edits';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers }, body: JSON.stringify(body) });
const getJson = async (path: string) => (await app.request(`${BASE}${path}`)).json();

const money = { investmentYi: 26.3, outputYi: 7.15, factoryFloorSquareMeters: 12_345, heatCoolingDemandKilowatts: 901, powerDemandKilowatts: 1_777 };
const props = (name: string, figures: Record<string, number | null> = money) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, ...figures });


async function totals() {
  const row = await sql<Record<string, number | null>>`SELECT ${sql.join(
    ADDITIVE_FIELDS.map((f) => sql`sum(${sql.ref(f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))}) AS ${sql.ref(f)}`),
  )} FROM parcels`.execute(t.db);
  return row.rows[0]!;
}
async function targetFigures() {
  const tally = await planApi(app).tally();
  return tally.targets.map((x: any) => [x.code, x.secured, x.pipeline]);
}
async function current(id: number) {
  const res = await app.request(`${BASE}${ITEMS}/${id}`);
  const body = await res.json();
  return { id, version: body.properties.version as number, geometry: body.geometry as Polygon, properties: body.properties as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
});
afterAll(async () => t.dispose());

async function create(geometry: Polygon, name: string, figures?: Record<string, number | null>) {
  const res = await send('POST', ITEMS, { type: 'Feature', geometry, properties: props(name, figures) });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = (await res.json()).id as number;
  layers.parcels.features.push({ type: 'Feature', id, geometry, properties: { name } });
  return id;
}

describe('split and merge conserve every additive figure', () => {
  it('refuses a split whose pieces each carry the whole figures (422 FIGURES_CHANGED, nothing written), and accepts it once confirmed', async () => {
    const spot = emptySpotInZone(layers, 'B1');
    const id = await create(spot, 'naive-split');
    const before = { totals: await totals(), figures: await targetFigures() };
    const p = await current(id);
    const [a, b] = cut(p.geometry, 0.5);
    const naive = { target: { id, version: p.version }, feature: { type: 'Feature', geometry: a, properties: editable(p.properties) }, pieces: [{ type: 'Feature', geometry: b, properties: editable(p.properties) }] };
    const refused = await send('POST', EDITS, naive);
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.code).toBe('FIGURES_CHANGED');
    expect(body.detail).toContain('investmentYi: 26.3 → 52.6');
    expect(body.warnings[0].messageZh).toContain('合计不一致');
    expect(await totals()).toEqual(before.totals);
    expect(await targetFigures()).toEqual(before.figures);
    expect((await current(id)).version).toBe(p.version);

    const confirmed = await send('POST', `${EDITS}?confirm=FIGURES_CHANGED`, naive);
    expect(confirmed.status).toBe(200);
    expect((await totals()).investmentYi).toBeCloseTo(before.totals.investmentYi! + 26.3, 9);
  });

  it('holds the totals and every target figure over random sequences of splits and merges made the way the editor makes them', async () => {
    const spot = emptySpotInZone(layers, 'B1', 0.001);
    const seedId = await create(spot, 'seq');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ op: fc.constantFrom('split', 'merge'), pick: fc.nat(), f: fc.double({ min: 0.2, max: 0.8, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
        async (ops) => {
          const start = { totals: await totals(), figures: await targetFigures() };
          const ids = [seedId];
          for (const o of ops) {
            if (o.op === 'split') {
              const p = await current(ids[o.pick % ids.length]!);
              const [a, b] = cut(p.geometry, o.f);
              const { kept, pieces } = splitByArea({ geometry: a, properties: editable(p.properties) as any }, [b]);
              // Small pieces are slivers by design here; the planner confirms that, never FIGURES_CHANGED.
              const res = await send('POST', `${EDITS}?confirm=SLIVER_PART`, { target: { id: p.id, version: p.version }, feature: { type: 'Feature', ...kept }, pieces: pieces.map((x) => ({ type: 'Feature', ...x })) });
              expect(res.status, await res.clone().text()).toBe(200);
              ids.push(...(await res.json()).pieces.map((x: any) => x.id));
            } else if (ids.length > 1) {
              // Merge the newest piece back into its western neighbour: the union of two halves of a rectangle.
              const bId = ids.pop()!;
              const b = await current(bId);
              const bx = Math.min(...b.geometry.coordinates[0]!.map((q) => q[0]!));
              let aId = -1;
              for (const id of ids) if (Math.abs(Math.max(...(await current(id)).geometry.coordinates[0]!.map((q) => q[0]!)) - bx) < 1e-12) aId = id;
              if (aId < 0) {
                ids.push(bId);
                continue;
              }
              const a = await current(aId);
              const ys = a.geometry.coordinates[0]!.map((q) => q[1]!);
              const x0 = Math.min(...a.geometry.coordinates[0]!.map((q) => q[0]!));
              const x1 = Math.max(...b.geometry.coordinates[0]!.map((q) => q[0]!));
              const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
              const merged: Polygon = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
              const properties = editable(a.properties);
              for (const f of ADDITIVE_FIELDS) properties[f] = Number(((a.properties[f] as number) + (b.properties[f] as number)).toFixed(6));
              const res = await send('POST', `${EDITS}?confirm=SLIVER_PART`, { target: { id: aId, version: a.version }, feature: { type: 'Feature', geometry: merged, properties }, absorb: [{ id: bId, version: b.version }] });
              expect(res.status, await res.clone().text()).toBe(200);
            }
            const now = await totals();
            for (const f of ADDITIVE_FIELDS) expect(now[f]).toBeCloseTo(start.totals[f]!, 6);
            const figures = await targetFigures();
            figures.forEach((row: any[], i: number) => {
              expect(row[1]).toBeCloseTo(start.figures[i][1], 3);
              expect(row[2]).toBeCloseTo(start.figures[i][2], 3);
            });
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('a client that rounds coordinates does not move a parcel', () => {
  const round6 = (g: Polygon): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map((p) => p.map((v) => Number(v.toFixed(6))))) });

  it('keeps the stored geometry and area on a PUT that only changed notes, at 6 decimals as QGIS writes', async () => {
    // A shape with more than 6 decimals, as drawn in the browser.
    const base = emptySpotInZone(layers, 'A2');
    const fine: Polygon = { type: 'Polygon', coordinates: base.coordinates.map((r) => r.map(([x, y]) => [x! + 1.23456789e-7, y! + 3.3456789e-7])) };
    const id = await create(fine, 'qgis-notes');
    const p = await current(id);
    const before = await t.db.selectFrom('parcels').select(['geometry', 'areaSquareMeters']).where('id', '=', id).executeTakeFirstOrThrow();
    const res = await send('PUT', `${ITEMS}/${id}`, { type: 'Feature', id, geometry: round6(p.geometry), properties: { ...editable(p.properties), notes: 'from QGIS' } }, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await t.db.selectFrom('parcels').select(['geometry', 'areaSquareMeters', 'notes']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.notes).toBe('from QGIS');
    expect(after.geometry).toBe(before.geometry);
    expect(after.areaSquareMeters).toBe(before.areaSquareMeters);
  });

  it('still moves a vertex the client really moved', async () => {
    const id = await create(emptySpotInZone(layers, 'A2'), 'qgis-move');
    const p = await current(id);
    const moved = round6(p.geometry);
    moved.coordinates[0]![2]![0] = Number((moved.coordinates[0]![2]![0]! + 0.00002).toFixed(6));
    const res = await send('PUT', `${ITEMS}/${id}`, { type: 'Feature', id, geometry: moved, properties: editable(p.properties) }, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).properties.areaSquareMeters).not.toBe(p.properties.areaSquareMeters);
  });
});

describe('slivers and stray parts are warnings to confirm', () => {
  it('an edit that leaves a parcel as a big part and a sliver in two pieces asks to confirm both, then saves', async () => {
    const id = await create(emptySpotInZone(layers, 'A2'), 'clip-leftover');
    const p = await current(id);
    const ring = p.geometry.coordinates[0]!;
    const xs = ring.map((q) => q[0]!);
    const ys = ring.map((q) => q[1]!);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // The west 90% kept, and a 5 m strip left over at the east edge (about 0.07 亩 < 0.1 亩).
    const r = (a: number, b: number) => [[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]];
    const strip = 0.00005;
    const geometry = { type: 'MultiPolygon', coordinates: [[r(x0, x0 + (x1 - x0) * 0.9)], [r(x1 - strip / 10, x1)]] };
    const put = (confirm: string) =>
      send('PUT', `${ITEMS}/${id}${confirm}`, { type: 'Feature', id, geometry, properties: editable(p.properties) }, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    const refused = await put('');
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.code).toBe('WARNINGS_UNCONFIRMED');
    expect(body.warnings.map((w: any) => w.code).sort()).toEqual(['BECAME_MULTIPART', 'SLIVER_PART']);
    expect((await current(id)).version).toBe(p.version);
    expect((await put('?confirm=SLIVER_PART,BECAME_MULTIPART')).status).toBe(200);
  });
});
