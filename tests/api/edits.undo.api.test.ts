/**
 * Edits and undo (issue 15): every planner action is one edit; undoing it
 * brings back exactly what it changed — shapes, areas, figures and ids — or
 * refuses with a reason and writes nothing. Random sequences of saves,
 * splits, merges, deletes, imports, zone redraws and undos unwound in reverse leave the parcels
 * table as it was, byte for byte in every planner-visible column.
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
import { commit, featureCollection, upload } from '../support/importClient';
import { planApi, PLAN } from './planApi';
import { tallyTargets } from '../../domain/tally';
import { computeZoneCells } from '../../domain/zoneCells';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
const EDITS = '/api/parcels/edits';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const getJson = async (path: string) => (await app.request(`${BASE}${path}`)).json();
/** As an admin: the random runs undo zone edits too, which only an admin may. */
const undo = (editId: number) => send('POST', `/api/edits/${editId}/undo`, undefined, { Authorization: auth.admin });

const money = { investmentYi: 12.5, outputYi: 3.25, factoryFloorSquareMeters: 8_000, heatCoolingDemandKilowatts: 410, powerDemandKilowatts: 990 };
const props = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, ...money });


/** Every planner-visible column of every parcel (versions and timestamps move on an undo by design). */
async function ledgerState(): Promise<string> {
  const rows = await t.db
    .selectFrom('parcels')
    .select([
      'id', 'name', 'landUseCode', 'status', 'supplyYear', 'enterprise', 'industryChain', 'investmentYi', 'outputYi',
      'factoryFloorSquareMeters', 'notes', 'heatCoolingDemandKilowatts', 'powerDemandKilowatts', 'illustrative',
      'geometry', 'areaSquareMeters', 'zoneCells', 'minX', 'minY', 'maxX', 'maxY',
    ])
    .orderBy('id')
    .execute();
  return JSON.stringify(rows);
}
async function totals() {
  const row = await sql<Record<string, number | null>>`SELECT sum(area_square_meters) AS area, ${sql.join(
    ADDITIVE_FIELDS.map((f) => sql`sum(${sql.ref(f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))}) AS ${sql.ref(f)}`),
  )} FROM parcels`.execute(t.db);
  return row.rows[0]!;
}
async function targetFigures() {
  const tally = await planApi(app).tally();
  return tally.targets.map((x: any) => [x.code, x.secured, x.pipeline]);
}
/**
 * Every target's secured and pipeline figures recomputed here from what the server serves —
 * the parcels' GeoJSON, the zones' shapes, the stations and the plan's definitions — with
 * zone cells cut afresh, and compared with the served tally.
 */
async function expectTallyMatchesRecomputation() {
  const [parcels, zones, stations, plan, served] = await Promise.all([
    getJson(`${ITEMS}?limit=10000`),
    getJson('/ogc/collections/zones/items?limit=1000'),
    getJson('/ogc/collections/energy_stations/items?limit=1000'),
    getJson(`/api/plans/${PLAN}`),
    planApi(app).tally(),
  ]);
  const zoneShapes = zones.features.map((z: any) => ({ code: String(z.id), geometry: z.geometry }));
  const recomputed = tallyTargets(
    plan.targets,
    parcels.features.map((f: any) => ({ ...f.properties, id: f.id, zoneCells: computeZoneCells(f.geometry, zoneShapes) })),
    stations.features.map((f: any) => ({ id: f.id, kind: f.properties.kind, status: f.properties.status, zoneCodes: f.properties.zoneCodes })),
  );
  expect(recomputed.length).toBe(served.targets.length);
  recomputed.forEach((r, i) => {
    expect(served.targets[i].code).toBe(r.code);
    expect(served.targets[i].secured).toBeCloseTo(r.secured, 6);
    expect(served.targets[i].pipeline).toBeCloseTo(r.pipeline, 6);
  });
}

