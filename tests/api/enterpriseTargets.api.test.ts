/**
 * GET /api/enterprise-targets: D1–D8 of the seeded plan tallied from
 * enterprises, statistics and projects entered through the API, each value
 * recomputed here from what was entered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;

const FIRMS = [
  { name: '示例目标甲', scale: 'above_scale', industryChain: 'new_energy', outputYi: 120.5 },
  { name: '示例目标乙', scale: 'above_scale', industryChain: 'biomedicine', outputYi: 55 },
  { name: '示例目标丙', scale: 'below_scale', industryChain: 'new_energy', outputYi: 3 },
];
const PROJECTS = [
  { name: '示例目标项目一', signedInvestmentYi: 80, plannedInvestmentYi: 90, milestones: { signed: { actual: '2024-03-01' } } },
  { name: '示例目标项目二', signedInvestmentYi: 30, plannedInvestmentYi: 35, milestones: { signed: { actual: '2023-01-15' } } },
  { name: '示例目标项目三', signedInvestmentYi: 10, plannedInvestmentYi: 12 },
];

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  for (const f of FIRMS) {
    const { id } = await (await api.send('POST', '/api/enterprises', auth.editor, { name: f.name, scale: f.scale, industryChain: f.industryChain })).json();
    expect((await api.send('PUT', `/api/enterprises/${id}/statistics/2024`, auth.editor, { outputYi: f.outputYi })).status).toBe(201);
  }
  for (const p of PROJECTS) expect((await api.send('POST', '/api/projects', auth.editor, p)).status).toBe(201);
});
afterAll(async () => t.dispose());

describe('GET /api/enterprise-targets', () => {
  it('tallies D1–D8 for a year with their definitions, equal to a recomputation', async () => {
    const body = await api.json('/api/enterprise-targets?year=2024');
    expect(body.periodStart).toBe(2023);
    const by = Object.fromEntries(body.targets.map((x: any) => [x.code, x]));
    expect(Object.keys(by)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(by.D1.value).toBeCloseTo(sum(FIRMS.map((f) => f.outputYi)), 9);
    expect(by.D3.value).toBeCloseTo(sum(FIRMS.filter((f) => f.industryChain === 'new_energy').map((f) => f.outputYi)), 9);
    expect(by.D6.value).toBe(55);
    expect(by.D6.met).toBe(true);
    expect(by.D2.value).toBe(90 + 35);
    expect(by.D7.value).toBe(80);
    expect(by.D8).toMatchObject({ value: 2, met: false });
    expect(by.D1.definition.zh).toContain('产值');
    expect((await api.json('/api/enterprise-targets?year=2023')).targets.find((x: any) => x.code === 'D7').value).toBe(30);
    expect((await api.get('/api/enterprise-targets')).status).toBe(400);
    expect((await api.get('/api/enterprise-targets?year=2024&planId=nope')).status).toBe(404);
  });
});
