/**
 * Where the figures come from: drill-down rows summing to the tally, the
 * timeline by supply year, the ledger as it stood at the end of a past year
 * (rebuilt from the change log), and the ledger-health listing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { warmPool } from '../../server/pool/pool';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { PLAN, planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  // The ledger-health checks run in the worker pool: its start (seconds on a busy machine) belongs to set-up, not to a test's time limit.
  await warmPool();
});
afterAll(async () => t.dispose());

describe('GET /api/plans/{planId}/targets/{code}/parcels', () => {
  it('for every target, the listed rows sum to the tally’s secured and pipeline (to 1e-9)', async () => {
    const tally = await api.tally();
    for (const target of tally.targets) {
      const drill = await api.json(`/api/plans/${PLAN}/targets/${encodeURIComponent(target.code)}/parcels`);
      const rows = target.metric === 'station_count' ? drill.stations : drill.parcels;
      const sum = (role: string) => rows.filter((r: any) => r.role === role).reduce((s: number, r: any) => s + r.value, 0);
      expect(Math.abs(sum('secured') - target.secured), `${target.code} secured`).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(sum('pipeline') - target.pipeline), `${target.code} pipeline`).toBeLessThanOrEqual(1e-9);
      expect(drill.totals).toEqual({ secured: target.secured, pipeline: target.pipeline });
      expect(drill.target.code).toBe(target.code);
    }
  });

  it('rows carry the parcel’s tags and the share counted; the straddling parcel is flagged', async () => {
    const drill = await api.json(`/api/plans/${PLAN}/targets/A4/parcels`);
    const straddler = drill.parcels.find((p: any) => p.name.startsWith('联创-10'));
    expect(straddler).toMatchObject({ role: 'secured', status: 'under_construction', supplyYear: 2024, straddling: true, landUseCode: '100102' });
    expect(straddler.enterprise).toBeTruthy();
    expect(straddler.fraction).toBeGreaterThan(0.3);
    expect(straddler.fraction).toBeLessThan(0.7);
    expect(straddler.countedAreaSquareMeters).toBeCloseTo(straddler.areaSquareMeters * straddler.fraction, 6);
    expect(straddler.value).toBeCloseTo(straddler.countedAreaMu, 9);
    expect(drill.straddlingCount).toBe(drill.parcels.filter((p: any) => p.straddling).length);
    for (const p of drill.parcels.filter((x: any) => !x.straddling)) expect(p.fraction).toBeCloseTo(1, 9);
  });

  it('a station_count target lists its stations', async () => {
    const drill = await api.json(`/api/plans/${PLAN}/targets/C2/parcels`);
    expect(drill.parcels).toBeUndefined();
    expect(drill.stations).toHaveLength(3);
    for (const s of drill.stations) expect(s).toMatchObject({ kind: 'cchp', value: 1 });
    expect(drill.stations.filter((s: any) => s.role === 'secured')).toHaveLength(drill.target.secured);
  });

  it('404 for an unknown target or plan', async () => {
    expect((await api.get(`/api/plans/${PLAN}/targets/NOPE/parcels`)).status).toBe(404);
    expect((await api.get('/api/plans/nope/targets/A0/parcels')).status).toBe(404);
  });
});

describe('GET /api/plans/{planId}/targets/{code}/timeline', () => {
  it('secured by supply year over the period, cumulative ending at the tally', async () => {
    const target = await api.tallyOf(PLAN, 'A0');
    const drill = await api.json(`/api/plans/${PLAN}/targets/A0/parcels`);
    const timeline = await api.json(`/api/plans/${PLAN}/targets/A0/timeline`);
    expect(timeline.years.map((y: any) => y.year)).toEqual([2023, 2024, 2025]);
    for (const y of timeline.years) {
      const expected = drill.parcels.filter((p: any) => p.role === 'secured' && p.supplyYear === y.year).reduce((s: number, p: any) => s + p.value, 0);
      expect(y.secured).toBeCloseTo(expected, 9);
    }
    expect(timeline.years.at(-1).cumulative).toBeCloseTo(target.secured, 9);
    expect(timeline).toMatchObject({ unit: 'mu', floor: 5000, withoutYear: 0 });
  });

  it('a target open before the period reaches back to the earliest supply year', async () => {
    const timeline = await api.json(`/api/plans/${PLAN}/targets/B1.land/timeline`);
    expect(timeline.years[0].year).toBeLessThan(2023);
    expect(timeline.years.at(-1).cumulative).toBeCloseTo((await api.tallyOf(PLAN, 'B1.land')).secured, 9);
  });
});

describe('the ledger as it stood: GET /api/snapshot and tally?asOf', () => {
  /** A parcel whose whole life is in the past: planned in 2023, supplied in 2024, withdrawn in 2025. */
  async function insertPastParcel() {
    const template = (await api.json('/ogc/collections/parcels/items?limit=10000')).features.find((f: any) => f.properties.name.startsWith('鱼田堡-11'));
    const version = (v: number, props: Record<string, unknown>) => JSON.stringify({ ...template, id: 9001, properties: { ...template.properties, name: '历史地块', version: v, ...props } });
    const common = { collection: 'parcels', featureId: '9001', userId: null, username: 'planner-2023' };
    await t.db
      .insertInto('changes')
      .values([
        { ...common, action: 'create', version: 1, at: '2023-05-01T02:00:00.000Z', before: null, after: version(1, { status: 'planned', supplyYear: 2024 }) },
        { ...common, action: 'update', version: 2, at: '2024-06-01T02:00:00.000Z', before: version(1, {}), after: version(2, { status: 'supplied', supplyYear: 2024, enterprise: '历史企业' }) },
        // 2025-12-31 20:00 UTC is already 2026-01-01 in Chongqing: after the end of 2025.
        { ...common, action: 'delete', version: 2, at: '2025-12-31T20:00:00.000Z', before: version(2, {}), after: null },
      ])
      .execute();
    return template;
  }

  it('shows each parcel’s latest version at the end of the year; deletions are gone', async () => {
    const template = await insertPastParcel();
    const snap = async (q: string) => (await api.json(`/api/snapshot?${q}`)).features.find((f: any) => f.id === 9001);
    expect(await snap('year=2022')).toBeUndefined();
    expect((await snap('year=2023')).properties).toMatchObject({ status: 'planned', name: '历史地块' });
    expect((await snap('asOf=2024-12-31')).properties).toMatchObject({ status: 'supplied', enterprise: '历史企业' });
    expect((await snap('year=2025')).properties.status).toBe('supplied');
    expect(await snap('year=2026')).toBeUndefined();

    // Its 2024 version counts in the 2024 tally for A2, by its share in A2.
    const share = template.properties.zones.find((z: any) => z.code === 'A2').areaMu;
    const a2 = (await api.json(`/api/plans/${PLAN}/targets/A2/parcels?year=2024`)).parcels.find((p: any) => p.id === 9001);
    expect(a2).toMatchObject({ role: 'secured', status: 'supplied' });
    expect(a2.value).toBeCloseTo(share, 9);
    expect((await api.json(`/api/plans/${PLAN}/targets/A2/parcels?year=2023`)).parcels.find((p: any) => p.id === 9001)).toMatchObject({ role: 'pipeline' });
  });

  it('seeded parcels count from their supply year; the tally asOf is the tally of the snapshot', async () => {
    const y2023 = await api.json('/api/snapshot?year=2023');
    expect(y2023.asOf).toBe('2023-12-31');
    for (const f of y2023.features.filter((x: any) => x.id !== 9001)) expect(f.properties.supplyYear).toBeLessThanOrEqual(2023);
    const current = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
    const expectedIds = current.filter((f: any) => f.properties.supplyYear !== null && f.properties.supplyYear <= 2023).map((f: any) => f.id);
    expect(y2023.features.map((f: any) => f.id).filter((id: number) => id !== 9001)).toEqual(expectedIds);

    // Recompute A0 as of 2024 from the snapshot's own features.
    const y2024 = await api.json('/api/snapshot?year=2024');
    const a0 = await api.tallyOf(PLAN, 'A0', '?asOf=2024-12-31');
    let secured = 0;
    for (const f of y2024.features) {
      const p = f.properties;
      if (!['supplied', 'under_construction', 'in_production'].includes(p.status) || p.supplyYear < 2023 || p.supplyYear > 2025) continue;
      if (!['1001', '1101'].some((c) => p.landUseCode.startsWith(c))) continue;
      const inside = p.zoneCells.filter((c: any) => c.zones.some((z: string) => ['A1', 'A2', 'A3', 'A4'].includes(z))).reduce((s: number, c: any) => s + c.areaSquareMeters, 0);
      secured += (inside * 15) / 10000;
    }
    expect(a0.secured).toBeCloseTo(secured, 6);
    expect(a0.secured).toBeLessThan((await api.tallyOf(PLAN, 'A0')).secured);
    expect((await api.tally(PLAN, '?year=2024')).asOf).toBe('2024-12-31');
  });

  it('as of this year the snapshot is the ledger itself, and its tally today’s', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const snap = await api.json(`/api/snapshot?year=${year}`);
    const current = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
    expect(snap.features.map((f: any) => f.id)).toEqual(current.map((f: any) => f.id));
    const now = await api.tally();
    const then = await api.tally(PLAN, `?year=${year}`);
    expect(then.targets.map((x: any) => [x.code, x.secured, x.pipeline])).toEqual(now.targets.map((x: any) => [x.code, x.secured, x.pipeline]));
  });

  it('400 for a malformed date', async () => {
    for (const q of ['asOf=2024-13-01', 'asOf=2024-02-30', 'year=24', 'asOf=yesterday']) expect((await api.get(`/api/snapshot?${q}`)).status, q).toBe(400);
    expect((await api.get('/api/snapshot')).status).toBe(400);
    expect((await api.get(`/api/plans/${PLAN}/tally?asOf=nope`)).status).toBe(400);
  });
});

