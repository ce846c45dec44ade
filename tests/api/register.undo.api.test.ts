/**
 * Undo on the enterprise register (issue 12: writes follow the parcels'
 * rules, undo included): random sequences of enterprise creates and patches,
 * parcel links, statistics years and projects, then every edit undone newest
 * first, bring the register — and the D targets the tally counts from it —
 * back exactly to where they started; undoing the last edit's undo (redo)
 * brings the sequence's end state back. And the refusals: a created enterprise that
 * later statistics hang on, a parcel another enterprise holds now, a name
 * another enterprise took meanwhile.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi, PLAN } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcelIds: number[];

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcelIds = (await api.json('/ogc/collections/parcels/items?limit=10000')).features.map((f: any) => f.id).slice(0, 12);
  // The property links the first eight; the refusals use the ninth.
});
afterAll(async () => t?.dispose());

/** The register as rows, without versions and clocks (an undo writes the earlier content as a new version). */
async function register() {
  const enterprises = await t.db.selectFrom('enterprises').select(['id', 'name', 'creditCode', 'industryChain', 'scale', 'tags', 'notes', 'rentedFloorSquareMeters', 'aboveScaleSinceYear']).orderBy('id').execute();
  const statistics = await t.db
    .selectFrom('enterpriseStatistics')
    .select(['enterpriseId', 'year', 'outputYi', 'revenueYi', 'taxYi', 'valueAddedYi', 'energyTce', 'rdYi', 'employees'])
    .orderBy('enterpriseId')
    .orderBy('year')
    .execute();
  const links = await t.db.selectFrom('enterpriseParcels').selectAll().orderBy('parcelId').execute();
  const projects = await t.db.selectFrom('projects').select(['id', 'name', 'enterpriseId', 'signedInvestmentYi', 'plannedInvestmentYi', 'milestones', 'fundsInPlaceYi', 'notes']).orderBy('id').execute();
  const projectParcels = await t.db.selectFrom('projectParcels').selectAll().orderBy('parcelId').execute();
  return { enterprises, statistics, links, projects, projectParcels };
}

/** The D rows of the tally (counted from the register), figures only. */
async function dFigures() {
  const tally = await api.tally(PLAN);
  return tally.targets.filter((x: any) => /^D/.test(x.code)).map((x: any) => [x.code, x.secured, x.pipeline]);
}

const undo = (editId: number) => api.send('POST', `/api/edits/${editId}/undo`, auth.editor, {});

let made = 0;

