/**
 * Plans and targets as editable data: admin-only writes, validation with
 * bilingual reasons, If-Match on targets, retire, copy into the next period,
 * history — and target arithmetic for every metric and both comparators,
 * checked against a recomputation from the served parcels and stations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { squareMetersToMu } from '../../domain/units';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { PLAN, planApi, targetDef } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcels: any[];
let stations: any[];

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcels = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
  stations = (await api.json('/ogc/collections/energy_stations/items?limit=10000')).features;
});
afterAll(async () => t.dispose());

const newPlan = (id: string, targets: unknown[] = []) => ({
  id,
  nameZh: `测试规划 ${id}`,
  nameEn: `Test plan ${id}`,
  periodStart: 2023,
  periodEnd: 2025,
  sourceDocument: '测试文件〔2026〕1号',
  targets,
});

/** Independent arithmetic from the served features: share of each parcel inside A4, in-production or under construction, 1001*. */
function expectedInA4(value: (p: any, fraction: number, insideSquareMeters: number) => number): number {
  let sum = 0;
  for (const f of parcels) {
    const p = f.properties;
    if (!['under_construction', 'in_production'].includes(p.status) || !p.landUseCode.startsWith('1001')) continue;
    const share = p.zones.find((z: any) => z.code === 'A4');
    if (share) sum += value(p, share.fraction, share.areaSquareMeters);
  }
  return sum;
}

describe('who may write', () => {
  it('anonymous 401, viewer and editor 403 on every plan write; reads are open', async () => {
    const writes: [string, string, unknown][] = [
      ['POST', '/api/plans', newPlan('roles-plan')],
      ['PATCH', `/api/plans/${PLAN}`, { nameEn: 'x' }],
      ['POST', `/api/plans/${PLAN}/copy`, { id: 'roles-copy', name: 'x', periodStart: 2026, periodEnd: 2028 }],
      ['POST', `/api/plans/${PLAN}/targets`, targetDef('Z9', {})],
      ['PUT', `/api/plans/${PLAN}/targets/A1`, targetDef('A1', {})],
      ['DELETE', `/api/plans/${PLAN}/targets/A1`, undefined],
    ];
    for (const [method, path, body] of writes) {
      expect((await api.send(method, path, null, body)).status, `${method} ${path} anonymous`).toBe(401);
      for (const role of ['viewer', 'editor'] as const) {
        const res = await api.send(method, path, auth[role], body, { 'If-Match': `"targets-${PLAN}-A1-v1"` });
        expect(res.status, `${method} ${path} ${role}`).toBe(403);
        expect((await res.json()).code).toBe('FORBIDDEN');
      }
    }
    expect((await api.get(`/api/plans/${PLAN}/targets`)).status).toBe(200);
    expect((await api.get('/api/plans/roles-plan')).status).toBe(404);
  });
});

