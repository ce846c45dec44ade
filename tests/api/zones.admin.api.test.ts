/**
 * Zones as editable data: admin-only OGC writes with If-Match, a zone from a
 * parcel selection, and — the point of it — a redrawn boundary recomputing
 * the parcels' zone shares and the tally in the same transaction.
 */
import { bbox as turfBbox, feature, featureCollection, intersect } from '@turf/turf';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../domain/area';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi, targetDef } from './planApi';

const ITEMS = '/ogc/collections/zones/items';
let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcels: any[];

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcels = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
});
afterAll(async () => t.dispose());

const rectangle = (minX: number, minY: number, maxX: number, maxY: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]],
});
const zoneFeature = (code: string, geometry: Polygon, nameZh = `测试片区 ${code}`) => ({
  type: 'Feature',
  geometry,
  properties: { code, nameZh, nameEn: `Test zone ${code}`, kind: 'other' },
});
const parcelByName = (prefix: string) => parcels.find((f) => f.properties.name.startsWith(prefix));
const shareOf = async (id: number, code: string) =>
  (await api.json(`/ogc/collections/parcels/items/${id}`)).properties.zones.find((z: any) => z.code === code)?.fraction ?? 0;

describe('who may write zones', () => {
  it('anonymous 401, editor 403; other read-only collections still answer 405', async () => {
    const body = zoneFeature('R1', rectangle(106.9, 29.0, 106.91, 29.01));
    expect((await api.send('POST', ITEMS, null, body)).status).toBe(401);
    expect((await api.send('POST', ITEMS, auth.editor, body)).status).toBe(403);
    expect((await api.send('PATCH', `${ITEMS}/A1`, auth.editor, { properties: { nameEn: 'x' } }, { 'If-Match': '"zones-A1-v1"' })).status).toBe(403);
    expect((await api.send('POST', '/api/zones/from-parcels', auth.viewer, {})).status).toBe(403);
    expect((await api.send('POST', '/ogc/collections/constraints/items', auth.admin, body)).status).toBe(405);
  });
});

