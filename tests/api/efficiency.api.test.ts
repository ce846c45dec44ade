/**
 * GET /api/efficiency?year= over a fresh register: every indicator, point,
 * score, rank and class recomputed here from the raw statistics, the served
 * parcel areas and the served method (written out again, not imported from
 * domain/), with a below-scale firm, a firm in its construction period, one
 * renting floor only, one without figures and one exempted by the admin.
 * The method is an admin setting under If-Match, in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcels: any[];
const firms: { id: number; name: string; scale: string; parcelIds: number[]; rented: number | null; stats: Record<string, number | null> | null }[] = [];

const YEAR = 2024;
const MU_PER_SQUARE_METER = 15 / 10000;

async function register(name: string, scale: string, parcelIds: number[], rented: number | null, stats: Record<string, number | null> | null) {
  const res = await api.send('POST', '/api/enterprises', auth.editor, { name, scale, rentedFloorSquareMeters: rented });
  expect(res.status).toBe(201);
  const id = (await res.json()).id;
  if (parcelIds.length > 0) expect((await api.send('PUT', `/api/enterprises/${id}/parcels`, auth.editor, { parcelIds }, { 'If-Match': res.headers.get('ETag')! })).status).toBe(200);
  if (stats) expect((await api.send('PUT', `/api/enterprises/${id}/statistics/${YEAR}`, auth.editor, stats)).status).toBe(201);
  firms.push({ id, name, scale, parcelIds, rented, stats });
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcels = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
  const producing = parcels.filter((f) => f.properties.status === 'in_production').map((f) => f.id);
  const building = parcels.filter((f) => f.properties.status === 'under_construction' || f.properties.status === 'supplied').map((f) => f.id);
  expect(producing.length).toBeGreaterThanOrEqual(6);
  expect(building.length).toBeGreaterThanOrEqual(1);
  const full = (tax: number, revenue: number, va: number, tce: number, rd: number, emp: number) => ({ taxYi: tax, revenueYi: revenue, valueAddedYi: va, energyTce: tce, rdYi: rd, employees: emp });
  await register('示例评价甲', 'above_scale', [producing[0]!], null, full(0.5, 10, 3, 20000, 0.4, 500));
  await register('示例评价乙', 'above_scale', [producing[1]!, building[0]!], null, full(0.1, 4, 1, 5000, 0.05, 200));
  // Same figures as 丙's twin below on the same land would tie; here 丙 lacks energy and R&D: those earn 0.
  await register('示例评价丙', 'above_scale', [producing[2]!], null, { taxYi: 0.2, revenueYi: 6, valueAddedYi: 1.5, employees: 300 });
  await register('示例评价丁', 'above_scale', [], 12000, full(0.05, 1, 0.3, 800, 0.01, 60));
  await register('示例评价戊', 'below_scale', [producing[3]!], null, { taxYi: 0.02 });
  await register('示例评价己', 'below_scale', [producing[4]!], null, { taxYi: 0.01, revenueYi: 0.5 });
  await register('示例评价建设期', 'above_scale', building.length > 1 ? [building[1]!] : [], null, full(0, 0, 0, 0, 0, 10));
  await register('示例评价无报表', 'above_scale', [producing[5]!], null, null);
});
afterAll(async () => t.dispose());

/** The method as served, applied again here. */
function recompute(method: any) {
  const area = new Map(parcels.map((f) => [f.id, f]));
  const rows = firms.map((f) => {
    const linked = f.parcelIds.map((id) => area.get(id)!);
    const secured = linked.filter((p) => ['supplied', 'under_construction', 'in_production'].includes(p.properties.status));
    const parcelMu = secured.reduce((s, p) => s + p.properties.areaSquareMeters, 0) * MU_PER_SQUARE_METER;
    const rentedMu = f.rented ? (f.rented / method.rentedFloorPlotRatio) * MU_PER_SQUARE_METER : 0;
    const landMu = parcelMu + rentedMu;
    const s = f.stats;
    const div = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !(b > 0) ? null : a / b);
    const indicators = {
      taxPerMuWan: div(s?.taxYi == null ? null : s.taxYi * 1e4, landMu),
      revenuePerMuWan: div(s?.revenueYi == null ? null : s.revenueYi * 1e4, landMu),
      valueAddedPerTceWan: div(s?.valueAddedYi == null ? null : s.valueAddedYi * 1e4, s?.energyTce),
      rdSharePercent: div(s?.rdYi, s?.revenueYi) === null ? null : div(s?.rdYi, s?.revenueYi)! * 100,
      valueAddedPerEmployeeWan: div(s?.valueAddedYi == null ? null : s.valueAddedYi * 1e4, s?.employees),
    } as Record<string, number | null>;
    const construction = secured.length > 0 && !secured.some((p) => p.properties.status === 'in_production');
    const reason = method.exemptions.enterpriseIds.includes(f.id)
      ? 'exempt_listed'
      : method.exemptions.constructionPeriod && construction
        ? 'construction_period'
        : landMu > 0
          ? s
            ? null
            : 'no_statistics'
          : 'no_land';
    return { id: f.id, scale: f.scale, landMu, indicators, reason, score: null as number | null, cls: null as string | null, rank: null as number | null };
  });
  for (const group of ['above_scale', 'below_scale']) {
    const members = rows.filter((r) => r.reason === null && r.scale === group);
    const weights = method.weights[group];
    for (const m of members) {
      m.score = Object.entries(weights).reduce((sum, [code, w]: [string, any]) => {
        const positives = members.map((x) => x.indicators[code]).filter((v): v is number => v != null && v > 0);
        const bench = method.benchmarks[code] ?? (positives.length ? positives.reduce((a, b) => a + b, 0) / positives.length : null);
        const v = m.indicators[code];
        return sum + (v == null || bench === null ? 0 : w * Math.min(v / bench, method.scoreCap));
      }, 0);
    }
    for (const m of members) {
      const ahead = members.filter((x) => x.score! > m.score!).length;
      const share = ahead / members.length;
      m.rank = ahead + 1;
      m.cls = share < method.bands.A ? 'A' : share < method.bands.B ? 'B' : share < method.bands.C ? 'C' : 'D';
    }
  }
  return rows;
}