describe('target arithmetic through the API, every metric and both comparators', () => {
  it('land, floor area, investment, output and station counts equal an independent recomputation', async () => {
    const land = expectedInA4((_p, _f, inside) => squareMetersToMu(inside));
    const floorArea = expectedInA4((p, f) => (p.factoryFloorSquareMeters ?? 0) * f);
    const investment = expectedInA4((p, f) => (p.investmentYi ?? 0) * f);
    const output = expectedInA4((p, f) => (p.outputYi ?? 0) * f);
    const substations = stations.filter((s) => s.properties.kind === 'substation' && s.properties.status === 'operating').length;
    expect(land).toBeGreaterThan(0);
    expect(investment).toBeGreaterThan(0);
    expect(floorArea).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    expect(substations).toBeGreaterThan(0);
    const scoped = { zoneCodes: ['A4'], landUseCodes: ['1001'], securedStatuses: ['under_construction', 'in_production'], pipelineStatuses: [] };
    const targets = [
      targetDef('land.gte', { ...scoped, metric: 'land_mu', floor: land + 10 }),
      targetDef('land.lte', { ...scoped, metric: 'land_mu', comparator: 'lte', floor: land + 10 }),
      targetDef('floor.gte', { ...scoped, metric: 'floor_area_m2', floor: floorArea - 1 }),
      targetDef('floor.lte', { ...scoped, metric: 'floor_area_m2', comparator: 'lte', floor: floorArea - 1 }),
      targetDef('inv.gte', { ...scoped, metric: 'investment_yi', floor: investment / 2, stretch: investment * 2 }),
      targetDef('inv.lte', { ...scoped, metric: 'investment_yi', comparator: 'lte', floor: investment / 2 }),
      targetDef('out.gte', { ...scoped, metric: 'output_yi', floor: output + 1 }),
      targetDef('out.lte', { ...scoped, metric: 'output_yi', comparator: 'lte', floor: output + 1 }),
      targetDef('st.gte', { metric: 'station_count', stationKinds: ['substation'], securedStatuses: ['operating'], floor: substations }),
      targetDef('st.lte', { metric: 'station_count', stationKinds: ['substation'], securedStatuses: ['operating'], comparator: 'lte', floor: substations - 1 }),
    ];
    const res = await api.send('POST', '/api/plans', auth.admin, newPlan('arith', targets));
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"plans-arith-v1"');
    const tally = await api.tally('arith');
    const by = Object.fromEntries(tally.targets.map((x: any) => [x.code, x]));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
    close(by['land.gte'].secured, land);
    expect(by['land.gte']).toMatchObject({ met: false, unit: 'mu' });
    close(by['land.gte'].remaining, 10);
    expect(by['land.lte']).toMatchObject({ met: true, comparator: 'lte' });
    close(by['floor.gte'].secured, floorArea);
    expect(by['floor.gte'].met).toBe(true);
    expect(by['floor.lte'].met).toBe(false);
    close(by['inv.gte'].secured, investment);
    expect(by['inv.gte']).toMatchObject({ met: true, stretchMet: false, unit: 'yi_yuan' });
    expect(by['inv.lte'].met).toBe(false);
    close(by['out.gte'].secured, output);
    expect(by['out.gte'].met).toBe(false);
    expect(by['out.lte'].met).toBe(true);
    expect(by['st.gte']).toMatchObject({ secured: substations, met: true, unit: 'count' });
    expect(by['st.lte']).toMatchObject({ secured: substations, met: false });
  });
});

describe('validation', () => {
  it('422 PERIOD_REVERSED, 422 UNKNOWN_ZONE naming the code, 409 on a duplicate plan or target code', async () => {
    let res = await api.send('POST', '/api/plans', auth.admin, { ...newPlan('reversed'), periodStart: 2026, periodEnd: 2024 });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'PERIOD_REVERSED' });
    expect(body.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(body.messageEn).toContain('period');

    res = await api.send('POST', '/api/plans', auth.admin, newPlan('ghost-zone', [targetDef('G1', { zoneCodes: ['A1', 'NOPE'] })]));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'UNKNOWN_ZONE', detail: expect.stringContaining('NOPE') });
    expect((await api.get('/api/plans/ghost-zone')).status).toBe(404);

    res = await api.send('POST', '/api/plans', auth.admin, newPlan(PLAN));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('PLAN_EXISTS');

    res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('A1', {}));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('DUPLICATE_TARGET');

    res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('W1', { supplyYearFrom: 2025, supplyYearTo: 2023 }));
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('YEAR_WINDOW_REVERSED');

    res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, { code: 'bad' });
    expect(res.status).toBe(400);
  });
});