describe('undo on the enterprise register', () => {
  it('undoing every edit newest first returns the register and the D targets exactly; a redo returns the end state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('create', 'patch', 'link', 'statistics', 'project', 'projectPatch'),
            pick: fc.nat(),
            value: fc.integer({ min: 1, max: 9_999 }),
          }),
          { minLength: 2, maxLength: 9 },
        ),
        async (ops) => {
          const start = await register();
          const startD = await dFigures();
          const editIds: number[] = [];
          for (const o of ops) {
            const list: any[] = (await api.json('/api/enterprises?limit=1000')).enterprises;
            const pickE = list.length ? list[o.pick % list.length] : null;
            let res: Response | null = null;
            if (o.op === 'create' || !pickE) {
              res = await api.send('POST', '/api/enterprises', auth.editor, {
                name: `示例撤销企业${made++}`,
                scale: o.value % 2 ? 'above_scale' : 'below_scale',
                industryChain: ['new_energy', 'new_materials', 'electronic_info', 'biomedicine'][o.value % 4],
                tags: o.value % 3 === 0 ? ['specialized_new'] : [],
              });
            } else if (o.op === 'patch') {
              const one = await api.get(`/api/enterprises/${pickE.id}`);
              res = await api.send('PATCH', `/api/enterprises/${pickE.id}`, auth.editor, { notes: `备注${o.value}`, scale: o.value % 2 ? 'above_scale' : 'below_scale', aboveScaleSinceYear: 2020 + (o.value % 6) }, { 'If-Match': one.headers.get('ETag')! });
            } else if (o.op === 'link') {
              const one = await api.get(`/api/enterprises/${pickE.id}`);
              // Parcels no other enterprise holds, so the link is accepted.
              const held = new Set((await t.db.selectFrom('enterpriseParcels').select(['parcelId', 'enterpriseId']).execute()).filter((r) => r.enterpriseId !== pickE.id).map((r) => r.parcelId));
              const free = parcelIds.slice(0, 8).filter((p) => !held.has(p));
              const wanted = free.filter((_, i) => (o.value >> i) & 1).slice(0, 3);
              res = await api.send('PUT', `/api/enterprises/${pickE.id}/parcels`, auth.editor, { parcelIds: wanted }, { 'If-Match': one.headers.get('ETag')! });
            } else if (o.op === 'statistics') {
              const year = 2022 + (o.value % 4);
              const existing = await t.db.selectFrom('enterpriseStatistics').select('version').where('enterpriseId', '=', pickE.id).where('year', '=', year).executeTakeFirst();
              const headers: Record<string, string> = existing ? { 'If-Match': `"enterprise-statistics-${pickE.id}-${year}-v${existing.version}"` } : {};
              res = await api.send('PUT', `/api/enterprises/${pickE.id}/statistics/${year}`, auth.editor, { outputYi: o.value / 100, taxYi: o.value / 7000, employees: o.value }, headers);
            } else if (o.op === 'project') {
              const year = 2023 + (o.value % 3);
              res = await api.send('POST', '/api/projects', auth.editor, {
                name: `示例撤销项目${made++}`,
                enterpriseId: pickE.id,
                signedInvestmentYi: o.value / 100,
                plannedInvestmentYi: o.value / 50,
                milestones: { signed: { planned: `${year}-03-01`, actual: o.value % 2 ? `${year}-04-15` : null } },
                fundsInPlaceYi: { [year]: o.value / 300 },
              });
            } else {
              const projects = await t.db.selectFrom('projects').select(['id', 'version']).orderBy('id').execute();
              if (projects.length === 0) continue;
              const p = projects[o.pick % projects.length]!;
              res = await api.send('PATCH', `/api/projects/${p.id}`, auth.editor, { signedInvestmentYi: o.value / 30, milestones: { started: { actual: '2024-05-06' } }, fundsInPlaceYi: { 2024: o.value / 40, 2025: 1 } }, { 'If-Match': `"projects-${p.id}-v${p.version}"` });
            }
            expect(res.status, `${o.op}: ${await res.clone().text()}`).toBeLessThan(300);
            const editId = Number(res.headers.get('X-Edit-Id'));
            expect(editId, o.op).toBeGreaterThan(0);
            editIds.push(editId);
          }
          const end = await register();
          const endD = await dFigures();
          // Undo the last edit and redo it (undo the undo): the end state again.
          const last = await undo(editIds.pop()!);
          expect(last.status, await last.clone().text()).toBe(200);
          const redo = await undo((await last.json()).editId);
          expect(redo.status, await redo.clone().text()).toBe(200);
          expect(await register()).toEqual(end);
          expect(await dFigures()).toEqual(endD);
          // Then everything back, newest first (the redo stands for the last edit now).
          for (const id of [(await redo.json()).editId, ...[...editIds].reverse()]) {
            const res = await undo(id);
            expect(res.status, `undo ${id}: ${await res.clone().text()}`).toBe(200);
          }
          expect(await register()).toEqual(start);
          expect(await dFigures()).toEqual(startD);
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);

  it('refuses an undo that would orphan later records, move land or reuse a name', async () => {
    const created = await api.send('POST', '/api/enterprises', auth.editor, { name: '示例撤销拒绝企业', scale: 'above_scale' });
    expect(created.status).toBe(201);
    const id = (await created.json()).id;
    const createEdit = Number(created.headers.get('X-Edit-Id'));
    const stats = await api.send('PUT', `/api/enterprises/${id}/statistics/2024`, auth.editor, { outputYi: 3 });
    expect(stats.status).toBe(201);
    // Statistics hang on the enterprise: undoing its creation first is refused, nothing written.
    const before = await register();
    const refused = await undo(createEdit);
    expect(refused.status).toBe(412);
    expect((await refused.json()).code).toBe('EDIT_SUPERSEDED');
    expect(await register()).toEqual(before);

    // Link a parcel, unlink it, let another enterprise take it: undoing the unlink would move land.
    const p = parcelIds[8]!;
    const e1 = await api.get(`/api/enterprises/${id}`);
    const linked = await api.send('PUT', `/api/enterprises/${id}/parcels`, auth.editor, { parcelIds: [p] }, { 'If-Match': e1.headers.get('ETag')! });
    expect(linked.status, await linked.clone().text()).toBe(200);
    const unlinked = await api.send('PUT', `/api/enterprises/${id}/parcels`, auth.editor, { parcelIds: [] }, { 'If-Match': linked.headers.get('ETag')! });
    expect(unlinked.status).toBe(200);
    const other = await api.send('POST', '/api/enterprises', auth.editor, { name: '示例撤销另一企业', scale: 'below_scale' });
    const otherId = (await other.json()).id;
    const took = await api.send('PUT', `/api/enterprises/${otherId}/parcels`, auth.editor, { parcelIds: [p] }, { 'If-Match': other.headers.get('ETag')! });
    expect(took.status).toBe(200);
    const moved = await undo(Number(unlinked.headers.get('X-Edit-Id')));
    expect(moved.status).toBe(412);
    expect((await moved.json()).detail).toContain(`parcel ${p}`);
    expect((await t.db.selectFrom('enterpriseParcels').select('enterpriseId').where('parcelId', '=', p).executeTakeFirst())?.enterpriseId).toBe(otherId);

    // A rename undone after another enterprise took the old name: 409, the names stay.
    const e2 = await api.get(`/api/enterprises/${otherId}`);
    const renamed = await api.send('PATCH', `/api/enterprises/${otherId}`, auth.editor, { name: '示例撤销改名' }, { 'If-Match': e2.headers.get('ETag')! });
    expect(renamed.status).toBe(200);
    const third = await api.send('POST', '/api/enterprises', auth.editor, { name: '示例撤销另一企业', scale: 'below_scale' });
    expect(third.status).toBe(201);
    const clash = await undo(Number(renamed.headers.get('X-Edit-Id')));
    expect(clash.status).toBe(409);
    expect((await clash.json()).code).toBe('ENTERPRISE_EXISTS');

    // A viewer cannot undo; the edit list offers the register's edits to editors.
    expect((await api.send('POST', `/api/edits/${Number(stats.headers.get('X-Edit-Id'))}/undo`, auth.viewer, {})).status).toBe(403);
    const ok = await undo(Number(stats.headers.get('X-Edit-Id')));
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await t.db.selectFrom('enterpriseStatistics').selectAll().where('enterpriseId', '=', id).execute()).toEqual([]);
  });
});