describe('redrawing a zone boundary', () => {
  it('moves a parcel from inside to half inside: its share, the drill-down and the tally follow, atomically', async () => {
    const parcel = parcelByName('鱼田堡-03');
    const id = parcel.id as number;
    const [minX, minY, maxX, maxY] = turfBbox(parcel.geometry);
    const eps = 1e-6;
    const around = rectangle(minX! - eps, minY! - eps, maxX! + eps, maxY! + eps);
    let res = await api.send('POST', ITEMS, auth.admin, zoneFeature('T1', around));
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"zones-T1-v1"');
    expect(res.headers.get('Location')).toBe('http://ledger.test/ogc/collections/zones/items/T1');
    expect(Number(res.headers.get('Ledger-Recomputed-Parcels'))).toBeGreaterThanOrEqual(1);
    expect(await shareOf(id, 'T1')).toBeCloseTo(1, 9);

    const plan = { id: 'zone-test', nameZh: '片区测试', nameEn: 'Zone test', periodStart: 2020, periodEnd: 2030, targets: [targetDef('T1.land', { zoneCodes: ['T1'], pipelineStatuses: ['planned', 'reserved'] })] };
    expect((await api.send('POST', '/api/plans', auth.admin, plan)).status).toBe(201);
    const role = ['supplied', 'under_construction', 'in_production'].includes(parcel.properties.status) ? 'secured' : 'pipeline';
    const tallyBefore = await api.tallyOf('zone-test', 'T1.land');
    const drillBefore = await api.json('/api/plans/zone-test/targets/T1.land/parcels');
    expect(drillBefore.parcels.find((p: any) => p.id === id)).toMatchObject({ fraction: 1, straddling: false, role });

    // A stale ETag writes nothing: shares and tally unchanged.
    const westHalf = rectangle(minX! - eps, minY! - eps, (minX! + maxX!) / 2, maxY! + eps);
    res = await api.send('PUT', `${ITEMS}/T1`, auth.admin, zoneFeature('T1', westHalf), { 'If-Match': '"zones-T1-v0"' });
    expect(res.status).toBe(412);
    expect((await api.send('PUT', `${ITEMS}/T1`, auth.admin, zoneFeature('T1', westHalf))).status).toBe(428);
    expect(await shareOf(id, 'T1')).toBeCloseTo(1, 9);
    expect(await api.tallyOf('zone-test', 'T1.land')).toMatchObject({ secured: tallyBefore.secured, pipeline: tallyBefore.pipeline });

    res = await api.send('PUT', `${ITEMS}/T1`, auth.admin, zoneFeature('T1', westHalf), { 'If-Match': '"zones-T1-v1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"zones-T1-v2"');
    const cut = intersect(featureCollection([feature(parcel.geometry), feature(westHalf)]))!;
    const expectedFraction = areaSquareMeters(cut.geometry as Polygon) / areaSquareMeters(parcel.geometry);
    expect(expectedFraction).toBeGreaterThan(0.2);
    expect(expectedFraction).toBeLessThan(0.8);
    const fraction = await shareOf(id, 'T1');
    expect(fraction).toBeCloseTo(expectedFraction, 5);

    const drill = await api.json('/api/plans/zone-test/targets/T1.land/parcels');
    const row = drill.parcels.find((p: any) => p.id === id);
    expect(row).toMatchObject({ straddling: true, role });
    expect(row.fraction).toBeCloseTo(fraction, 12);
    const tallyAfter = await api.tallyOf('zone-test', 'T1.land');
    expect(tallyAfter[role]).toBeLessThan(tallyBefore[role]);
    expect(drill.totals.secured).toBeCloseTo(tallyAfter.secured, 9);
    expect(drill.totals.pipeline).toBeCloseTo(tallyAfter.pipeline, 9);
    // The tally moved by exactly what the parcels' shares lost (neighbours poking into the bbox included).
    const after = new Map(drill.parcels.map((p: any) => [p.id, p.value]));
    const lost = drillBefore.parcels.filter((p: any) => p.role === role).reduce((s: number, p: any) => s + p.value - ((after.get(p.id) as number) ?? 0), 0);
    expect(tallyBefore[role] - tallyAfter[role]).toBeCloseTo(lost, 6);
    expect(lost).toBeGreaterThanOrEqual(drillBefore.parcels.find((p: any) => p.id === id).value - row.value - 1e-9);

    // The zone's change and the parcel's recomputed shares are in the history, with the parcel's version bumped.
    const changes = (await api.json('/api/changes?limit=5000')).changes;
    const zoneChanges = changes.filter((c: any) => c.collection === 'zones' && c.featureId === 'T1');
    expect(zoneChanges.map((c: any) => c.action)).toEqual(['create', 'update']);
    expect(zoneChanges[1].before.geometry).toEqual(around);
    const parcelUpdates = changes.filter((c: any) => c.collection === 'parcels' && c.featureId === String(id) && c.action === 'update');
    expect(parcelUpdates).toHaveLength(2);
    expect(parcelUpdates[1].after.properties.zones.find((z: any) => z.code === 'T1').fraction).toBeCloseTo(fraction, 12);
    expect((await api.get(`/ogc/collections/parcels/items/${id}`)).headers.get('ETag')).toBe(`"parcels-${id}-v3"`);
  });

  it('PATCH renames without recomputing; the code cannot change', async () => {
    const etag = (await api.get(`${ITEMS}/A1`)).headers.get('ETag')!;
    let res = await api.send('PATCH', `${ITEMS}/A1`, auth.admin, { properties: { nameZh: '内陆无水港（更名）' } }, { 'If-Match': etag });
    expect(res.status).toBe(200);
    expect(res.headers.get('Ledger-Recomputed-Parcels')).toBe('0');
    expect((await res.json()).properties).toMatchObject({ code: 'A1', nameZh: '内陆无水港（更名）', nameEn: 'Inland dry port' });
    res = await api.send('PATCH', `${ITEMS}/A1`, auth.admin, { properties: { code: 'A9' } }, { 'If-Match': res.headers.get('ETag')! });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('CONFLICTING_ID');
  });

  it('refuses an invalid boundary with its reason and changes nothing', async () => {
    const etag = (await api.get(`${ITEMS}/A2`)).headers.get('ETag')!;
    const bowtie = { type: 'Polygon', coordinates: [[[106.9, 29.0], [106.91, 29.01], [106.91, 29.0], [106.9, 29.01], [106.9, 29.0]]] };
    const res = await api.send('PATCH', `${ITEMS}/A2`, auth.admin, { geometry: bowtie }, { 'If-Match': etag });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('SELF_INTERSECTION');
    expect((await api.get(`${ITEMS}/A2`)).headers.get('ETag')).toBe(etag);
  });
});

describe('deleting a zone', () => {
  it('409 naming the targets that use it; once they are retired, 204 and the shares are gone', async () => {
    let res = await api.send('DELETE', `${ITEMS}/A4`, auth.admin, undefined, { 'If-Match': '"zones-A4-v1"' });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.code).toBe('ZONE_IN_USE');
    expect(body.detail).toContain('wansheng-2023-2025/A0');
    expect(body.detail).toContain('wansheng-2023-2025/A4');

    const spot = rectangle(106.95, 28.90, 106.951, 28.901);
    expect((await api.send('POST', ITEMS, auth.admin, zoneFeature('D1', spot))).status).toBe(201);
    const plan = { id: 'uses-d1', nameZh: '引用', nameEn: 'Uses D1', periodStart: 2024, periodEnd: 2025, targets: [targetDef('D1.land', { zoneCodes: ['D1'] })] };
    expect((await api.send('POST', '/api/plans', auth.admin, plan)).status).toBe(201);
    res = await api.send('DELETE', `${ITEMS}/D1`, auth.admin, undefined, { 'If-Match': '"zones-D1-v1"' });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain('uses-d1/D1.land');
    expect((await api.send('DELETE', '/api/plans/uses-d1/targets/D1.land', auth.admin, undefined, { 'If-Match': '"targets-uses-d1-D1.land-v1"' })).status).toBe(204);
    res = await api.send('DELETE', `${ITEMS}/D1`, auth.admin, undefined, { 'If-Match': '"zones-D1-v1"' });
    expect(res.status).toBe(204);
    expect((await api.get(`${ITEMS}/D1`)).status).toBe(404);
  });
});

