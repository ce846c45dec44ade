/**
 * The plan's zone-wide economic targets (D1–D8, tiers, 专精特新/小巨人) are
 * rows of GET /api/plans/{id}/tally, tallied from enterprises, statistics and
 * projects entered through the API; each secured figure is recomputed here
 * from what was entered, without the domain's tally. Editing a D target's
 * figure through the plans admin API moves its verdict.
 * GET /api/enterprise-targets?year= serves the same rows as of a year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { PLAN, planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;

type Firm = { name: string; scale: string; industryChain: string; tags: string[]; aboveScaleSinceYear: number | null; output: Record<number, number> };
const FIRMS: readonly Firm[] = Object.freeze<Firm[]>([
  { name: '示例目标甲', scale: 'above_scale', industryChain: 'new_energy', tags: ['specialized_new'], aboveScaleSinceYear: 2018, output: { 2023: 90, 2024: 120.5 } },
  { name: '示例目标乙', scale: 'above_scale', industryChain: 'biomedicine', tags: [], aboveScaleSinceYear: 2024, output: { 2024: 55 } },
  { name: '示例目标丙', scale: 'below_scale', industryChain: 'new_energy', tags: ['specialized_new', 'little_giant'], aboveScaleSinceYear: 2023, output: { 2024: 3 } },
  { name: '示例目标丁', scale: 'above_scale', industryChain: 'new_materials', tags: [], aboveScaleSinceYear: 2023, output: { 2024: 8.25 } },
]);
type Funds = Record<string, number>;
type Fixture = { name: string; signedInvestmentYi: number; plannedInvestmentYi: number; milestones?: { signed: { actual?: string; planned?: string } }; fundsInPlaceYi?: Funds };
const PROJECTS: readonly Fixture[] = Object.freeze<Fixture[]>([
  { name: '示例目标项目一', signedInvestmentYi: 80, plannedInvestmentYi: 90, milestones: { signed: { actual: '2024-03-01' } }, fundsInPlaceYi: { 2024: 20, 2025: 35.5 } },
  { name: '示例目标项目二', signedInvestmentYi: 30, plannedInvestmentYi: 35, milestones: { signed: { actual: '2023-01-15' } }, fundsInPlaceYi: { 2023: 12, 2024: 9 } },
  { name: '示例目标项目三', signedInvestmentYi: 10, plannedInvestmentYi: 12 },
  { name: '示例目标项目四', signedInvestmentYi: 45, plannedInvestmentYi: 40, milestones: { signed: { planned: '2025-06-30' } } },
]);

// The recomputation: the latest year of 2023–2025 anyone reported is 2024.
const YEAR = 2024;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const reported = (f: Firm) => f.output[YEAR] !== undefined;
const outputOf = (keep: (f: Firm) => boolean) => sum(FIRMS.filter((f) => reported(f) && keep(f)).map((f) => f.output[YEAR]!));
const countOf = (keep: (f: Firm) => boolean) => FIRMS.filter((f) => reported(f) && keep(f)).length;
const above = (f: Firm) => f.scale === 'above_scale';
const band = (min: number, below: number) => (f: Firm) => above(f) && f.output[YEAR]! >= min && f.output[YEAR]! < below;
const signedIn = (from: number, to: number) =>
  PROJECTS.filter((p) => {
    const actual = p.milestones?.signed.actual;
    return actual !== undefined && Number(actual.slice(0, 4)) >= from && Number(actual.slice(0, 4)) <= to;
  });

const fundsIn = (year: number) => sum(PROJECTS.map((p) => p.fundsInPlaceYi?.[year] ?? 0));
/** Above scale now, entered 2023–2025 (reporting or not). */
const newlyAbove = FIRMS.filter((f) => above(f) && f.aboveScaleSinceYear !== null && f.aboveScaleSinceYear >= 2023 && f.aboveScaleSinceYear <= 2025).length;

const EXPECTED: Record<string, { secured: number; unit: string }> = {
  D1: { secured: outputOf(() => true), unit: 'yi_yuan' },
  D2: { secured: sum(signedIn(2023, 2025).map((p) => p.plannedInvestmentYi)), unit: 'yi_yuan' },
  D3: { secured: outputOf((f) => f.industryChain === 'new_energy'), unit: 'yi_yuan' },
  D4: { secured: outputOf((f) => f.industryChain === 'new_materials'), unit: 'yi_yuan' },
  D5: { secured: outputOf((f) => f.industryChain === 'electronic_info'), unit: 'yi_yuan' },
  D6: { secured: outputOf((f) => f.industryChain === 'biomedicine'), unit: 'yi_yuan' },
  'D7.2023': { secured: sum(signedIn(2023, 2023).map((p) => p.signedInvestmentYi)), unit: 'yi_yuan' },
  'D7.2023.funds': { secured: fundsIn(2023), unit: 'yi_yuan' },
  'D7.2024': { secured: sum(signedIn(2024, 2024).map((p) => p.signedInvestmentYi)), unit: 'yi_yuan' },
  'D7.2024.funds': { secured: fundsIn(2024), unit: 'yi_yuan' },
  'D7.2025': { secured: sum(signedIn(2025, 2025).map((p) => p.signedInvestmentYi)), unit: 'yi_yuan' },
  'D7.2025.funds': { secured: fundsIn(2025), unit: 'yi_yuan' },
  D8: { secured: countOf(above), unit: 'enterprises' },
  'D8.new': { secured: newlyAbove, unit: 'enterprises' },
  'D8.tier100': { secured: countOf(band(100, Infinity)), unit: 'enterprises' },
  'D8.tier50': { secured: countOf(band(50, 100)), unit: 'enterprises' },
  'D8.tier10': { secured: countOf(band(10, 50)), unit: 'enterprises' },
  'D8.tier1': { secured: countOf(band(1, 10)), unit: 'enterprises' },
  'D8.srdi': { secured: countOf((f) => f.tags.includes('specialized_new')), unit: 'enterprises' },
  'D8.giant': { secured: countOf((f) => f.tags.includes('little_giant')), unit: 'enterprises' },
};

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  for (const f of FIRMS) {
    const res = await api.send('POST', '/api/enterprises', auth.editor, { name: f.name, scale: f.scale, industryChain: f.industryChain, tags: f.tags, aboveScaleSinceYear: f.aboveScaleSinceYear });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    for (const [year, outputYi] of Object.entries(f.output)) {
      expect((await api.send('PUT', `/api/enterprises/${id}/statistics/${year}`, auth.editor, { outputYi })).status).toBe(201);
    }
  }
  for (const p of PROJECTS) expect((await api.send('POST', '/api/projects', auth.editor, p)).status).toBe(201);
});
afterAll(async () => t.dispose());