function expectMatches(served: any) {
  const expected = recompute(served.method);
  for (const e of expected) {
    const got = served.enterprises.find((x: any) => x.id === e.id);
    expect(got.landMu).toBeCloseTo(e.landMu, 9);
    for (const [code, v] of Object.entries(e.indicators)) v === null ? expect(got.indicators[code]).toBeNull() : expect(got.indicators[code]).toBeCloseTo(v, 9);
    expect([got.unclassedReason, got.class, got.rank]).toEqual([e.reason, e.cls, e.rank]);
    e.score === null ? expect(got.score).toBeNull() : expect(got.score).toBeCloseTo(e.score, 9);
  }
  return expected;
}

describe('GET /api/efficiency', () => {
  it('serves the method with its definitions and source, and results equal to a recomputation', async () => {
    const served = await api.json(`/api/efficiency?year=${YEAR}`);
    expect(served.method.weights.above_scale).toEqual({ taxPerMuWan: 45, revenuePerMuWan: 20, valueAddedPerTceWan: 15, rdSharePercent: 15, valueAddedPerEmployeeWan: 5 });
    expect(served.method.bands).toEqual({ A: 0.25, B: 0.7, C: 0.95 });
    expect(served.method.indicators.map((i: any) => [i.code, i.unit])).toContainEqual(['taxPerMuWan', '万元/亩']);
    expect(served.method.source.zh).toContain('示例');
    expect(served.method.landRule.zh).toContain('容积率 1');
    const expected = expectMatches(served);
    const reasons = Object.fromEntries(expected.map((e) => [firms.find((f) => f.id === e.id)!.name, e.reason]));
    expect(reasons).toMatchObject({ 示例评价甲: null, 示例评价丁: null, 示例评价戊: null, 示例评价无报表: 'no_statistics' });
    expect(reasons['示例评价建设期']).toMatch(/construction_period|no_land/);
    expect(served.enterprises.find((e: any) => e.name === '示例评价甲').class).toBe('A');
    expect(served.counts.A + served.counts.B + served.counts.C + served.counts.D + served.counts.unclassed).toBe(served.enterprises.length);
  });

  it('400 without a year; a year without figures leaves every firm unclassed', async () => {
    expect((await api.get('/api/efficiency')).status).toBe(400);
    const empty = await api.json('/api/efficiency?year=2001');
    expect(empty.enterprises.every((e: any) => e.class === null)).toBe(true);
  });
});