async function current(id: number) {
  const res = await app.request(`${BASE}${ITEMS}/${id}`);
  if (res.status === 404) return null;
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

async function create(geometry: Polygon, name: string): Promise<{ id: number; editId: number }> {
  const res = await send('POST', ITEMS, { type: 'Feature', geometry, properties: props(name) });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = (await res.json()).id as number;
  layers.parcels.features.push({ type: 'Feature', id, geometry, properties: { name } });
  return { id, editId: Number(res.headers.get('X-Edit-Id')) };
}

async function split(id: number, f: number): Promise<{ editId: number; pieceIds: number[] }> {
  const p = (await current(id))!;
  const [a, b] = cut(p.geometry, f);
  const { kept, pieces } = splitByArea({ geometry: a, properties: editable(p.properties) as any }, [b]);
  const res = await send('POST', `${EDITS}?confirm=SLIVER_PART`, { target: { id, version: p.version }, feature: { type: 'Feature', ...kept }, pieces: pieces.map((x) => ({ type: 'Feature', ...x })) });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json();
  return { editId: body.editId, pieceIds: body.pieces.map((x: any) => x.id) };
}

/** Merges b into a when they share a vertical edge (halves of one rectangle); null when they don't. */
async function merge(aId: number, bId: number): Promise<number | null> {
  const a = (await current(aId))!;
  const b = (await current(bId))!;
  const xsA = a.geometry.coordinates[0]!.map((q) => q[0]!);
  const xsB = b.geometry.coordinates[0]!.map((q) => q[0]!);
  if (Math.abs(Math.max(...xsA) - Math.min(...xsB)) > 1e-12) return null;
  const ys = a.geometry.coordinates[0]!.map((q) => q[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xsA), Math.max(...xsB), Math.min(...ys), Math.max(...ys)];
  const merged: Polygon = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
  const properties = editable(a.properties);
  for (const f of ADDITIVE_FIELDS) properties[f] = Number(((a.properties[f] as number) + (b.properties[f] as number)).toFixed(6));
  const res = await send('POST', `${EDITS}?confirm=SLIVER_PART`, { target: { id: aId, version: a.version }, feature: { type: 'Feature', geometry: merged, properties }, absorb: [{ id: bId, version: b.version }] });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()).editId;
}