describe('targets: add, replace with If-Match, retire', () => {
  it('POST 201 with ETag; PUT needs If-Match (428), refuses a stale one (412), bumps the version; DELETE retires (204)', async () => {
    expect((await api.send('POST', '/api/plans', auth.admin, newPlan('edit'))).status).toBe(201);
    let res = await api.send('POST', '/api/plans/edit/targets', auth.admin, targetDef('E1', { zoneCodes: ['A2'], floor: 100 }));
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"targets-edit-E1-v1"');
    expect(res.headers.get('Location')).toBe('http://ledger.test/api/plans/edit/targets/E1');

    const replaced = targetDef('E1', { zoneCodes: ['A2'], floor: 200, metric: 'investment_yi' });
    expect((await api.send('PUT', '/api/plans/edit/targets/E1', auth.admin, replaced)).status).toBe(428);
    res = await api.send('PUT', '/api/plans/edit/targets/E1', auth.admin, replaced, { 'If-Match': '"targets-edit-E1-v7"' });
    expect(res.status).toBe(412);
    res = await api.send('PUT', '/api/plans/edit/targets/E1', auth.admin, { ...replaced, code: 'E2' }, { 'If-Match': '"targets-edit-E1-v1"' });
    expect(res.status).toBe(400);
    res = await api.send('PUT', '/api/plans/edit/targets/E1', auth.admin, replaced, { 'If-Match': '"targets-edit-E1-v1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"targets-edit-E1-v2"');
    expect(await api.tallyOf('edit', 'E1')).toMatchObject({ floor: 200, metric: 'investment_yi', unit: 'yi_yuan' });

    res = await api.send('DELETE', '/api/plans/edit/targets/E1', auth.admin, undefined, { 'If-Match': '"targets-edit-E1-v1"' });
    expect(res.status).toBe(412);
    res = await api.send('DELETE', '/api/plans/edit/targets/E1', auth.admin, undefined, { 'If-Match': '"targets-edit-E1-v2"' });
    expect(res.status).toBe(204);
    expect((await api.tally('edit')).targets).toEqual([]);
    const kept = await api.json('/api/plans/edit/targets?retired=include');
    expect(kept.targets).toMatchObject([{ code: 'E1', retired: true, version: 3, floor: 200 }]);

    // Re-adding a retired code reinstates it (one row per code keeps its whole history).
    res = await api.send('POST', '/api/plans/edit/targets', auth.admin, targetDef('E1', { floor: 5 }));
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"targets-edit-E1-v4"');

    const changes = (await api.json('/api/changes?limit=5000')).changes.filter((c: any) => c.featureId === 'edit/E1');
    expect(changes.map((c: any) => [c.collection, c.action, c.version, c.username])).toEqual([
      ['targets', 'create', 1, 'admin'],
      ['targets', 'update', 2, 'admin'],
      ['targets', 'delete', 3, 'admin'],
      ['targets', 'restore', 4, 'admin'],
    ]);
    expect(changes[1].before.properties.floor).toBe(100);
    expect(changes[1].after.properties.floor).toBe(200);
  });

  it('PATCH a plan: name and period, checked; If-Match honoured when sent; history records it', async () => {
    expect((await api.send('POST', '/api/plans', auth.admin, newPlan('patchme'))).status).toBe(201);
    let res = await api.send('PATCH', '/api/plans/patchme', auth.admin, { periodEnd: 2020 });
    expect(res.status).toBe(422);
    res = await api.send('PATCH', '/api/plans/patchme', auth.admin, { nameEn: 'Renamed' }, { 'If-Match': '"plans-patchme-v9"' });
    expect(res.status).toBe(412);
    res = await api.send('PATCH', '/api/plans/patchme', auth.admin, { nameEn: 'Renamed', periodEnd: 2027 }, { 'If-Match': '"plans-patchme-v1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"plans-patchme-v2"');
    expect(await api.json('/api/plans/patchme')).toMatchObject({ nameEn: 'Renamed', periodEnd: 2027, nameZh: '测试规划 patchme' });
    // A PATCH changes only what it names: the source document stays (it was wiped by schema defaults).
    const sourced = await api.send('PATCH', '/api/plans/patchme', auth.admin, { sourceDocument: '万盛经开区制造业发展规划.docx' });
    expect(sourced.status).toBe(200);
    expect((await api.send('PATCH', '/api/plans/patchme', auth.admin, { nameEn: 'Renamed again' })).status).toBe(200);
    expect(await api.json('/api/plans/patchme')).toMatchObject({ nameEn: 'Renamed again', sourceDocument: '万盛经开区制造业发展规划.docx' });
    const changes = (await api.json('/api/changes?limit=5000')).changes.filter((c: any) => c.collection === 'plans' && c.featureId === 'patchme');
    expect(changes.map((c: any) => c.action)).toEqual(['create', 'update', 'update', 'update']);
  });
});

describe('POST /api/plans/{planId}/copy', () => {
  it('copies the active targets into the next period with windows shifted; the original is untouched', async () => {
    const before = await api.json(`/api/plans/${PLAN}`);
    const res = await api.send('POST', `/api/plans/${PLAN}/copy`, auth.admin, { id: 'wansheng-2026-2028', name: '万盛经开区 2026—2028 年行动计划（草案）', periodStart: 2026, periodEnd: 2028 });
    expect(res.status).toBe(201);
    const copy = await api.json('/api/plans/wansheng-2026-2028');
    expect(copy).toMatchObject({ nameZh: '万盛经开区 2026—2028 年行动计划（草案）', nameEn: '万盛经开区 2026—2028 年行动计划（草案）', periodStart: 2026, periodEnd: 2028, sourceDocument: null });
    expect(copy.targets.map((x: any) => x.code)).toEqual(before.targets.map((x: any) => x.code));
    const by = Object.fromEntries(copy.targets.map((x: any) => [x.code, x]));
    expect(by.A0).toMatchObject({ supplyYearFrom: 2026, supplyYearTo: 2028, floor: 5000, zoneCodes: ['A1', 'A2', 'A3', 'A4'] });
    // The period written in the labels moves with the window.
    expect(by.A0.labelZh).toBe(before.targets.find((x: any) => x.code === 'A0').labelZh.replace('2023—2025', '2026—2028'));
    expect(by.A0.labelZh).toContain('2026—2028');
    expect(by.A0.labelEn).toContain('2026–2028');
    expect(by['B1.land']).toMatchObject({ supplyYearFrom: null, supplyYearTo: 2028 });
    expect(by.C2).toMatchObject({ supplyYearFrom: null, supplyYearTo: null });
    expect(await api.json(`/api/plans/${PLAN}`)).toEqual(before);
    // Both plans are listed; the copy is tallied on its own window.
    expect((await api.json('/api/plans')).plans.map((p: any) => p.id)).toEqual(expect.arrayContaining([PLAN, 'wansheng-2026-2028']));
    expect((await api.tallyOf('wansheng-2026-2028', 'A0')).definition).toMatchObject({ supplyYearFrom: 2026, supplyYearTo: 2028 });

    const again = await api.send('POST', `/api/plans/${PLAN}/copy`, auth.admin, { id: 'wansheng-2026-2028', name: 'x', periodStart: 2026, periodEnd: 2028 });
    expect(again.status).toBe(409);
    expect((await api.send('POST', '/api/plans/nope/copy', auth.admin, { id: 'n2', name: 'x', periodStart: 2026, periodEnd: 2028 })).status).toBe(404);
  });

  it('does not copy retired targets', async () => {
    const plan = newPlan('retire-src', [targetDef('K1', {}), targetDef('K2', {})]);
    expect((await api.send('POST', '/api/plans', auth.admin, plan)).status).toBe(201);
    expect((await api.send('DELETE', '/api/plans/retire-src/targets/K2', auth.admin, undefined, { 'If-Match': '"targets-retire-src-K2-v1"' })).status).toBe(204);
    expect((await api.send('POST', '/api/plans/retire-src/copy', auth.admin, { id: 'retire-dst', name: '下一期', nameEn: 'Next', periodStart: 2026, periodEnd: 2030 })).status).toBe(201);
    const copy = await api.json('/api/plans/retire-dst');
    expect(copy.targets.map((x: any) => x.code)).toEqual(['K1']);
    expect(copy.nameEn).toBe('Next');
  });
});