describe('the method is an admin setting', () => {
  it('needs an admin and the current version; a saved method moves the results and is in the history', async () => {
    const current = await api.get('/api/efficiency/method');
    expect(current.headers.get('ETag')).toBe('"efficiency-method-v0"');
    const { method } = await current.json();
    const exempted = firms.find((f) => f.name === '示例评价甲')!.id;
    const next = { ...method, exemptions: { ...method.exemptions, enterpriseIds: [exempted] }, rentedFloorPlotRatio: 2, weights: { ...method.weights, above_scale: { taxPerMuWan: 60, revenuePerMuWan: 40 } } };
    expect((await api.send('PUT', '/api/efficiency/method', auth.editor, { method: next }, { 'If-Match': '"efficiency-method-v0"' })).status).toBe(403);
    expect((await api.send('PUT', '/api/efficiency/method', auth.admin, { method: next })).status).toBe(428);
    const bad = { ...next, weights: { ...next.weights, above_scale: { taxPerMuWan: 60 } } };
    expect((await api.send('PUT', '/api/efficiency/method', auth.admin, { method: bad }, { 'If-Match': '"efficiency-method-v0"' })).status).toBe(400);
    const saved = await api.send('PUT', '/api/efficiency/method', auth.admin, { method: next }, { 'If-Match': '"efficiency-method-v0"' });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('ETag')).toBe('"efficiency-method-v1"');
    expect((await api.send('PUT', '/api/efficiency/method', auth.admin, { method: next }, { 'If-Match': '"efficiency-method-v0"' })).status).toBe(412);

    const served = await api.json(`/api/efficiency?year=${YEAR}`);
    expect(served.method.version).toBe(1);
    expect(served.enterprises.find((e: any) => e.id === exempted).unclassedReason).toBe('exempt_listed');
    expectMatches(served);
    // The enterprise's own page uses the same land rule.
    const renter = firms.find((f) => f.name === '示例评价丁')!;
    expect((await api.json(`/api/enterprises/${renter.id}`)).landMu).toBeCloseTo((12000 / 2) * MU_PER_SQUARE_METER, 9);
    const change = await t.db.selectFrom('changes').selectAll().where('collection', '=', 'settings').where('featureId', '=', 'efficiencyMethod').executeTakeFirstOrThrow();
    expect(JSON.parse(change.after!).properties.value.rentedFloorPlotRatio).toBe(2);
  });
});

describe('GET /api/efficiency/parcels (the map layer by class)', () => {
  it('lists every linked parcel with its enterprise and that enterprise’s served class, and follows a re-link', async () => {
    const served = await api.json(`/api/efficiency?year=${YEAR}`);
    const classOf = new Map(served.enterprises.map((e: any) => [e.id, e.class]));
    const body = await api.json(`/api/efficiency/parcels?year=${YEAR}`);
    expect(body.year).toBe(YEAR);
    for (const f of firms) {
      for (const parcelId of f.parcelIds) {
        expect(body.parcels).toContainEqual(expect.objectContaining({ parcelId, enterpriseId: f.id, class: classOf.get(f.id) }));
      }
    }
    const ids = body.parcels.map((p: any) => p.parcelId);
    expect(new Set(ids).size).toBe(ids.length);
    // A parcel linked to an enterprise through the API shows under it at once.
    const jia = firms.find((f) => f.name === '示例评价甲')!;
    const linked = new Set(ids);
    const free = parcels.find((f) => !linked.has(f.id) && f.properties.status === 'in_production');
    expect(free).toBeDefined();
    const current = await api.get(`/api/enterprises/${jia.id}`);
    const put = await api.send('PUT', `/api/enterprises/${jia.id}/parcels`, auth.editor, { parcelIds: [...jia.parcelIds, free.id] }, { 'If-Match': current.headers.get('ETag')! });
    expect(put.status).toBe(200);
    const after = await api.json(`/api/efficiency/parcels?year=${YEAR}`);
    expect(after.parcels.find((p: any) => p.parcelId === free.id)).toMatchObject({ enterpriseId: jia.id });
    // Put it back, so the recomputation above keeps its inputs.
    const again = await api.get(`/api/enterprises/${jia.id}`);
    expect((await api.send('PUT', `/api/enterprises/${jia.id}/parcels`, auth.editor, { parcelIds: jia.parcelIds }, { 'If-Match': again.headers.get('ETag')! })).status).toBe(200);
  });

  it('400 without a year', async () => {
    const res = await api.get('/api/efficiency/parcels');
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('INVALID_REQUEST');
  });
});
