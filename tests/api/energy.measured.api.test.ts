/**
 * Measured beats estimated, over HTTP on a fresh database: once an enterprise
 * reports its annual energy use, its secured parcels (linked to it by id,
 * PUT /api/enterprises/{id}/parcels) carry demand derived from the latest
 * year's tce/a by the stated load factor, marked `measured`; coverage totals
 * move by exactly that change; a figure entered on a parcel still wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tceToAverageKilowatts } from '../../domain/siting/measuredDemand';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const BASE = 'http://ledger.test';
const SECURED = ['supplied', 'under_construction', 'in_production'];
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let name: string;
let linked: any[];

const get = async (path: string) => (await app.request(`${BASE}${path}`)).json();
const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers }, body: JSON.stringify(body) });
const sum = (rows: any[]) => rows.reduce((s, r) => s + r.totalKilowatts, 0);

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  const parcels = (await get('/ogc/collections/parcels/items?limit=10000')).features;
  const uncovered = new Set((await get('/api/energy/coverage?includePipeline=true')).uncoveredParcelIds);
  // A covered secured parcel with a seeded enterprise name, and a second secured parcel given the same name, so the share by area is exercised.
  const first = parcels.find((f: any) => f.properties.enterprise && SECURED.includes(f.properties.status) && !uncovered.has(f.id));
  const second = parcels.find((f: any) => f.id !== first.id && SECURED.includes(f.properties.status) && f.properties.enterprise !== first.properties.enterprise);
  name = first.properties.enterprise;
  const res = await app.request(`${BASE}/ogc/collections/parcels/items/${second.id}`);
  const renamed = await send('PATCH', `/ogc/collections/parcels/items/${second.id}`, { properties: { enterprise: name } }, {
    'If-Match': res.headers.get('ETag')!,
    'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY',
  });
  expect(renamed.status).toBe(200);
  linked = (await get('/ogc/collections/parcels/items?limit=10000')).features.filter((f: any) => f.properties.enterprise === name && SECURED.includes(f.properties.status));
  expect(linked.length).toBeGreaterThan(1);
});
afterAll(async () => t.dispose());

describe('demand derived from an enterprise’s reported energy use', () => {
  it('before any report every parcel is estimated', async () => {
    const demand = await get('/api/energy/demand?includePipeline=true');
    expect(demand.byOrigin.measured).toEqual({ parcels: 0, kilowatts: 0 });
    expect(demand.parcels.every((p: any) => p.origin === 'estimated')).toBe(true);
  });

  it('the latest year with energyTce gives the linked parcels measured demand, and coverage totals move by exactly the change', async () => {
    const before = await get('/api/energy/demand?includePipeline=true');
    const coverageBefore = await get('/api/energy/coverage?includePipeline=true');
    const createdRes = await send('POST', '/api/enterprises', { name, scale: 'above_scale' });
    const created = await createdRes.json();
    // The land is the parcels linked by id; the label alone (set above) does not count.
    const link = await send('PUT', `/api/enterprises/${created.id}/parcels`, { parcelIds: linked.map((f) => f.id) }, { 'If-Match': createdRes.headers.get('ETag')! });
    expect(link.status, await link.clone().text()).toBe(200);
    expect((await send('PUT', `/api/enterprises/${created.id}/statistics/2023`, { energyTce: 9000 })).status).toBe(201);
    expect((await send('PUT', `/api/enterprises/${created.id}/statistics/2024`, { energyTce: 3000 })).status).toBe(201);
    // A later year without an energy figure does not hide 2024's.
    expect((await send('PUT', `/api/enterprises/${created.id}/statistics/2025`, { taxYi: 0.2 })).status).toBe(201);

    const after = await get('/api/energy/demand?includePipeline=true');
    const ids = new Set(linked.map((f) => f.id));
    const measured = after.parcels.filter((p: any) => p.origin === 'measured');
    expect(new Set(measured.map((p: any) => p.id))).toEqual(ids);
    expect(after.measuredBasis).toMatchObject({ loadFactor: 0.6 });
    expect(after.measuredBasis.kilowattHoursPerTce).toBeCloseTo(1000 / 0.1229, 6);
    expect(after.measuredBasis.conversionSource.zh).toContain('GB/T 2589');
    // The enterprise's whole 3000 tce/a, at load factor 0.6, spread over its land.
    expect(sum(measured)).toBeCloseTo(tceToAverageKilowatts(3000) / 0.6, 6);
    const landSquareMeters = linked.reduce((s, f) => s + f.properties.areaSquareMeters, 0);
    for (const p of measured) {
      expect(p.measured).toMatchObject({ enterpriseId: created.id, enterpriseName: name, year: 2024, enterpriseTce: 3000, loadFactor: 0.6 });
      expect(p.measured.areaShare).toBeCloseTo(p.areaSquareMeters / landSquareMeters, 9);
      expect(p.heatCoolingKilowatts + p.powerKilowatts).toBeCloseTo(p.totalKilowatts, 9);
    }
    expect(after.byOrigin.measured.parcels).toBe(ids.size);
    expect(after.byOrigin.measured.kilowatts).toBeCloseTo(sum(measured), 6);

    const oldTotal = sum(before.parcels.filter((p: any) => ids.has(p.id)));
    expect(after.totalKilowatts).toBeCloseTo(before.totalKilowatts - oldTotal + sum(measured), 6);
    expect(sum(measured)).not.toBeCloseTo(oldTotal, 0);

    const coverage = await get('/api/energy/coverage?includePipeline=true');
    expect(coverage.totalDemandKilowatts).toBeCloseTo(after.totalKilowatts, 6);
    const uncovered = new Set(coverage.uncoveredParcelIds);
    expect(measured.some((p: any) => !uncovered.has(p.id))).toBe(true);
    const coveredDelta = measured.filter((p: any) => !uncovered.has(p.id)).reduce((s: number, p: any) => s + p.totalKilowatts - before.parcels.find((b: any) => b.id === p.id).totalKilowatts, 0);
    expect(coverage.coveredKilowatts).toBeCloseTo(coverageBefore.coveredKilowatts + coveredDelta, 6);
    expect(coverage.byOrigin.measured.kilowatts).toBeCloseTo(sum(measured), 6);
    // Each station's assigned demand splits by origin, and the parts add up.
    for (const s of coverage.stations) {
      const parts = s.byOrigin.entered.kilowatts + s.byOrigin.measured.kilowatts + s.byOrigin.estimated.kilowatts;
      expect(parts).toBeCloseTo(s.assignedDemandKilowatts, 6);
    }
    // Measured figures do not scale with the intensity scenarios.
    const low = coverage.scenarios.low;
    const estimated = after.parcels.filter((p: any) => p.origin === 'estimated');
    expect(low.sumOfPeaksKilowatts.total).toBeCloseTo(sum(measured) + low.intensityFactor * sum(estimated), 6);
  });

  it('the load factor is an admin assumption: a lower one raises the measured peak in proportion', async () => {
    const res = await app.request(`${BASE}/api/energy/assumptions`);
    const body = await res.json();
    expect(body.assumptions.measuredLoadFactor).toBe(0.6);
    expect(body.measuredBasis.loadFactorSource.zh).toContain('负荷率');
    const saved = await send('PUT', '/api/energy/assumptions', { assumptions: { ...body.assumptions, measuredLoadFactor: 0.5 } }, { 'If-Match': res.headers.get('ETag')!, Authorization: auth.admin });
    expect(saved.status).toBe(200);
    const demand = await get('/api/energy/demand?includePipeline=true');
    expect(sum(demand.parcels.filter((p: any) => p.origin === 'measured'))).toBeCloseTo(tceToAverageKilowatts(3000) / 0.5, 6);
    const refused = await send('PUT', '/api/energy/assumptions', { assumptions: { ...body.assumptions, measuredLoadFactor: 1.5 } }, { 'If-Match': saved.headers.get('ETag')!, Authorization: auth.admin });
    expect(refused.status).toBe(400);
  });

  it('a figure entered on a linked parcel still wins; the others keep their measured share', async () => {
    const before = await get('/api/energy/demand?includePipeline=true');
    const target = linked[0];
    const res = await app.request(`${BASE}/ogc/collections/parcels/items/${target.id}`);
    const patched = await send('PATCH', `/ogc/collections/parcels/items/${target.id}`, { properties: { heatCoolingDemandKilowatts: 700, powerDemandKilowatts: 300 } }, {
      'If-Match': res.headers.get('ETag')!,
      'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY',
    });
    expect(patched.status).toBe(200);
    const after = await get('/api/energy/demand?includePipeline=true');
    expect(after.parcels.find((p: any) => p.id === target.id)).toMatchObject({ origin: 'entered', heatCoolingKilowatts: 700, powerKilowatts: 300, totalKilowatts: 1000 });
    for (const f of linked.slice(1)) {
      const was = before.parcels.find((p: any) => p.id === f.id);
      expect(after.parcels.find((p: any) => p.id === f.id)).toMatchObject({ origin: 'measured', totalKilowatts: was.totalKilowatts });
    }
    expect(after.byOrigin.entered.parcels).toBe(1);
    expect(after.byOrigin.measured.parcels).toBe(linked.length - 1);
  });
});