describe('D targets in the plan tally', () => {
  it('are rows of GET /api/plans/{id}/tally whose secured figures equal a recomputation from the entered statistics', async () => {
    const body = await api.tally();
    const rows = body.targets.filter((x: any) => /^D\d/.test(x.code));
    expect(rows.map((x: any) => x.code)).toEqual(Object.keys(EXPECTED));
    for (const row of rows) {
      expect(row.secured, row.code).toBeCloseTo(EXPECTED[row.code]!.secured, 9);
      expect(row.unit, row.code).toBe(EXPECTED[row.code]!.unit);
      expect(row.definition.rule.zh.length, row.code).toBeGreaterThan(0);
      expect(row.source, row.code).toMatch(/^§/);
    }
    const by = Object.fromEntries(rows.map((x: any) => [x.code, x]));
    // Sanity of the recomputation itself, so an empty fixture cannot pass.
    expect(by.D1.secured).toBeCloseTo(120.5 + 55 + 3 + 8.25, 9);
    expect(by.D1).toMatchObject({ floor: 500, stretch: 600, floorLevel: 'ensure', stretchLevel: 'strive', met: false });
    expect(by.D1.definition.countedYear).toBe(YEAR);
    expect(by['D8.srdi'].secured).toBe(2);
    expect(by['D8.tier100'].secured).toBe(1);
    // An unsigned project planned to sign in 2025 is pipeline, not secured.
    expect(by['D7.2025']).toMatchObject({ secured: 0, pipeline: 45 });
    expect(by.D2.pipeline).toBe(40);
    // Funds count by the year they arrived, whatever the signing year; new above-scale firms by their year of entry.
    expect(by['D7.2024.funds']).toMatchObject({ secured: 29, floor: 100, met: false, unit: 'yi_yuan' });
    expect(by['D8.new']).toMatchObject({ secured: 2, floor: 30 });
    expect(by.D6).toMatchObject({ secured: 55, met: true, floorLevel: 'strive', floorWordZh: '突破' });
    // The drill-down lists no parcels for a register-counted target but keeps its totals.
    const drill = await api.json(`/api/plans/${PLAN}/targets/D1/parcels`);
    expect(drill).toMatchObject({ parcels: [], totals: { secured: by.D1.secured, pipeline: 0 } });
  });

  it('editing a D target’s figure through the plans admin API moves met', async () => {
    const res = await api.get(`/api/plans/${PLAN}/targets/D6`);
    const etag = res.headers.get('ETag')!;
    const { planId: _p, position: _q, retired: _r, version: _v, ...definition } = await res.json();
    const put = await api.send('PUT', `/api/plans/${PLAN}/targets/D6`, auth.admin, { ...definition, floor: 60 }, { 'If-Match': etag });
    expect(put.status).toBe(200);
    expect(await api.tallyOf(PLAN, 'D6')).toMatchObject({ floor: 60, secured: 55, met: false, remaining: 5 });
  });

  it('GET /api/enterprise-targets?year= serves the same rows reading nothing later than the year', async () => {
    const body = await api.json('/api/enterprise-targets?year=2023');
    expect(body).toMatchObject({ year: 2023, planId: PLAN, periodStart: 2023 });
    const by = Object.fromEntries(body.targets.map((x: any) => [x.code, x]));
    expect(Object.keys(by)).toEqual(Object.keys(EXPECTED));
    // 2023: only 甲 reported; only project two was signed by then.
    expect(by.D1).toMatchObject({ secured: 90 });
    expect(by.D1.definition.countedYear).toBe(2023);
    expect(by.D2.secured).toBe(35);
    expect(by['D7.2024']).toMatchObject({ secured: 0 });
    expect(by['D7.2023.funds'].secured).toBe(12);
    expect(by['D7.2024.funds'].secured).toBe(0);
    // 丁 entered in 2023; 乙 only in 2024.
    expect(by['D8.new'].secured).toBe(1);
    expect((await api.json('/api/enterprise-targets?year=2024')).targets.find((x: any) => x.code === 'D7.2024').secured).toBe(80);
    expect((await api.get('/api/enterprise-targets')).status).toBe(400);
    expect((await api.get('/api/enterprise-targets?year=2024&planId=nope')).status).toBe(404);
  });
});
