/**
 * Warnings QGIS cannot confirm. The editor asks the planner to confirm a
 * warning (outside the zones or the urban development boundary, a sliver, a
 * parcel split into parts); QGIS can neither ask nor send `?confirm=`, so its
 * writes are taken with exactly the warnings found, named back in
 * X-Accepted-Warnings, recorded and undoable, and listed in ledger health.
 * Errors still refuse, and every other client still has to confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { constraintOfKind, emptySpotInZone, loadSeedLayers, spotInside, squareAt, type SeedLayers } from '../support/places';

const BASE = 'http://ledger.test';
const ITEMS = '/ogc/collections/parcels/items';
const QGIS_UA = 'Mozilla/5.0 QGIS/33400/Debian GNU/Linux 12 (bookworm)';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (path) => app.request(`${BASE}${path}`));
});
afterAll(async () => t.dispose());

/** A write as QGIS sends it: its User-Agent, no If-Match, no confirmation. */
const qgis = (method: string, path: string, body?: unknown, userAgent = QGIS_UA) =>
  app.request(`${BASE}${path}`, {
    method,
    headers: { 'User-Agent': userAgent, Authorization: auth.editor, 'Content-Type': 'application/geo+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const feature = (geometry: Polygon, name: string) => ({
  type: 'Feature',
  geometry,
  properties: { name, landUseCode: '100102', status: 'planned', supplyYear: 2026, version: null, areaSquareMeters: null, zones: null },
});
const healthOf = async (id: number) => {
  const health = await (await app.request(`${BASE}/api/health/ledger`)).json();
  return health.items.find((i: { parcelId: number }) => i.parcelId === id) as { warnings: { code: string }[] } | undefined;
};
const warningCodes = (header: string | null) => (header ?? '').split(',').filter(Boolean).sort();

describe('QGIS writes with warnings', () => {
  it('a create outside every zone and the urban boundary is written, names the warnings, shows in ledger health and undoes', async () => {
    const res = await qgis('POST', ITEMS, feature(squareAt(107.31, 29.31), 'QGIS-边界外'));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(warningCodes(res.headers.get('X-Accepted-Warnings'))).toEqual(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']);
    const created = await res.json();
    const history = await t.db.selectFrom('changes').select(['action', 'username']).where('collection', '=', 'parcels').where('featureId', '=', String(created.id)).execute();
    expect(history).toEqual([{ action: 'create', username: 'editor' }]);
    expect((await healthOf(created.id))!.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']));
    const undo = await app.request(`${BASE}/api/edits/${res.headers.get('X-Edit-Id')}/undo`, { method: 'POST', headers: { Authorization: auth.editor } });
    expect(undo.status, await undo.clone().text()).toBe(200);
    expect((await app.request(`${BASE}${ITEMS}/${created.id}`)).status).toBe(404);
  });

  it('a PUT moving a parcel out of the zones is written with the version QGIS read, and names the warnings', async () => {
    const spot = emptySpotInZone(layers, 'A2');
    const created = await qgis('POST', ITEMS, feature(spot, 'QGIS-移出'));
    expect(created.status).toBe(201);
    expect(created.headers.get('X-Accepted-Warnings')).toBeNull();
    const { id } = await created.json();
    const moved = await qgis('PUT', `${ITEMS}/${id}`, { ...feature(squareAt(107.32, 29.32), 'QGIS-移出'), id: String(id), properties: { ...feature(spot, 'QGIS-移出').properties, version: 1 } });
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(warningCodes(moved.headers.get('X-Accepted-Warnings'))).toEqual(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']);
    expect((await moved.json()).properties.version).toBe(2);
  });

  it('errors still refuse: a shape on the ecological red line is not written, warnings or not', async () => {
    const before = await t.db.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await qgis('POST', ITEMS, feature(spotInside(constraintOfKind(layers, 'ecological_red_line')), 'QGIS-红线'));
    expect(res.status).toBe(422);
    expect(res.headers.get('X-Accepted-Warnings')).toBeNull();
    expect((await res.json()).errors.map((e: { code: string }) => e.code)).toContain('INTERSECTS_RED_LINE');
    const after = await t.db.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('any other client still has to confirm: 422 WARNINGS_UNCONFIRMED, then 201 with ?confirm=', async () => {
    const far = feature(squareAt(107.33, 29.33), '脚本-边界外');
    const refused = await qgis('POST', ITEMS, far, 'curl/8.0');
    expect(refused.status).toBe(422);
    expect((await refused.json()).code).toBe('WARNINGS_UNCONFIRMED');
    const confirmed = await qgis('POST', `${ITEMS}?confirm=OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY`, far, 'curl/8.0');
    expect(confirmed.status).toBe(201);
    expect(confirmed.headers.get('X-Accepted-Warnings')).toBeNull();
  });
});