describe('undo of one edit', () => {
  it('a split comes undone: the pieces go, the parcel gets its shape, area and figures back; the totals and targets are where they were', async () => {
    const { id } = await create(emptySpotInZone(layers, 'B1'), 'undo-split');
    const before = { state: await ledgerState(), totals: await totals(), figures: await targetFigures() };
    const { editId, pieceIds } = await split(id, 0.4);
    expect(await ledgerState()).not.toBe(before.state);

    const res = await undo(editId);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body.undid).toBe(editId);
    await expectTallyMatchesRecomputation();
    expect(Number(res.headers.get('X-Edit-Id'))).toBe(body.editId);
    expect(await ledgerState()).toBe(before.state);
    expect(await totals()).toEqual(before.totals);
    expect(await targetFigures()).toEqual(before.figures);
    for (const p of pieceIds) expect(await current(p)).toBeNull();

    // The parcel's history reads on: split, then restored as a new version.
    const history = await getJson(`/api/parcels/${id}/history`);
    expect(history.versions.map((v: any) => v.action)).toEqual(['create', 'update', 'restore']);
    expect(history.versions.every((v: any) => typeof v.editId === 'number')).toBe(true);

    // Twice is refused; the edit list says so.
    const again = await undo(editId);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('EDIT_ALREADY_UNDONE');
    const listed = (await getJson(`/api/edits?parcel=${id}`)).edits;
    const split1 = listed.find((e: any) => e.id === editId);
    expect(split1).toMatchObject({ kind: 'split', undoneBy: body.editId, undoable: false, notUndoableReason: 'EDIT_ALREADY_UNDONE' });
    expect(listed[0]).toMatchObject({ id: body.editId, kind: 'undo', undoes: editId, undoable: true });
  });

  it('a merge comes undone: the absorbed parcel returns under its own id with its figures, and redo (undo of the undo) merges again', async () => {
    const { id } = await create(emptySpotInZone(layers, 'B1'), 'undo-merge');
    const { pieceIds } = await split(id, 0.5);
    const state = await ledgerState();
    const mergeEdit = (await merge(id, pieceIds[0]!))!;
    const merged = await ledgerState();
    expect(await current(pieceIds[0]!)).toBeNull();

    const res = await undo(mergeEdit);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await ledgerState()).toBe(state);
    const back = (await current(pieceIds[0]!))!;
    expect(back.properties.investmentYi).toBeGreaterThan(0);
    const history = await getJson(`/api/parcels/${pieceIds[0]}/history`);
    expect(history.versions.map((v: any) => [v.action, v.version])).toEqual([['create', 1], ['delete', 1], ['restore', 2]]);

    const redo = await undo((await res.json()).editId);
    expect(redo.status, await redo.clone().text()).toBe(200);
    expect(await ledgerState()).toBe(merged);
  });

  it('refuses to undo an edit a later edit built on (412 EDIT_SUPERSEDED), and writes nothing', async () => {
    const { id, editId } = await create(emptySpotInZone(layers, 'A2'), 'undo-superseded');
    const p = (await current(id))!;
    const patch = await send('PATCH', `${ITEMS}/${id}`, { properties: { investmentYi: 20 } }, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    expect(patch.status).toBe(200);
    const patchEdit = Number(patch.headers.get('X-Edit-Id'));
    const state = await ledgerState();
    const res = await undo(editId);
    expect(res.status).toBe(412);
    const body = await res.json();
    expect(body.code).toBe('EDIT_SUPERSEDED');
    expect(body.messageZh).toContain('请先撤销');
    expect(await ledgerState()).toBe(state);

    // The edit list shows what the PATCH moved and which edit can be undone.
    const listed = (await getJson(`/api/edits?parcel=${id}`)).edits;
    expect(listed.map((e: any) => [e.id, e.undoable])).toEqual([[patchEdit, true], [editId, false]]);
    expect(listed[0].figureDeltas).toEqual({ investmentYi: 7.5 });
    expect(listed[1].figureDeltas.investmentYi).toBe(12.5);
    expect(listed[1].figureDeltas.areaMu).toBeGreaterThan(0);

    // Once the later edit is undone, the earlier one can be: the parcel is gone again.
    expect((await undo(patchEdit)).status).toBe(200);
    expect((await undo(editId)).status).toBe(200);
    expect(await current(id)).toBeNull();
  });

  it('a deleted parcel sits in the recycle bin until its delete is undone; it returns under its id', async () => {
    const { id } = await create(emptySpotInZone(layers, 'A1'), 'undo-delete');
    const p = (await current(id))!;
    const del = await send('DELETE', `${ITEMS}/${id}`, undefined, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    expect(del.status).toBe(204);
    const deleteEdit = Number(del.headers.get('X-Edit-Id'));
    const bin = (await getJson('/api/edits?deleted=1')).edits;
    expect(bin.map((e: any) => e.id)).toContain(deleteEdit);
    expect(bin.find((e: any) => e.id === deleteEdit).changes[0]).toMatchObject({ featureId: String(id), action: 'delete', name: 'undo-delete' });

    expect((await undo(deleteEdit)).status).toBe(200);
    const back = (await current(id))!;
    expect(back.geometry).toEqual(p.geometry);
    expect(back.properties.areaSquareMeters).toBe(p.properties.areaSquareMeters);
    expect((await getJson('/api/edits?deleted=1')).edits.map((e: any) => e.id)).not.toContain(deleteEdit);
  });

  it('refuses to bring a deleted parcel back over one drawn since (422 overlap), writing nothing', async () => {
    const spot = emptySpotInZone(layers, 'A1');
    const { id } = await create(spot, 'undo-overlap-old');
    const p = (await current(id))!;
    const del = await send('DELETE', `${ITEMS}/${id}`, undefined, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    const deleteEdit = Number(del.headers.get('X-Edit-Id'));
    await create(spot, 'undo-overlap-new');
    const state = await ledgerState();
    const res = await undo(deleteEdit);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: any) => e.code)).toContain('OVERLAPS_PARCEL');
    expect(await ledgerState()).toBe(state);
    expect(await current(id)).toBeNull();
  });

  it('an import is one edit, and undoing it removes every parcel it brought', async () => {
    const a = emptySpotInZone(layers, 'A3');
    layers.parcels.features.push({ type: 'Feature', id: 'a', geometry: a, properties: { name: 'x' } });
    const b = emptySpotInZone(layers, 'A3');
    const state = await ledgerState();
    const file = featureCollection([a, b].map((g, i) => ({ type: 'Feature', geometry: g, properties: { name: `imp-${i}`, landUseCode: '100102', status: 'planned' } })));
    const preview = await upload(app, auth.editor, 'two.geojson', file);
    expect(preview.status, await preview.clone().text()).toBe(201);
    const committed = await commit(app, auth.editor, (await preview.json()).id);
    expect(committed.status, await committed.clone().text()).toBe(201);
    const { editId, ids } = await committed.json();
    expect(ids).toHaveLength(2);
    const listed = (await getJson('/api/edits?limit=1')).edits[0];
    expect(listed).toMatchObject({ id: editId, kind: 'import' });
    expect(listed.changes.map((c: any) => Number(c.featureId))).toEqual(ids);
    expect((await undo(editId)).status).toBe(200);
    expect(await ledgerState()).toBe(state);
  });

  it('the seed is the starting ledger: listed, never undone in one click', async () => {
    const seed = (await getJson('/api/edits?limit=200')).edits.find((e: any) => e.kind === 'seed');
    expect(seed).toMatchObject({ undoable: false, notUndoableReason: 'UNDO_UNSUPPORTED' });
    expect(seed.changes.length).toBeGreaterThan(50);
    const res = await undo(seed.id);
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('UNDO_UNSUPPORTED');
  });

  it('reads bad query parameters as 400 and unknown edits as 404, in both languages', async () => {
    const bad = await app.request(`${BASE}/api/edits?limit=100000`);
    expect(bad.status).toBe(400);
    const missing = await undo(99_999_999);
    expect(missing.status).toBe(404);
    const body = await missing.json();
    expect(body.messageZh).toBeTruthy();
    expect(body.messageEn).toBeTruthy();
  });
});

