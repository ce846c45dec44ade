/**
 * Numbers stay numbers: a figure past its sane limit is refused with a reason
 * in Chinese and English (investmentYi 1e308 → 422), a query offset past any
 * collection is a 400 with a reason rather than a 500, nothing is written on
 * refusal, and a plan whose parcels sit at the limits tallies and reports
 * plain numbers — no null, NaN or Infinity anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { FIGURE_LIMITS } from '../../domain/figureLimits';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers } from '../support/places';
import { BASE, PLAN, planApi, targetDef } from '../api/planApi';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
const spots: Polygon[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  api = planApi(app);
  auth = await addUsers(t.db);
  const layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
  for (let i = 0; i < 3; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => t.dispose());

const parcelBody = (geometry: Polygon, properties: Record<string, unknown>) =>
  JSON.stringify({ type: 'Feature', geometry, properties: { name: '极值地块', landUseCode: '100102', status: 'supplied', supplyYear: 2024, ...properties } });
const postParcel = (body: string) =>
  app.request(`${BASE}/ogc/collections/parcels/items`, { method: 'POST', headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor }, body });
const count = async () => (await (await app.request(`${BASE}/ogc/collections/parcels/items?limit=1`)).json()).numberMatched;

describe('figures past their limits are refused, with a reason, and nothing is written', () => {
  it('parcel investmentYi 1e308, outputYi 1e20, floor area 1e12, demand 1e300 → 422 INVALID_PROPERTIES (zh/en)', async () => {
    const before = await count();
    for (const props of [{ investmentYi: 1e308 }, { outputYi: 1e20 }, { factoryFloorSquareMeters: 1e12 }, { powerDemandKilowatts: 1e300 }, { investmentYi: -1 }]) {
      const res = await postParcel(parcelBody(spots[0]!, props));
      expect(res.status, JSON.stringify(props)).toBe(422);
      const body = await res.json();
      expect(body.code).toBe('INVALID_PROPERTIES');
      expect(body.messageZh).toBeTruthy();
      expect(body.messageEn).toBeTruthy();
    }
    const res = await postParcel(parcelBody(spots[0]!, { investmentYi: 1e308 }));
    expect((await res.json()).detail).toMatch(/不能超过 100,000 .*at most 100,000/);
    expect(await count()).toBe(before);
  });

  it('energy station capacity 1e308 and line voltage 1e6 → 422', async () => {
    const station = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.95, 28.97] }, properties: { name: '极值站', kind: 'storage', status: 'planned', capacityMW: 1e308, serviceRadiusMeters: 1500 } };
    const send = (path: string, body: unknown) =>
      app.request(`${BASE}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth.editor }, body: JSON.stringify(body) });
    expect((await send('/ogc/collections/energy_stations/items', station)).status).toBe(422);
    const line = { type: 'Feature', geometry: { type: 'LineString', coordinates: [[106.95, 28.97], [106.96, 28.98]] }, properties: { name: '极值线', kind: 'power_line', status: 'planned', voltageKV: 1e6 } };
    expect((await send('/ogc/collections/energy_lines/items', line)).status).toBe(422);
  });

  it('a target floor or stretch of 1e308 is refused (4xx with a reason)', async () => {
    for (const fields of [{ floor: 1e308 }, { floor: 1, stretch: 1e308 }]) {
      const res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('HUGE', fields));
      expect([400, 422]).toContain(res.status);
      expect((await res.json()).messageEn).toBeTruthy();
    }
    expect((await api.get(`/api/plans/${PLAN}/targets/HUGE`)).status).toBe(404);
  });

  it('query parameters: offset=1e20 → 400 with a reason (was 500); limit=1e20 and year=1e20 too', async () => {
    const res = await app.request(`${BASE}/ogc/collections/parcels/items?offset=1e20`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.detail).toMatch(/offset/);
    expect((await app.request(`${BASE}/ogc/collections/parcels/items?offset=1000000000`)).status).toBe(200);
    expect((await app.request(`${BASE}/ogc/collections/parcels/items?limit=1e20`)).status).toBe(400);
    expect((await app.request(`${BASE}/ogc/collections/parcels/items?supplyYear=1e20`)).status).toBe(400);
    expect((await app.request(`${BASE}/api/plans/${PLAN}/tally?year=1e20`)).status).toBe(400);
    expect((await app.request(`${BASE}/api/changes?since=1e20`)).status).toBe(400);
  });
});

describe('figures at their limits tally and report as plain numbers', () => {
  it('two parcels at every maximum: tally, report CSV and report HTML show no null, NaN or Infinity', async () => {
    const max = { investmentYi: FIGURE_LIMITS.investmentYi, outputYi: FIGURE_LIMITS.outputYi, factoryFloorSquareMeters: FIGURE_LIMITS.factoryFloorSquareMeters, powerDemandKilowatts: FIGURE_LIMITS.demandKilowatts };
    for (const spot of spots.slice(1, 3)) expect((await postParcel(parcelBody(spot, max))).status).toBe(201);
    for (const metric of ['investment_yi', 'output_yi', 'floor_area_m2']) {
      const created = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef(`MAX-${metric}`, { metric, zoneCodes: ['A2'], floor: FIGURE_LIMITS.targetFigure, stretch: FIGURE_LIMITS.targetFigure }));
      expect(created.status).toBe(201);
    }
    const tally = await api.tally();
    for (const target of tally.targets) {
      for (const key of ['floor', 'secured', 'pipeline', 'remaining']) expect(Number.isFinite(target[key]), `${target.code}.${key}=${target[key]}`).toBe(true);
    }
    const investment = tally.targets.find((x: any) => x.code === 'MAX-investment_yi');
    expect(investment.secured).toBeGreaterThanOrEqual(2 * FIGURE_LIMITS.investmentYi * 0.99);
    const csv = await (await api.get(`/api/plans/${PLAN}/report.csv`)).text();
    expect(csv).not.toMatch(/Infinity|NaN|null/);
    const html = await (await api.get(`/api/plans/${PLAN}/report`)).text();
    expect(html).not.toMatch(/Infinity|NaN/);
  });
});
