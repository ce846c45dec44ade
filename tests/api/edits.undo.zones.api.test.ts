/**
 * Undo of zone and plan edits (issue 15): an admin's redraw, creation or
 * deletion of a zone, and a plan's or target's change, are edits like a
 * parcel's — listed, undone in one transaction, redone by undoing the undo —
 * and the undo gives back the boundary, every parcel's zone cells, each
 * station's zone codes and every target's tally exactly, recomputed from the
 * restored boundary, not copied from the log. An undo that would break what a
 * later edit built on (a target naming the zone) is refused and writes nothing.
 */
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi, PLAN, targetDef } from './planApi';

const ZONES = '/ogc/collections/zones/items';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let api: ReturnType<typeof planApi>;

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  app = createApp(t.db);
  api = planApi(app);
});
afterAll(async () => t?.dispose());

/** Every column a planner or a tally reads, of zones, parcels, stations, plans and targets (versions and timestamps move by design). */
async function ledgerState(): Promise<Record<string, string>> {
  const zones = await t.db.selectFrom('zones').select(['code', 'nameZh', 'nameEn', 'kind', 'illustrative', 'areaSquareMeters', 'geometry', 'minX', 'minY', 'maxX', 'maxY']).orderBy('code').execute();
  const parcels = await t.db.selectFrom('parcels').select(['id', 'name', 'status', 'investmentYi', 'geometry', 'areaSquareMeters', 'zoneCells']).orderBy('id').execute();
  const stations = await t.db
    .selectFrom('energyStations')
    .select(['id', 'name', 'kind', 'status', 'capacityMegawatts', 'thermalCapacityMegawatts', 'serviceRadiusMeters', 'notes', 'illustrative', 'zoneCodes', 'geometry'])
    .orderBy('id')
    .execute();
  const lines = await t.db.selectFrom('energyLines').select(['id', 'name', 'kind', 'status', 'voltageKilovolts', 'geometry']).orderBy('id').execute();
  const plans = await t.db.selectFrom('plans').select(['id', 'nameZh', 'nameEn', 'periodStart', 'periodEnd', 'sourceDocument']).orderBy('id').execute();
  const targets = await t.db.selectFrom('targets').select(['planId', 'code', 'position', 'definition', 'retired']).orderBy('planId').orderBy('code').execute();
  return { zones: JSON.stringify(zones), parcels: JSON.stringify(parcels), stations: JSON.stringify(stations), lines: JSON.stringify(lines), plans: JSON.stringify(plans), targets: JSON.stringify(targets) };
}
const tallyFigures = async (planId = PLAN) => (await api.tally(planId)).targets.map((x: any) => [x.code, x.secured, x.pipeline]);
const undo = (editId: number, who = auth.admin) => api.send('POST', `/api/edits/${editId}/undo`, who, {});
const editIdOf = (res: Response) => {
  const id = Number(res.headers.get('X-Edit-Id'));
  expect(id, 'X-Edit-Id').toBeGreaterThan(0);
  return id;
};
async function zone(code: string) {
  const res = await api.get(`/ogc/collections/zones/items/${code}`);
  return res.status === 404 ? null : ((await res.json()) as { geometry: Polygon; properties: Record<string, any> } & { etag?: string });
}
const zoneEtag = async (code: string) => (await api.get(`/ogc/collections/zones/items/${code}`)).headers.get('ETag')!;