describe('the edit log says what each edit did', () => {
  it('names attribute, shape and hole edits, each field from → to and the area change; since= lists only later edits', async () => {
    const { id, editId: created } = await create(emptySpotInZone(layers, 'A3'), 'kinds');
    let p = (await current(id))!;
    const attr = await send('PATCH', `${ITEMS}/${id}`, { properties: { investmentYi: 20, notes: '签约' } }, { 'If-Match': `"parcels-${id}-v${p.version}"` });
    expect(attr.status).toBe(200);
    p = (await current(id))!;
    const ring = p.geometry.coordinates[0]!;
    const xs = ring.map((q) => q[0]!);
    const ys = ring.map((q) => q[1]!);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const [cx, cy, r] = [(x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 10];
    const holed: Polygon = { type: 'Polygon', coordinates: [ring, [[cx - r, cy - r], [cx - r, cy + r], [cx + r, cy + r], [cx + r, cy - r], [cx - r, cy - r]]] };
    const hole = await send('PUT', `${ITEMS}/${id}`, { type: 'Feature', id, geometry: holed, properties: editable(p.properties) }, { 'If-Match': `"parcels-${id}-v${p.version}"`, 'X-Edit-Kind': 'hole' });
    expect(hole.status, await hole.clone().text()).toBe(200);
    p = (await current(id))!;
    const moved: Polygon = { type: 'Polygon', coordinates: [ring.map((q, i) => (i === 1 ? [q[0]! + (x1 - x0) / 4, q[1]!] : q)), holed.coordinates[1]!] };
    const shape = await send('PUT', `${ITEMS}/${id}`, { type: 'Feature', id, geometry: moved, properties: editable(p.properties) }, { 'If-Match': `"parcels-${id}-v${p.version}"`, 'X-Edit-Kind': 'nonsense' });
    expect(shape.status, await shape.clone().text()).toBe(200);

    const list = (await getJson(`/api/edits?parcel=${id}&since=${created}`)).edits;
    expect(list.map((e: any) => e.kind)).toEqual(['geometry', 'hole', 'attributes']);
    const [geometryEdit, holeEdit, attrEdit] = list;
    expect(attrEdit.changes[0].fields).toEqual([
      { field: 'investmentYi', from: 12.5, to: 20 },
      { field: 'notes', from: null, to: '签约' },
    ]);
    expect(attrEdit.changes[0].geometryChanged).toBe(false);
    expect(holeEdit.changes[0].geometryChanged).toBe(true);
    expect(holeEdit.changes[0].areaChangeSquareMeters).toBeLessThan(0);
    // The log rounds what an edit moved to 0.0001 (亩, 亿元).
    expect(holeEdit.figureDeltas.areaMu).toBeCloseTo(holeEdit.changes[0].areaChangeSquareMeters / (10000 / 15), 3);
    expect(geometryEdit.changes[0].fields).toEqual([]);
    expect(geometryEdit.changes[0].areaChangeSquareMeters).not.toBe(0);
  });
});

describe('random sequences of edits and undos', () => {
  it('undoing every edit in reverse order gives back the ledger exactly, and each undo puts the totals back where they were before its edit', async () => {
    const spot = emptySpotInZone(layers, 'B1', 0.001);
    layers.parcels.features.push({ type: 'Feature', id: 'reserved', geometry: spot, properties: { name: 'r' } });
    const importSpot = emptySpotInZone(layers, 'B1', 0.0004);
    layers.parcels.features.push({ type: 'Feature', id: 'reserved-import', geometry: importSpot, properties: { name: 'r' } });
    const done = { patch: 0, split: 0, merge: 0, delete: 0, undoLast: 0, hole: 0, import: 0, reimport: 0, zone: 0, unwound: 0 };
    /** A zone over the left fraction `f` of the run's spot: its redraws move the pieces' zone cells. */
    const [sx0, sy0, sx1, sy1] = [spot.coordinates[0]![0]![0]!, spot.coordinates[0]![0]![1]!, spot.coordinates[0]![2]![0]!, spot.coordinates[0]![2]![1]!];
    const zoneOver = (f: number): Polygon => {
      const [x0, x1, y0, y1] = [Math.min(sx0, sx1), Math.max(sx0, sx1), Math.min(sy0, sy1), Math.max(sy0, sy1)];
      const x = x0 + (x1 - x0) * f;
      const pad = (y1 - y0) * 0.1;
      return { type: 'Polygon', coordinates: [[[x0 - pad, y0 - pad], [x, y0 - pad], [x, y1 + pad], [x0 - pad, y1 + pad], [x0 - pad, y0 - pad]]] };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('patch', 'split', 'merge', 'delete', 'undoLast', 'hole', 'import', 'reimport', 'zone'),
            pick: fc.nat(),
            f: fc.double({ min: 0.25, max: 0.75, noNaN: true }),
            value: fc.integer({ min: 0, max: 50_000 }),
          }),
          { minLength: 2, maxLength: 8 },
        ),
        async (ops) => {
          const start = await ledgerState();
          const startTotals = await totals();
          // Each planner edit with the totals before it; undone ones are marked.
          const log: { editId: number; totalsBefore: Record<string, number | null>; undone: boolean }[] = [];
          // The parcels this run made: the first is named 'seq'; split pieces are named after it.
          const live = async () => (await t.db.selectFrom('parcels').select('id').where('name', 'like', 'seq%').orderBy('id').execute()).map((r) => r.id);
          const record = async (fn: () => Promise<number | null>) => {
            const totalsBefore = await totals();
            const editId = await fn();
            if (editId !== null) log.push({ editId, totalsBefore, undone: false });
          };
          await record(async () => (await create(spot, 'seq')).editId);
          for (const o of ops) {
            // The state the previous step left: the served tally equals a recomputation from served data.
            await expectTallyMatchesRecomputation();
            const ids = await live();
            const pick = ids[o.pick % Math.max(1, ids.length)];
            if (o.op === 'patch' && pick !== undefined) {
              const p = (await current(pick))!;
              await record(async () => {
                const res = await send('PATCH', `${ITEMS}/${pick}`, { properties: { investmentYi: o.value / 1000, notes: `n${o.value}` } }, { 'If-Match': `"parcels-${pick}-v${p.version}"` });
                expect(res.status, await res.clone().text()).toBe(200);
                done.patch++;
                return Number(res.headers.get('X-Edit-Id'));
              });
            } else if (o.op === 'split' && pick !== undefined) {
              await record(async () => (await split(pick, o.f)).editId);
              done.split++;
            } else if (o.op === 'merge' && ids.length > 1) {
              merging: for (const a of ids) {
                for (const b of ids) {
                  if (a === b) continue;
                  const before = await totals();
                  const editId = await merge(a, b);
                  if (editId !== null) {
                    done.merge++;
                    log.push({ editId, totalsBefore: before, undone: false });
                    break merging;
                  }
                }
              }
            } else if (o.op === 'delete' && pick !== undefined && ids.length > 1) {
              const p = (await current(pick))!;
              await record(async () => {
                const res = await send('DELETE', `${ITEMS}/${pick}`, undefined, { 'If-Match': `"parcels-${pick}-v${p.version}"` });
                expect(res.status).toBe(204);
                done.delete++;
                return Number(res.headers.get('X-Edit-Id'));
              });
            } else if (o.op === 'hole' && pick !== undefined) {
              // A small square hole in the middle of a piece that has none yet.
              const p = (await current(pick))!;
              if (p.geometry.type !== 'Polygon' || p.geometry.coordinates.length > 1) continue;
              const ring = p.geometry.coordinates[0]!;
              const xs = ring.map((q) => q[0]!);
              const ys = ring.map((q) => q[1]!);
              const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
              const r = Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 8;
              const holed = { type: 'Polygon', coordinates: [ring, [[cx - r, cy - r], [cx - r, cy + r], [cx + r, cy + r], [cx + r, cy - r], [cx - r, cy - r]]] };
              await record(async () => {
                const res = await send('PUT', `${ITEMS}/${pick}`, { type: 'Feature', id: pick, geometry: holed, properties: editable(p.properties) }, { 'If-Match': `"parcels-${pick}-v${p.version}"`, 'X-Edit-Kind': 'hole' });
                expect(res.status, await res.clone().text()).toBe(200);
                done.hole++;
                return Number(res.headers.get('X-Edit-Id'));
              });
            } else if (o.op === 'import') {
              // A new parcel from a file, into the reserved spot when it is free.
              const taken = await t.db.selectFrom('parcels').select('id').where('name', 'like', 'seq-import%').execute();
              if (taken.length > 0) continue;
              const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: importSpot, properties: { name: 'seq-import', landUseCode: '100102', status: 'supplied', investmentYi: o.value / 1000 } }] });
              await record(async () => {
                const preview = await upload(app, auth.editor, 'seq.geojson', file);
                expect(preview.status, await preview.clone().text()).toBe(201);
                const res = await commit(app, auth.editor, (await preview.json()).id);
                expect(res.status, await res.clone().text()).toBe(201);
                done.import++;
                return (await res.json()).editId;
              });
            } else if (o.op === 'reimport' && pick !== undefined) {
              // The piece exported, its figures edited in the file, and imported back as an update.
              const exported = JSON.parse(await (await app.request(`${BASE}/api/exports?format=geojson&ids=${pick}`)).text());
              exported.features[0].properties.outputYi = o.value / 500;
              await record(async () => {
                const preview = await upload(app, auth.editor, 'back.geojson', JSON.stringify(exported));
                const body = await preview.json();
                expect(body.features[0].match?.parcelId, JSON.stringify(body.features[0])).toBe(pick);
                const res = await commit(app, auth.editor, body.id);
                expect(res.status, await res.clone().text()).toBe(201);
                const out = await res.json();
                if (out.updated.length === 0) return null;
                done.reimport++;
                return out.editId;
              });
            } else if (o.op === 'zone') {
              // An admin draws the trial zone SEQ over part of the run's parcels, or redraws it.
              const existing = await app.request(`${BASE}/ogc/collections/zones/items/SEQ`);
              await record(async () => {
                const res =
                  existing.status === 404
                    ? await send('POST', '/ogc/collections/zones/items', { type: 'Feature', geometry: zoneOver(o.f), properties: { code: 'SEQ', nameZh: '试验区', nameEn: 'Trial', kind: 'expansion_area' } }, { Authorization: auth.admin })
                    : await send('PATCH', '/ogc/collections/zones/items/SEQ', { geometry: zoneOver(o.f) }, { Authorization: auth.admin, 'If-Match': existing.headers.get('ETag')! });
                expect(res.status, await res.clone().text()).toBeLessThan(300);
                done.zone++;
                return Number(res.headers.get('X-Edit-Id'));
              });
            } else if (o.op === 'undoLast') {
              // The run's first edit (the create) stays, so later ops have a parcel to work on.
              const last = log.slice(1).reverse().find((e) => !e.undone);
              if (!last) continue;
              const res = await undo(last.editId);
              expect(res.status, await res.clone().text()).toBe(200);
              last.undone = true;
              done.undoLast++;
              const now = await totals();
              for (const k of Object.keys(now)) expect(now[k] ?? 0).toBeCloseTo(last.totalsBefore[k] ?? 0, 6);
            }
          }
          await expectTallyMatchesRecomputation();
          for (const e of [...log].reverse()) {
            if (e.undone) continue;
            const res = await undo(e.editId);
            expect(res.status, await res.clone().text()).toBe(200);
            done.unwound++;
            const now = await totals();
            for (const k of Object.keys(now)) expect(now[k] ?? 0).toBeCloseTo(e.totalsBefore[k] ?? 0, 6);
          }
          expect(await ledgerState()).toBe(start);
          expect(await totals()).toEqual(startTotals);
        },
      ),
      {
        numRuns: 12,
        // One walk through every path, whatever the random runs draw.
        examples: [
          [
            [
              { op: 'split', pick: 0, f: 0.5, value: 0 },
              { op: 'patch', pick: 1, f: 0.5, value: 1234 },
              { op: 'merge', pick: 0, f: 0.5, value: 0 },
              { op: 'split', pick: 0, f: 0.3, value: 0 },
              { op: 'delete', pick: 1, f: 0.5, value: 0 },
              { op: 'undoLast', pick: 0, f: 0.5, value: 0 },
              { op: 'patch', pick: 0, f: 0.5, value: 77 },
              { op: 'hole', pick: 0, f: 0.5, value: 0 },
              { op: 'import', pick: 0, f: 0.5, value: 4321 },
              { op: 'reimport', pick: 0, f: 0.5, value: 999 },
              { op: 'zone', pick: 0, f: 0.4, value: 0 },
              { op: 'patch', pick: 0, f: 0.5, value: 5 },
              { op: 'zone', pick: 0, f: 0.7, value: 0 },
            ],
          ],
        ],
      },
    );
    // The runs did walk every path (a generator that never split or merged would prove nothing).
    for (const [op, n] of Object.entries(done)) expect(n, op).toBeGreaterThan(0);
  }, 240_000);
});