describe('GET /api/health/ledger', () => {
  const warningsOf = (body: any, prefix: string) => body.items.find((i: any) => i.name.startsWith(prefix))?.warnings.map((w: any) => w.code) ?? [];

  it('finds the parcel outside every zone and the boundary, and the straddling one, with bilingual texts', async () => {
    const body = await api.json('/api/health/ledger?year=2026');
    expect(body.parcelCount).toBe(88);
    expect(warningsOf(body, '零星-01')).toEqual(expect.arrayContaining(['OUTSIDE_ZONES', 'OUTSIDE_URBAN_BOUNDARY']));
    const straddler = body.items.find((i: any) => i.name.startsWith('联创-10'));
    expect(straddler.warnings).toEqual([expect.objectContaining({ code: 'STRADDLES_ZONE', zoneCode: 'A4' })]);
    expect(straddler.warnings[0].fraction).toBeGreaterThan(0.3);
    expect(straddler.warnings[0].fraction).toBeLessThan(0.7);
    for (const item of body.items) {
      expect(typeof item.parcelId).toBe('number');
      for (const w of item.warnings) {
        expect(w.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(w.messageEn.length).toBeGreaterThan(5);
      }
    }
    expect(body.items.filter((i: any) => i.warnings.some((w: any) => w.code === 'STRADDLES_ZONE'))).toHaveLength(1);
  });

  it('judges status against the year: planned with a past year, supplied with a future one', async () => {
    const in2026 = await api.json('/api/health/ledger?year=2026');
    const in2024 = await api.json('/api/health/ledger?year=2024');
    expect(in2026.counts.PLANNED_YEAR_PAST).toBeGreaterThan(0);
    expect(in2024.counts.PLANNED_YEAR_PAST ?? 0).toBe(0);
    expect(in2024.counts.SUPPLY_YEAR_IN_FUTURE).toBeGreaterThan(0);
    expect(in2026.counts.SUPPLY_YEAR_IN_FUTURE ?? 0).toBe(0);
    expect((await api.get('/api/health/ledger?year=soon')).status).toBe(400);
  });
});
