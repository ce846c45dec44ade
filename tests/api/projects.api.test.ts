/**
 * Projects and the idle-land rule over HTTP on a fresh database: milestones
 * with planned and actual dates, parcels one project each, history per
 * write, and /api/land-status as of dates either side of a year end, each
 * entry's days and area recomputed here from the served parcels.
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

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcels = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
});
afterAll(async () => t.dispose());

const idle = {
  name: '示例项目（闲置）',
  signedInvestmentYi: 12,
  plannedInvestmentYi: 15,
  milestones: { signed: { planned: '2022-01-10', actual: '2022-01-10' }, supplied: { actual: '2022-06-30' }, agreedStart: { planned: '2022-12-31' }, started: { planned: '2022-12-31' } },
};

describe('projects', () => {
  it('creates with milestones and parcels (one project per parcel), patches under If-Match, keeps history', async () => {
    const [p1, p2] = [parcels[0].id, parcels[1].id];
    const created = await api.send('POST', '/api/projects', auth.editor, { ...idle, parcelIds: [p2, p1] });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ name: '示例项目（闲置）', parcelIds: [p1, p2].sort((a, b) => a - b), version: 1 });
    expect(body.milestones.completed).toEqual({ planned: null, actual: null });
    expect(created.headers.get('ETag')).toBe(`"projects-${body.id}-v1"`);

    expect((await api.send('POST', '/api/projects', auth.editor, { name: '示例项目（重复地块）', parcelIds: [p1] })).status).toBe(409);
    expect((await api.send('POST', '/api/projects', auth.editor, { name: '示例', enterpriseId: 999999 })).status).toBe(422);
    expect((await api.send('POST', '/api/projects', auth.editor, { name: '示例', milestones: { started: { actual: '2023-02-29' } } })).status).toBe(400);
    expect((await api.send('POST', '/api/projects', auth.viewer, { name: '示例' })).status).toBe(403);

    const one = await api.json(`/api/projects/${body.id}?asOf=2024-01-01`);
    expect(one.overdue).toEqual([{ milestone: 'started', planned: '2022-12-31', daysOverdue: 366 }]);
    expect(one.idle).toMatchObject({ state: 'idle', daysPastAgreedStart: 366 });

    expect((await api.send('PATCH', `/api/projects/${body.id}`, auth.editor, { notes: 'x' })).status).toBe(428);
    expect((await api.send('PATCH', `/api/projects/${body.id}`, auth.editor, { notes: 'x' }, { 'If-Match': `"projects-${body.id}-v9"` })).status).toBe(412);
    const patched = await api.send('PATCH', `/api/projects/${body.id}`, auth.editor, { notes: '催办' }, { 'If-Match': created.headers.get('ETag')! });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ notes: '催办', parcelIds: [p1, p2].sort((a, b) => a - b), signedInvestmentYi: 12, version: 2 });
    const changes = await t.db.selectFrom('changes').select(['action', 'version']).where('collection', '=', 'projects').where('featureId', '=', String(body.id)).orderBy('id').execute();
    expect(changes).toEqual([
      { action: 'create', version: 1 },
      { action: 'update', version: 2 },
    ]);
  });
});

describe('GET /api/land-status', () => {
  it('idle from one full year after the agreed start, reclaimable from two, with days and area; a start ends it', async () => {
    const project = (await api.json('/api/projects')).projects.find((p: any) => p.name === '示例项目（闲置）');
    const areaMu = (parcels.filter((f) => project.parcelIds.includes(f.id)).reduce((s, f) => s + f.properties.areaSquareMeters, 0) * 15) / 10000;

    const before = await api.json('/api/land-status?asOf=2023-12-30');
    expect(before.idle).toEqual([]);
    expect(before.suppliedNotUsed.map((e: any) => e.projectId)).toEqual([project.id]);
    expect(before.rule.zh).toContain('第 53 号');
    expect(before.approvedNotSupplied).toBeNull();

    // The project's parcels are supplied by its milestones: any parcel not in status supplied is listed.
    const statuses = new Map(parcels.map((f) => [f.id, f.properties.status]));
    expect(before.statusMismatches.map((m: any) => [m.parcelId, m.status, m.expected])).toEqual(
      project.parcelIds.filter((id: number) => statuses.get(id) !== 'supplied').map((id: number) => [id, statuses.get(id), 'supplied']),
    );
    const after = await api.json('/api/land-status?asOf=2023-12-31');
    expect(after.idle).toHaveLength(1);
    expect(after.idle[0]).toMatchObject({ projectId: project.id, state: 'idle', idleSince: '2023-12-31', reclaimableFrom: '2024-12-31', daysPastAgreedStart: 365 });
    expect(after.idle[0].areaMu).toBeCloseTo(areaMu, 9);

    const twoYears = await api.json('/api/land-status?asOf=2024-12-31');
    expect(twoYears.idle).toEqual([]);
    expect(twoYears.reclaimable[0]).toMatchObject({ projectId: project.id, daysPastAgreedStart: 731 });

    const current = await api.get(`/api/projects/${project.id}`);
    const started = await api.send('PATCH', `/api/projects/${project.id}`, auth.editor, { milestones: { started: { planned: '2022-12-31', actual: '2024-03-01' } } }, { 'If-Match': current.headers.get('ETag')! });
    expect(started.status).toBe(200);
    expect((await started.json()).milestones.supplied.actual).toBe('2022-06-30');
    expect((await api.json('/api/land-status?asOf=2024-02-29')).idle.map((e: any) => e.projectId)).toEqual([project.id]);
    const later = await api.json('/api/land-status?asOf=2024-12-31');
    expect([later.idle, later.reclaimable, later.suppliedNotUsed]).toEqual([[], [], []]);
    expect(later.statusMismatches.every((m: any) => m.expected === 'under_construction')).toBe(true);
    expect(later.statusMismatches.length).toBe(project.parcelIds.filter((id: number) => statuses.get(id) !== 'under_construction').length);
    expect((await api.get('/api/land-status?asOf=2024-13-01')).status).toBe(400);
  });
});

describe('funds in place per year (资金到位, migration 0012)', () => {
  it('stores, serves and replaces a year → 亿元 record; a bad year or a negative figure is refused whole', async () => {
    const created = await api.send('POST', '/api/projects', auth.editor, { name: '示例项目（到位资金）', fundsInPlaceYi: { '2024': 3.5, '2025': 6 } });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.fundsInPlaceYi).toEqual({ '2024': 3.5, '2025': 6 });
    expect((await api.json(`/api/projects/${body.id}`)).fundsInPlaceYi).toEqual({ '2024': 3.5, '2025': 6 });
    // Left out: none recorded.
    const bare = await (await api.send('POST', '/api/projects', auth.editor, { name: '示例项目（无到位资金）' })).json();
    expect(bare.fundsInPlaceYi).toEqual({});

    for (const bad of [{ '24': 1 }, { '2024': -1 }, { '2024': 'x' }]) {
      const res = await api.send('POST', '/api/projects', auth.editor, { name: '示例项目（坏）', fundsInPlaceYi: bad });
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.messageZh).toBeTruthy();
      expect(problem.messageEn).toBeTruthy();
    }

    const patched = await api.send('PATCH', `/api/projects/${body.id}`, auth.editor, { fundsInPlaceYi: { '2025': 7.25 } }, { 'If-Match': created.headers.get('ETag')! });
    expect(patched.status).toBe(200);
    expect((await patched.json()).fundsInPlaceYi).toEqual({ '2025': 7.25 });
    // A patch that names other fields keeps the record.
    const kept = await api.send('PATCH', `/api/projects/${body.id}`, auth.editor, { notes: '已到位' }, { 'If-Match': patched.headers.get('ETag')! });
    expect((await kept.json()).fundsInPlaceYi).toEqual({ '2025': 7.25 });
  });
});
