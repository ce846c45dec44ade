/**
 * Statistics imports over HTTP on a fresh database: an XLSX with one bad row
 * is previewed with that row's reasons and refused whole at commit; a GBK
 * CSV in 万元 under a chosen mapping commits every row as one edit, adding
 * a year and replacing another with its history; a second commit, a viewer
 * and an unreadable file are refused.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGbk } from '../../domain/io/textEncoding';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { BASE, planApi } from './planApi';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
const ids: Record<string, number> = {};
// The example code printed in GB 32100-2015.
const CODE = '91350100M000100Y43';
const IMPORTS = '/api/enterprise-statistics/imports';

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  api = planApi(app);
  auth = await addUsers(t.db);
  for (const [name, creditCode] of [['示例导入甲', CODE], ['示例导入乙', null]] as const) {
    const res = await api.send('POST', '/api/enterprises', auth.editor, { name, scale: 'above_scale', creditCode });
    ids[name] = (await res.json()).id;
  }
  // 2023 of 乙 exists already: the import replaces it.
  await api.send('PUT', `/api/enterprises/${ids['示例导入乙']}/statistics/2023`, auth.editor, { taxYi: 0.01 });
});
afterAll(async () => t.dispose());

function upload(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}, who = auth.editor) {
  const form = new FormData();
  form.set('file', new File([bytes as BlobPart], fileName));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request(`${BASE}${IMPORTS}`, { method: 'POST', body: form, headers: { Authorization: who } });
}

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('统计');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const statisticsState = async () => ({
  rows: await t.db.selectFrom('enterpriseStatistics').selectAll().orderBy('enterpriseId').orderBy('year').execute(),
  changes: (await t.db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
});

describe('an XLSX with a bad row', () => {
  it('previews every row with its verdict and refuses the commit whole, writing nothing', async () => {
    const bytes = await xlsx([
      ['统一社会信用代码', '企业名称', '年份', '营业收入（亿元）', '税收（亿元）', '综合能耗（吨标准煤）', '从业人员'],
      [CODE, '示例导入甲', 2024, 4, 0.2, 3000, 400],
      [null, '示例导入乙', 2024, 1, -0.5, 800, 90],
      [null, '示例不存在', 2024, 1, 0.1, 100, 10],
    ]);
    const res = await upload(bytes, 'stats.xlsx');
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview.format).toBe('xlsx');
    expect(preview.moneyUnit).toBe('yi');
    expect(preview.mapping).toMatchObject({ '0': 'creditCode', '1': 'name', '2': 'year', '3': 'revenueYi', '4': 'taxYi', '5': 'energyTce', '6': 'employees' });
    expect(preview.counts).toEqual({ rows: 3, valid: 1, invalid: 2, create: 1, update: 0 });
    expect(preview.rows[0]).toMatchObject({ line: 2, enterpriseId: ids['示例导入甲'], action: 'create', figures: { revenueYi: 4, taxYi: 0.2, energyTce: 3000, employees: 400 } });
    expect(preview.rows[1].errors.map((e: any) => [e.field, e.code])).toEqual([['taxYi', 'INVALID_PROPERTIES']]);
    expect(preview.rows[2].errors[0]).toMatchObject({ code: 'UNKNOWN_ENTERPRISE', messageZh: expect.stringContaining('未找到该企业') });

    const before = await statisticsState();
    const commit = await api.send('POST', `${IMPORTS}/${preview.id}/commit`, auth.editor, {});
    expect(commit.status).toBe(422);
    const body = await commit.json();
    expect(body.code).toBe('ROWS_INVALID');
    expect(body.messageEn).toContain('nothing was imported');
    expect(body.preview.counts.invalid).toBe(2);
    expect(await statisticsState()).toEqual(before);
  });
});

describe('a GBK CSV in 万元', () => {
  it('commits every row as one edit under a chosen mapping: a new year created, an existing one replaced with history', async () => {
    const csv = ['名称,年度,备注,营收（万元）,税（万元）', '示例导入乙,2023,修正,"12,000",300', '示例导入乙,2024,,9000,250', `示例导入甲,2025,,100,1`].join('\r\n');
    const res = await upload(encodeGbk(csv), 'stats.csv');
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview.format).toBe('csv');
    expect(preview.header[0]).toBe('名称');
    // 税（万元） is not recognised from its header: the planner maps it, and the unit.
    const mapping = { ...preview.suggested.mapping, '4': 'taxYi' };
    const chosen = await api.send('POST', `${IMPORTS}/${preview.id}/preview`, auth.editor, { mapping, moneyUnit: 'wan' });
    expect(chosen.status).toBe(200);
    const shown = await chosen.json();
    expect(shown.counts).toEqual({ rows: 3, valid: 3, invalid: 0, create: 2, update: 1 });
    expect(shown.rows[0]).toMatchObject({ action: 'update', figures: { revenueYi: 1.2, taxYi: 0.03 } });
    expect(await api.send('POST', `${IMPORTS}/${preview.id}/commit`, auth.viewer, { mapping, moneyUnit: 'wan' })).toHaveProperty('status', 403);

    const commit = await api.send('POST', `${IMPORTS}/${preview.id}/commit`, auth.editor, { mapping, moneyUnit: 'wan' });
    expect(commit.status).toBe(201);
    const done = await commit.json();
    expect(done).toMatchObject({ created: 2, updated: 1 });
    expect(commit.headers.get('X-Edit-Id')).toBe(String(done.editId));

    const yi = (await api.json(`/api/enterprises/${ids['示例导入乙']}`)).statistics;
    expect(yi.map((s: any) => [s.year, s.revenueYi, s.taxYi, s.version])).toEqual([
      [2023, 1.2, 0.03, 2],
      [2024, 0.9, 0.025, 1],
    ]);
    const changes = await t.db.selectFrom('changes').selectAll().where('editId', '=', done.editId).orderBy('id').execute();
    expect(changes.map((c) => [c.collection, c.featureId, c.action])).toEqual([
      ['enterprise_statistics', `${ids['示例导入乙']}/2023`, 'update'],
      ['enterprise_statistics', `${ids['示例导入乙']}/2024`, 'create'],
      ['enterprise_statistics', `${ids['示例导入甲']}/2025`, 'create'],
    ]);
    expect(JSON.parse(changes[0]!.before!).properties.taxYi).toBe(0.01);
    const edit = await t.db.selectFrom('edits').selectAll().where('id', '=', done.editId).executeTakeFirstOrThrow();
    expect(edit).toMatchObject({ kind: 'statistics-import', username: 'editor' });

    const again = await api.send('POST', `${IMPORTS}/${preview.id}/commit`, auth.editor, { mapping, moneyUnit: 'wan' });
    expect(again.status).toBe(409);

    // The whole import undone as one edit: the added years go, the replaced one has its earlier figures again.
    const undo = await api.send('POST', `/api/edits/${done.editId}/undo`, auth.editor, {});
    expect(undo.status, await undo.clone().text()).toBe(200);
    const back = (await api.json(`/api/enterprises/${ids['示例导入乙']}`)).statistics;
    expect(back.map((s: any) => [s.year, s.taxYi])).toEqual([[2023, 0.01]]);
    expect((await api.json(`/api/enterprises/${ids['示例导入甲']}`)).statistics.map((s: any) => s.year)).not.toContain(2025);
  });
});

describe('refusals', () => {
  it('a viewer cannot upload; a corrupt XLSX is a 422 with its reason; an unknown import is 404; a bad mapping 400', async () => {
    expect((await upload(new TextEncoder().encode('名称,年份\n示例,2024'), 's.csv', {}, auth.viewer)).status).toBe(403);
    const corrupt = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'broken.xlsx');
    expect(corrupt.status).toBe(422);
    expect((await corrupt.json()).code).toBe('ARCHIVE_CORRUPT');
    const empty = await upload(new TextEncoder().encode('名称,年份\n'), 'empty.csv');
    expect((await empty.json()).code).toBe('NO_FEATURES');
    expect((await api.send('POST', `${IMPORTS}/00000000-0000-0000-0000-000000000000/preview`, auth.editor, {})).status).toBe(404);
    expect((await upload(new TextEncoder().encode('名称,年份\n示例,2024'), 's.csv', { mapping: '{"0":"salary"}' })).status).toBe(400);
  });
});
