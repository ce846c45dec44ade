/**
 * The enterprise register over HTTP on a fresh database: editors create and
 * patch enterprises (credit code checked, bilingual reasons, If-Match),
 * statistics per year, history as one edit per write, and the 亩均 figures
 * recomputed here from the served parcels of the same name.
 */
import { sql } from 'kysely';
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

const SECURED = ['supplied', 'under_construction', 'in_production'];
// The example code printed in GB 32100-2015 (check character 3).
const GOOD_CODE = '91350100M000100Y43';

const enterprise = (name: string, fields: Record<string, unknown> = {}) => ({ name, scale: 'above_scale', industryChain: 'new_energy', tags: ['high_tech'], ...fields });

describe('who may write', () => {
  it('anonymous 401, viewer 403; reads are open', async () => {
    expect((await api.send('POST', '/api/enterprises', null, enterprise('示例无权企业'))).status).toBe(401);
    const viewer = await api.send('POST', '/api/enterprises', auth.viewer, enterprise('示例无权企业'));
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).code).toBe('FORBIDDEN');
    expect((await api.send('PUT', '/api/enterprises/1/statistics/2024', auth.viewer, {})).status).toBe(403);
    expect((await api.get('/api/enterprises')).status).toBe(200);
    const after = await api.json('/api/enterprises?q=无权');
    expect(after.enterprises).toEqual([]);
  });
});