/** The zone's outer ring scaled about its bbox centre. */
function scaled(g: Polygon, factor: number): Polygon {
  const ring = g.coordinates[0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  return { type: 'Polygon', coordinates: [ring.map((p) => [cx + (p[0]! - cx) * factor, cy + (p[1]! - cy) * factor])] };
}

describe('zone edits are undone like parcel edits', () => {
  it('a redraw of B1 undone gives back the boundary, every parcel’s zone cells and the tally exactly; an editor may not undo it', async () => {
    const start = await ledgerState();
    const tallyBefore = await tallyFigures();
    const b1 = (await zone('B1'))!;
    const redraw = await api.send('PATCH', `${ZONES}/B1`, auth.admin, { geometry: scaled(b1.geometry, 0.8) }, { 'If-Match': await zoneEtag('B1') });
    expect(redraw.status, await redraw.clone().text()).toBe(200);
    expect(Number(redraw.headers.get('Ledger-Recomputed-Parcels'))).toBeGreaterThan(0);
    const editId = editIdOf(redraw);
    const moved = await ledgerState();
    expect(moved.parcels).not.toBe(start.parcels);
    expect(await tallyFigures()).not.toEqual(tallyBefore);
    // The list shows it as undoable, by the zone's change alone.
    const listed = (await api.json('/api/edits?limit=5')).edits.find((e: any) => e.id === editId);
    expect(listed).toMatchObject({ kind: 'zones', undoable: true, undoRole: 'admin' });
    expect(listed.changes[0]).toMatchObject({ collection: 'zones', featureId: 'B1', name: b1.properties.nameZh });

    const byEditor = await undo(editId, auth.editor);
    expect(byEditor.status).toBe(403);
    expect((await byEditor.json()).code).toBe('FORBIDDEN');
    expect(await ledgerState()).toEqual(moved);

    const res = await undo(editId);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(start);
    expect(await tallyFigures()).toEqual(tallyBefore);
    // Redo: the undo undone draws the redraw again, exactly.
    const redo = await undo((await res.json()).editId);
    expect(redo.status, await redo.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(moved);
    const back = await undo((await redo.json()).editId);
    expect(back.status, await back.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(start);
  });

  it('a new zone undone is removed and redone comes back; once a target names it, the undo is refused (409) and writes nothing', async () => {
    const start = await ledgerState();
    const b2 = (await zone('B2'))!;
    const created = await api.send('POST', ZONES, auth.admin, {
      type: 'Feature',
      geometry: scaled(b2.geometry, 0.5),
      properties: { code: 'T1', nameZh: '试验片区', nameEn: 'Trial area', kind: 'expansion_area', illustrative: true },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const createId = editIdOf(created);
    const withZone = await ledgerState();
    const undone = await undo(createId);
    expect(undone.status, await undone.clone().text()).toBe(200);
    expect(await zone('T1')).toBeNull();
    expect(await ledgerState()).toEqual(start);
    const redone = await undo((await undone.json()).editId);
    expect(redone.status, await redone.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(withZone);
    const redoId = (await redone.json()).editId as number;

    const target = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('T1-LAND', { zoneCodes: ['T1'] }));
    expect(target.status, await target.clone().text()).toBe(201);
    const before = await ledgerState();
    const refused = await undo(redoId);
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.code).toBe('ZONE_IN_USE');
    expect(body.detail).toContain('T1-LAND');
    expect(body.messageZh).toBeTruthy();
    expect(await ledgerState()).toEqual(before);
    // Undo the target first, then the zone goes.
    expect((await undo(editIdOf(target))).status).toBe(200);
    expect((await undo(redoId)).status).toBe(200);
    expect(await ledgerState()).toEqual(start);
  });

  it('a deleted zone comes back by undo with the cells of the parcels it covers', async () => {
    const b2 = (await zone('B2'))!;
    const created = await api.send('POST', ZONES, auth.admin, {
      type: 'Feature',
      geometry: scaled(b2.geometry, 0.6),
      properties: { code: 'T2', nameZh: '试验片区二', nameEn: 'Trial area 2', kind: 'expansion_area' },
    });
    expect(created.status).toBe(201);
    const withZone = await ledgerState();
    const del = await api.send('DELETE', `${ZONES}/T2`, auth.admin, undefined, { 'If-Match': await zoneEtag('T2') });
    expect(del.status).toBe(204);
    expect(await zone('T2')).toBeNull();
    const res = await undo(editIdOf(del));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(withZone);
    expect(await zoneEtag('T2')).toBe('"zones-T2-v2"');
    // The delete is netted out by its standing undo, so the creation can be undone now: the zone goes.
    expect((await undo(editIdOf(created))).status).toBe(200);
    expect(await zone('T2')).toBeNull();
  });
});

describe('plan and target edits are undone', () => {
  it('a plan rename, a target redefinition and a retirement undone give back the plan, the definition and the tally', async () => {
    const start = await ledgerState();
    const tallyBefore = await tallyFigures();
    const plan = await api.get(`/api/plans/${PLAN}/targets`);
    const rename = await api.send('PATCH', `/api/plans/${PLAN}`, auth.admin, { nameEn: 'Renamed' }, { 'If-Match': plan.headers.get('ETag')! });
    expect(rename.status, await rename.clone().text()).toBe(200);
    const renameId = editIdOf(rename);

    const code = (await api.tally()).targets[0].code as string;
    const current = await api.get(`/api/plans/${PLAN}/targets/${code}`);
    const definition = await current.json();
    const { planId: _p, position: _o, retired: _r, version: _v, ...def } = definition;
    const redefine = await api.send('PUT', `/api/plans/${PLAN}/targets/${code}`, auth.admin, { ...def, floor: def.floor * 3, zoneCodes: [] }, { 'If-Match': current.headers.get('ETag')! });
    expect(redefine.status, await redefine.clone().text()).toBe(200);
    const redefineId = editIdOf(redefine);
    expect(await tallyFigures()).not.toEqual(tallyBefore);

    // The rename is undone first although the redefinition came later: they touch different records.
    expect((await undo(renameId)).status).toBe(200);
    expect((await api.json(`/api/plans/${PLAN}/targets`)).plan.nameEn).not.toBe('Renamed');

    const again = await api.get(`/api/plans/${PLAN}/targets/${code}`);
    const retire = await api.send('DELETE', `/api/plans/${PLAN}/targets/${code}`, auth.admin, undefined, { 'If-Match': again.headers.get('ETag')! });
    expect(retire.status).toBe(204);
    // The redefinition cannot be undone while the retirement stands.
    const blocked = await undo(redefineId);
    expect(blocked.status).toBe(412);
    expect((await blocked.json()).code).toBe('EDIT_SUPERSEDED');
    expect((await undo(editIdOf(retire))).status).toBe(200);
    expect((await undo(redefineId)).status).toBe(200);
    expect(await ledgerState()).toEqual(start);
    expect(await tallyFigures()).toEqual(tallyBefore);
  });

  it('a new plan with its targets undone is gone, and redone comes back with them', async () => {
    const start = await ledgerState();
    const created = await api.send('POST', '/api/plans', auth.admin, {
      id: 'next-2026-2030',
      nameZh: '下一期',
      nameEn: 'Next plan',
      periodStart: 2026,
      periodEnd: 2030,
      targets: [targetDef('N1', { zoneCodes: ['B1'], floor: 100 }), targetDef('N2', { floor: 2000 })],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const withPlan = await ledgerState();
    const tallyOfNew = await tallyFigures('next-2026-2030');
    const res = await undo(editIdOf(created));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(start);
    expect((await api.get('/api/plans/next-2026-2030')).status).toBe(404);
    const redo = await undo((await res.json()).editId);
    expect(redo.status, await redo.clone().text()).toBe(200);
    expect(await ledgerState()).toEqual(withPlan);
    expect(await tallyFigures('next-2026-2030')).toEqual(tallyOfNew);
  });
});

describe('energy station and line edits are undone', () => {
  it('a station’s capacity change, its deletion and a new line undone give back the layer and the energy figures exactly', async () => {
    const start = await ledgerState();
    const coverageBefore = await api.json('/api/energy/coverage');
    const station = await api.get('/ogc/collections/energy_stations/items/1');
    const s1 = await station.json();
    const patch = await api.send('PATCH', '/ogc/collections/energy_stations/items/1', auth.editor, { properties: { capacityMW: s1.properties.capacityMW * 2 } }, { 'If-Match': station.headers.get('ETag')! });
    expect(patch.status, await patch.clone().text()).toBe(200);
    const patchId = editIdOf(patch);
    const del = await api.send('DELETE', '/ogc/collections/energy_stations/items/1', auth.editor, undefined, { 'If-Match': patch.headers.get('ETag')! });
    expect(del.status).toBe(204);
    const line = await api.send('POST', '/ogc/collections/energy_lines/items', auth.editor, {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [s1.geometry.coordinates, [s1.geometry.coordinates[0] + 0.01, s1.geometry.coordinates[1]]] },
      properties: { name: '试验线路', kind: 'power_line', status: 'planned', voltageKV: 10 },
    });
    expect(line.status, await line.clone().text()).toBe(201);
    // The capacity change cannot go back while the deletion stands.
    expect((await undo(patchId, auth.editor)).status).toBe(412);
    for (const id of [editIdOf(line), editIdOf(del), patchId]) {
      const res = await undo(id, auth.editor);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    expect(await ledgerState()).toEqual(start);
    expect((await api.get('/ogc/collections/energy_stations/items/1')).status).toBe(200);
    expect(await api.json('/api/energy/coverage')).toEqual(coverageBefore);
  });
});
