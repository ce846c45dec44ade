/**
 * The energy API: demand (entered wins over estimated), coverage of the
 * stored stations, siting that respects its constraints and proves
 * optimality, and station writes with ETags and history.
 */
import { booleanPointInPolygon, point, pointToLineDistance, lineString } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geodesicDistanceMeters } from '../../domain/siting/geodesic';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

const get = async (path: string) => (await app.request(`${BASE}${path}`)).json();
const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: auth.editor, ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

describe('GET /api/energy/demand', () => {
  it('lists each parcel’s demand in kW with its origin; pipeline is switchable', async () => {
    const all = await get('/api/energy/demand?includePipeline=true');
    const secured = await get('/api/energy/demand?includePipeline=false');
    expect(all.parcels.length).toBeGreaterThan(secured.parcels.length);
    expect(secured.parcels.every((p: any) => ['supplied', 'under_construction', 'in_production'].includes(p.status))).toBe(true);
    for (const p of all.parcels) {
      expect(p.origin).toBe('estimated');
      expect(p.totalKilowatts).toBeCloseTo(p.heatCoolingKilowatts + p.powerKilowatts, 9);
    }
    expect(all.totalKilowatts).toBeCloseTo(all.parcels.reduce((s: number, p: any) => s + p.totalKilowatts, 0), 6);
  });

  it('a figure entered on the parcel wins over the estimate', async () => {
    const res = await app.request(`${BASE}/ogc/collections/parcels/items/1`);
    const etag = res.headers.get('ETag')!;
    const patched = await send('PATCH', '/ogc/collections/parcels/items/1', { properties: { heatCoolingDemandKilowatts: 1200, powerDemandKilowatts: 800 } }, { 'If-Match': etag, 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY' });
    expect(patched.status).toBe(200);
    const demand = await get('/api/energy/demand?includePipeline=true');
    const p1 = demand.parcels.find((p: any) => p.id === 1);
    expect(p1).toMatchObject({ origin: 'entered', heatCoolingKilowatts: 1200, powerKilowatts: 800, totalKilowatts: 2000 });
  });
});

describe('GET /api/energy/coverage', () => {
  it('covered + uncovered = total; each parcel counted once; a parcel is covered iff within a station’s radius', async () => {
    const cov = await get('/api/energy/coverage?includePipeline=true');
    const demand = await get('/api/energy/demand?includePipeline=true');
    expect(cov.coveredKilowatts + cov.uncoveredKilowatts).toBeCloseTo(cov.totalDemandKilowatts, 6);
    expect(cov.totalDemandKilowatts).toBeCloseTo(demand.totalKilowatts, 6);
    expect(cov.stations).toHaveLength(3);
    expect(cov.ruleZh).toContain('形心');
    const parcels = (await get('/ogc/collections/parcels/items?limit=10000')).features;
    const { centroid } = await import('@turf/turf');
    const uncovered = new Set(cov.uncoveredParcelIds);
    for (const d of demand.parcels) {
      const f = parcels.find((x: any) => x.id === d.id);
      const c = centroid(f.geometry).geometry.coordinates;
      const reached = cov.stations.some((s: any) => geodesicDistanceMeters(s.position, c) <= s.radiusMeters);
      expect(uncovered.has(d.id), `parcel ${d.id}`).toBe(!reached);
    }
    // Loads: every covered parcel is assigned to exactly one station.
    const assigned = cov.stations.flatMap((s: any) => s.assignedParcelIds);
    expect(new Set(assigned).size).toBe(assigned.length);
    expect(cov.stations.reduce((s: number, x: any) => s + x.assignedDemandKilowatts, 0)).toBeCloseTo(cov.coveredKilowatts, 6);
  });
});

describe('POST /api/energy/siting', () => {
  it('returns k proven-optimal sites off parcels, red line and farmland, at least as good as greedy and the planned stations', async () => {
    const res = await send('POST', '/api/energy/siting', { k: 3, radiusMeters: 2500, objective: 'max_covering', gridSpacingMeters: 300 });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.sites).toHaveLength(3);
    expect(result.solver).toMatchObject({ optimal: true, gap: 0 });
    expect(result.solver.objective).toBeGreaterThanOrEqual(result.solver.greedyObjective - 1e-6);
    expect(result.coveredKilowatts).toBeCloseTo(result.solver.objective, 6);
    // Stored stations moved to the same radius can do no better than the optimum over the grid? Not
    // necessarily (they are not grid points) — but both figures are reported side by side.
    expect(result.comparison.plannedCoveredKilowatts).toBeGreaterThan(0);
    const [parcels, constraints] = await Promise.all([get('/ogc/collections/parcels/items?limit=10000'), get('/ogc/collections/constraints/items?limit=10000')]);
    const forbidden = [
      ...parcels.features,
      ...constraints.features.filter((f: any) => f.properties.kind !== 'urban_development_boundary'),
    ];
    for (const site of result.sites) {
      for (const f of forbidden) expect(booleanPointInPolygon(site.position, f.geometry)).toBe(false);
    }
  });

  it('p-median: minimises demand-weighted distance and reports its solve statistics', async () => {
    const res = await send('POST', '/api/energy/siting', { k: 2, objective: 'p_median', gridSpacingMeters: 400 });
    const result = await res.json();
    expect(result.solver.objectiveUnit).toBe('kW·m');
    expect(result.solver.objective).toBeLessThanOrEqual(result.solver.greedyObjective + 1e-6);
    expect(result.solver.solveMilliseconds).toBeGreaterThanOrEqual(0);
    expect(result.solver.optimal).toBe(true);
  });

  it('keeps sites within the required distance of a gas line', async () => {
    const lines = (await get('/ogc/collections/energy_lines/items?limit=1000')).features.filter((f: any) => f.properties.kind.startsWith('gas'));
    const res = await send('POST', '/api/energy/siting', { k: 2, gridSpacingMeters: 300, constraints: { maxDistanceToGasMeters: 500 } });
    expect(res.status).toBe(200);
    const result = await res.json();
    for (const site of result.sites) {
      const nearest = Math.min(...lines.map((l: any) => pointToLineDistance(point(site.position), lineString(l.geometry.coordinates), { units: 'meters' })));
      expect(nearest).toBeLessThanOrEqual(500);
    }
  });

  it('uses the planner’s own candidates when given, and refuses an impossible request', async () => {
    const candidates = [[106.95, 28.97], [106.86, 28.975], [106.9, 29.0], [106.93, 28.93]];
    const res = await send('POST', '/api/energy/siting', { k: 2, candidates, constraints: { avoidParcels: false, avoidRedLine: false, avoidFarmland: false } });
    const result = await res.json();
    for (const site of result.sites) expect(candidates).toContainEqual(site.position);
    const bad = await send('POST', '/api/energy/siting', { k: 5, candidates: candidates.slice(0, 2) });
    expect(bad.status).toBe(422);
    expect((await send('POST', '/api/energy/siting', { k: 0 })).status).toBe(400);
  });
});

describe('energy layer writes', () => {
  it('creates, updates (If-Match) and deletes a station, with history and zone membership', async () => {
    const station = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.95, 28.97] }, properties: { name: '新增储能站', kind: 'storage', status: 'planned', capacityMW: 10, serviceRadiusMeters: 1500 } };
    expect((await app.request(`${BASE}/ogc/collections/energy_stations/items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(station) })).status).toBe(401);
    expect((await send('POST', '/ogc/collections/energy_stations/items', station, { Authorization: auth.viewer })).status).toBe(403);
    const created = await send('POST', '/ogc/collections/energy_stations/items', station);
    expect(created.status).toBe(201);
    const body = await created.json();
    const etag = created.headers.get('ETag')!;
    expect(etag).toBe(`"energy_stations-${body.id}-v1"`);
    expect((await send('PATCH', `/ogc/collections/energy_stations/items/${body.id}`, { properties: { status: 'operating' } })).status).toBe(428);
    const patched = await send('PATCH', `/ogc/collections/energy_stations/items/${body.id}`, { properties: { status: 'operating' } }, { 'If-Match': etag });
    expect(patched.status).toBe(200);
    expect((await patched.json()).properties.status).toBe('operating');
    expect((await send('PATCH', `/ogc/collections/energy_stations/items/${body.id}`, { properties: { status: 'planned' } }, { 'If-Match': etag })).status).toBe(412);
    const del = await app.request(`${BASE}/ogc/collections/energy_stations/items/${body.id}`, { method: 'DELETE', headers: { Authorization: auth.editor, 'If-Match': patched.headers.get('ETag')! } });
    expect(del.status).toBe(204);
    const changes = (await get('/api/changes?since=0&limit=5000')).changes.filter((c: any) => c.collection === 'energy_stations' && c.featureId === String(body.id));
    expect(changes.map((c: any) => c.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses a station that is not a point in China', async () => {
    const res = await send('POST', '/ogc/collections/energy_stations/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [28.97, 106.95] }, properties: { name: 'x', kind: 'cchp', status: 'planned' } });
    expect(res.status).toBe(422);
  });

  it('an admin edits the intensity table with If-Match; the demand follows', async () => {
    const current = await app.request(`${BASE}/api/energy/intensities`);
    const etag = current.headers.get('ETag')!;
    const { intensities } = await current.json();
    const doubled = intensities.map((r: any) => ({ ...r, heatCoolingKilowattsPerMu: r.heatCoolingKilowattsPerMu * 2, powerKilowattsPerMu: r.powerKilowattsPerMu * 2, source: 'test' }));
    expect((await send('PUT', '/api/energy/intensities', { intensities: doubled }, { 'If-Match': etag })).status).toBe(403);
    const before = await get('/api/energy/demand?includePipeline=true');
    const ok = await send('PUT', '/api/energy/intensities', { intensities: doubled }, { 'If-Match': etag, Authorization: auth.admin });
    expect(ok.status).toBe(200);
    const after = await get('/api/energy/demand?includePipeline=true');
    const estimated = (d: any) => d.parcels.filter((p: any) => p.origin === 'estimated').reduce((s: number, p: any) => s + p.totalKilowatts, 0);
    expect(estimated(after)).toBeCloseTo(2 * estimated(before), 6);
    expect((await send('PUT', '/api/energy/intensities', { intensities: doubled }, { 'If-Match': etag, Authorization: auth.admin })).status).toBe(412);
  });
});