describe('POST /api/zones/from-parcels', () => {
  it('creates the union of the parcels as a zone; they then lie wholly in it', async () => {
    const a = parcelByName('关坝-04');
    const b = parcelByName('关坝-05');
    const res = await api.send('POST', '/api/zones/from-parcels', auth.admin, { code: 'U1', nameZh: '选区', nameEn: 'Selection', kind: 'other', parcelIds: [a.id, b.id] });
    expect(res.status).toBe(201);
    const zone = await res.json();
    expect(zone.id).toBe('U1');
    const sum = areaSquareMeters(a.geometry) + areaSquareMeters(b.geometry);
    expect(Math.abs(zone.properties.areaSquareMeters - sum) / sum).toBeLessThan(1e-6);
    expect(await shareOf(a.id, 'U1')).toBeCloseTo(1, 6);
    expect(await shareOf(b.id, 'U1')).toBeCloseTo(1, 6);

    const missing = await api.send('POST', '/api/zones/from-parcels', auth.admin, { code: 'U2', nameZh: '选区', nameEn: 'S', kind: 'other', parcelIds: [a.id, 999999] });
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail).toContain('999999');
    const dup = await api.send('POST', '/api/zones/from-parcels', auth.admin, { code: 'U1', nameZh: '选区', nameEn: 'S', kind: 'other', parcelIds: [a.id] });
    expect(dup.status).toBe(409);
  });
});

describe('stations follow the zones too', () => {
  it("a zone drawn around a station adds its code to the station's zoneCodes; deleting it removes it", async () => {
    const station = (await api.json('/ogc/collections/energy_stations/items?kind=storage')).features[0];
    const [lon, lat] = station.geometry.coordinates;
    const res = await api.send('POST', ITEMS, auth.admin, zoneFeature('S1', rectangle(lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)));
    expect(res.status).toBe(201);
    const read = async () => (await api.json(`/ogc/collections/energy_stations/items/${station.id}`)).properties.zoneCodes;
    expect(await read()).toContain('S1');
    expect((await api.send('DELETE', `${ITEMS}/S1`, auth.admin, undefined, { 'If-Match': '"zones-S1-v1"' })).status).toBe(204);
    expect(await read()).not.toContain('S1');
  });
});