describe('create and validate', () => {
  it('creates with a valid code (lower case accepted, stored upper), ETag and Location, as one edit', async () => {
    const res = await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例储能科技', { creditCode: GOOD_CODE.toLowerCase(), tags: ['listed', 'high_tech'] }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ name: '示例储能科技', creditCode: GOOD_CODE, scale: 'above_scale', tags: ['high_tech', 'listed'], version: 1 });
    expect(res.headers.get('ETag')).toBe(`"enterprises-${body.id}-v1"`);
    expect(res.headers.get('Location')).toMatch(new RegExp(`/api/enterprises/${body.id}$`));
    const changes = await t.db.selectFrom('changes').selectAll().where('collection', '=', 'enterprises').where('featureId', '=', String(body.id)).execute();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.action).toBe('create');
    const edit = await t.db.selectFrom('edits').selectAll().where('id', '=', changes[0]!.editId!).executeTakeFirstOrThrow();
    expect(edit).toMatchObject({ kind: 'enterprise', username: 'editor' });
    expect(res.headers.get('X-Edit-Id')).toBe(String(edit.id));
    // Undone like a parcel's create: the enterprise goes; undoing the undo brings it back under its id.
    const undo = await api.send('POST', `/api/edits/${edit.id}/undo`, auth.editor, {});
    expect(undo.status, await undo.clone().text()).toBe(200);
    expect((await api.get(`/api/enterprises/${body.id}`)).status).toBe(404);
    const redo = await api.send('POST', `/api/edits/${(await undo.json()).editId}/undo`, auth.editor, {});
    expect(redo.status, await redo.clone().text()).toBe(200);
    expect(await api.json(`/api/enterprises/${body.id}`)).toMatchObject({ enterprise: { name: '示例储能科技', creditCode: GOOD_CODE, tags: ['high_tech', 'listed'], version: 2 } });
  });

  it('refuses a wrong check character with 422 in Chinese and English, naming the expected one, and saves nothing', async () => {
    const before = await t.db.selectFrom('edits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例错码企业', { creditCode: '91350100M000100Y44' }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('CREDIT_CODE_CHECK');
    expect(body.messageZh).toContain('校验码');
    expect(body.messageEn).toContain('check character');
    expect(body.detail).toContain('should be 3');
    const malformed = await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例错码企业', { creditCode: '91350100I000100Y43' }));
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).code).toBe('CREDIT_CODE_FORMAT');
    expect((await api.json('/api/enterprises?q=错码')).enterprises).toEqual([]);
    const after = await t.db.selectFrom('edits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a duplicate name or credit code with 409; an unknown chain with 400', async () => {
    const sameName = await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例储能科技'));
    expect(sameName.status).toBe(409);
    expect((await sameName.json()).code).toBe('ENTERPRISE_EXISTS');
    const sameCode = await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例另一企业', { creditCode: GOOD_CODE }));
    expect(sameCode.status).toBe(409);
    expect((await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例链错', { industryChain: 'steel' }))).status).toBe(400);
  });

  /** PostgreSQL: until some statement waits on a lock (the request's insert); SQLite: long enough for the sign-in to pass. */
  async function untilRequestWaits(): Promise<void> {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    if (t.backend !== 'postgres') return void (await pause(1000));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await pause(50);
      const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`.execute(t.db);
      if (waiting.rows[0]!.n > 0) return;
    }
    throw new Error('the request never waited on the held insert');
  }

  it('a create racing another writer of the same name past the duplicate check gets 409, not 500', async () => {
    // Another transaction inserts the name and holds its commit. On PostgreSQL the request's check cannot see the
    // uncommitted row, so its insert waits on the unique index and then fails; on SQLite the request waits for the
    // writer and its check finds the row. Either way: 409 and one row.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const held = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('enterprises').values({ name: '示例并发企业', creditCode: null, industryChain: null, scale: 'below_scale', tags: '[]', notes: null, version: 1, updatedAt: new Date().toISOString() }).execute();
      inserted();
      await gate;
    });
    await insertedSignal;
    const request = api.send('POST', '/api/enterprises', auth.editor, enterprise('示例并发企业'));
    await untilRequestWaits();
    release();
    await held;
    const res = await request;
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('ENTERPRISE_EXISTS');
    expect((await api.json(`/api/enterprises?q=${encodeURIComponent('示例并发企业')}`)).enterprises).toHaveLength(1);
  });
});

describe('patch with If-Match', () => {
  it('428 without, 412 on a stale version, 200 with the current one', async () => {
    const created = await (await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例材料', { creditCode: '911101080000000007', notes: '备注' }))).json();
    const path = `/api/enterprises/${created.id}`;
    expect((await api.send('PATCH', path, auth.editor, { scale: 'below_scale' })).status).toBe(428);
    const ok = await api.send('PATCH', path, auth.editor, { scale: 'below_scale', tags: ['specialized_new'] }, { 'If-Match': `"enterprises-${created.id}-v1"` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe(`"enterprises-${created.id}-v2"`);
    // Fields not sent are kept.
    expect(await ok.json()).toMatchObject({ name: '示例材料', scale: 'below_scale', tags: ['specialized_new'], creditCode: '911101080000000007', industryChain: 'new_energy', notes: '备注', version: 2 });
    const stale = await api.send('PATCH', path, auth.editor, { notes: '覆盖' }, { 'If-Match': `"enterprises-${created.id}-v1"` });
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe('PRECONDITION_FAILED');
    const badCode = await api.send('PATCH', path, auth.editor, { creditCode: '911101080000000008' }, { 'If-Match': `"enterprises-${created.id}-v2"` });
    expect(badCode.status).toBe(422);
    expect((await api.json(path)).enterprise).toMatchObject({ version: 2, notes: '备注', creditCode: '911101080000000007' });
  });
});

describe('statistics and 亩均', () => {
  it('upserts a year, needs If-Match to replace it, and computes 亩均 on the land of the parcels linked to it', async () => {
    // A secured seeded parcel with an enterprise label; parcels of that label are offered, linked, then counted while secured.
    const linked = parcels.find((f) => f.properties.enterprise && SECURED.includes(f.properties.status));
    expect(linked).toBeDefined();
    const name: string = linked.properties.enterprise;
    const sameName = parcels.filter((f) => f.properties.enterprise === name);
    const landSquareMeters = sameName.filter((f) => SECURED.includes(f.properties.status)).reduce((s, f) => s + f.properties.areaSquareMeters, 0);
    const landMu = (landSquareMeters * 15) / 10000;
    expect(landMu).toBeGreaterThan(0);

    const createdRes = await api.send('POST', '/api/enterprises', auth.editor, enterprise(name));
    const created = await createdRes.json();
    const offered = await api.json(`/api/enterprises/${created.id}`);
    expect(offered.parcels).toEqual([]);
    expect(offered.landMu).toBe(0);
    expect(offered.suggestedParcels.map((p: any) => p.id).sort()).toEqual(sameName.map((f) => f.id).sort());
    const link = await api.send('PUT', `/api/enterprises/${created.id}/parcels`, auth.editor, { parcelIds: sameName.map((f) => f.id) }, { 'If-Match': createdRes.headers.get('ETag')! });
    expect(link.status).toBe(200);
    const statsPath = `/api/enterprises/${created.id}/statistics/2024`;
    const figures = { outputYi: 5, revenueYi: 4, taxYi: 0.2, valueAddedYi: 1.2, energyTce: 3000, rdYi: 0.16, employees: 400 };
    const first = await api.send('PUT', statsPath, auth.editor, figures);
    expect(first.status).toBe(201);
    expect(first.headers.get('ETag')).toBe(`"enterprise-statistics-${created.id}-2024-v1"`);

    expect((await api.send('PUT', statsPath, auth.editor, { ...figures, taxYi: 0.3 })).status).toBe(428);
    expect((await api.send('PUT', statsPath, auth.editor, { ...figures, taxYi: 0.3 }, { 'If-Match': `"enterprise-statistics-${created.id}-2024-v9"` })).status).toBe(412);
    const replaced = await api.send('PUT', statsPath, auth.editor, { ...figures, taxYi: 0.3 }, { 'If-Match': first.headers.get('ETag')! });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ year: 2024, taxYi: 0.3, version: 2 });
    expect((await api.send('PUT', `/api/enterprises/${created.id}/statistics/2023`, auth.editor, { taxYi: -1 })).status).toBe(400);
    expect((await api.send('PUT', `/api/enterprises/${created.id}/statistics/2023`, auth.editor, { taxYi: 0.1 })).status).toBe(201);

    const detail = await api.json(`/api/enterprises/${created.id}`);
    expect(detail.parcels.map((p: any) => p.id).sort()).toEqual(sameName.map((f) => f.id).sort());
    expect(detail.landMu).toBeCloseTo(landMu, 6);
    expect(detail.suggestedParcels).toEqual([]);
    expect(detail.parcels.every((p: any) => p.labelMatches)).toBe(true);
    expect(detail.landRule.zh).toContain('按编号');
    expect(detail.statistics.map((s: any) => s.year)).toEqual([2023, 2024]);
    const y2024 = detail.efficiency.find((e: any) => e.year === 2024);
    expect(y2024.taxPerMuWan).toBeCloseTo((0.3 * 10000) / landMu, 6);
    expect(y2024.revenuePerMuWan).toBeCloseTo((4 * 10000) / landMu, 6);
    expect(y2024.valueAddedPerTceWan).toBeCloseTo((1.2 * 10000) / 3000, 9);
    expect(y2024.rdSharePercent).toBeCloseTo(4, 9);
    expect(y2024.valueAddedPerEmployeeWan).toBeCloseTo(30, 9);
    const y2023 = detail.efficiency.find((e: any) => e.year === 2023);
    expect(y2023).toMatchObject({ revenuePerMuWan: null, valueAddedPerTceWan: null, rdSharePercent: null });

    const listed = (await api.json(`/api/enterprises?q=${encodeURIComponent(name)}`)).enterprises.find((e: any) => e.id === created.id);
    expect(listed.landMu).toBeCloseTo(landMu, 6);

    const statChanges = await t.db.selectFrom('changes').select(['action', 'version']).where('collection', '=', 'enterprise_statistics').where('featureId', '=', `${created.id}/2024`).orderBy('id').execute();
    expect(statChanges).toEqual([{ action: 'create', version: 1 }, { action: 'update', version: 2 }]);
  });

  it('an enterprise without parcels has no per-亩 figures, never Infinity', async () => {
    const created = await (await api.send('POST', '/api/enterprises', auth.editor, enterprise('示例无地企业', { scale: 'below_scale' }))).json();
    await api.send('PUT', `/api/enterprises/${created.id}/statistics/2025`, auth.editor, { taxYi: 0.05, revenueYi: 1 });
    const detail = await api.json(`/api/enterprises/${created.id}`);
    expect(detail.landMu).toBe(0);
    expect(detail.efficiency[0]).toMatchObject({ year: 2025, taxPerMuWan: null, revenuePerMuWan: null });
  });

  it('search matches part of the name or the start of the code, with % taken literally', async () => {
    const hits = (await api.json(`/api/enterprises?q=${encodeURIComponent('储能')}`)).enterprises.map((e: any) => e.name);
    expect(hits).toContain('示例储能科技');
    expect((await api.json('/api/enterprises?q=913501')).enterprises.map((e: any) => e.name)).toEqual(['示例储能科技']);
    expect((await api.json('/api/enterprises?q=%25')).enterprises).toEqual([]);
    expect((await api.json('/api/enterprises?tag=listed')).enterprises.map((e: any) => e.name)).toEqual(['示例储能科技']);
    expect((await api.get('/api/enterprises?scale=huge')).status).toBe(400);
  });

  it('404 for an unknown enterprise', async () => {
    expect((await api.get('/api/enterprises/999999')).status).toBe(404);
    expect((await api.send('PUT', '/api/enterprises/999999/statistics/2024', auth.editor, {})).status).toBe(404);
  });
});
