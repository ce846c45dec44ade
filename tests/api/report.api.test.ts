/**
 * The completion report against the tally API: the HTML table's cells are
 * the tally's figures formatted as the dashboard formats them (rebuilt here
 * with Intl, not with the server's formatter), the XLSX read back with
 * exceljs holds the same numbers, the CSV too; every value is escaped.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelWording, TALLY_ROLE_LABELS, TARGET_LEVEL_LABELS } from '../../domain/targetWords';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers } from '../support/places';
import { PLAN, planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let tally: any;
const HOSTILE_NAME = '<script>alert("x")</script> & 地块, "引号"';
const HOSTILE_ENTERPRISE = `=HYPERLINK("http://evil") ' <img src=x onerror=alert(1)>`;

/** The dashboard's decimals (client/format.ts UNIT_DECIMALS), restated. */
const DECIMALS: Record<string, number> = { mu: 1, m2: 0, yi_yuan: 2, count: 0 };
const shown = (value: number, unit: string) => value.toLocaleString('zh-CN', { minimumFractionDigits: DECIMALS[unit], maximumFractionDigits: DECIMALS[unit] });
const percent = (f: number) => f.toLocaleString('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** The dictionary's wording of a served figure, both languages in one cell (XLSX, CSV). */
const wordingCell = (level: any, word: any) => `${levelWording(level, word).zh} ${levelWording(level, word).en}`;
/** Words the report used before it took the dashboard's: none may come back. */
const RETIRED_WORDS = /Floor|Stretch|已完成|在途|Achieved/;

beforeAll(async () => {
  t = await createTestDatabase();
  const app = createApp(t.db);
  api = planApi(app);
  const auth = await addUsers(t.db);
  // A parcel with hostile text, counted by A2, so it reaches the report's parcel lists.
  const layers = await loadSeedLayers(async (p) => api.get(p));
  const res = await api.send('POST', '/ogc/collections/parcels/items', auth.editor, {
    type: 'Feature',
    geometry: emptySpotInZone(layers, 'A2'),
    properties: { name: HOSTILE_NAME, landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: HOSTILE_ENTERPRISE, industryChain: 'other' },
  });
  expect(res.status).toBe(201);
  tally = await api.tally();
});
afterAll(async () => t.dispose());

const decode = (s: string) =>
  s.replace(/&#(\d+);/g, (_m, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

function cell(rowHtml: string, field: string): string {
  const m = new RegExp(`data-field="${field}">([^<]*)<`).exec(rowHtml);
  if (!m) throw new Error(`no ${field} cell`);
  return decode(m[1]!);
}

describe('GET /api/plans/{planId}/report (HTML)', () => {
  let page: string;
  let res: Response;
  beforeAll(async () => {
    res = await api.get(`/api/plans/${PLAN}/report`);
    page = await res.text();
  });

  it('is a CSP-safe printable page with title, source document, date and provenance', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(page).toContain('@page { size: A4');
    expect(page).toContain(tally.plan.nameZh);
    expect(page).toContain('万盛经开发〔2023〕3号');
    expect(page).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T[^"]+">\d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/time>/);
    expect(page).toContain('data-illustrative="true"');
    expect(page).toContain('示意');
    expect(res.headers.get('Content-Disposition')).toMatch(/^inline; filename="wansheng-2023-2025-report\.html"; filename\*=UTF-8''%E4%B8%87/);
  });

  it('the target table equals the tally API to the last digit shown', () => {
    const rows = [...page.matchAll(/<tr data-target="([^"]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => decode(r[1]!))).toEqual(tally.targets.map((x: any) => x.code));
    for (const [, code, rowHtml] of rows) {
      const x = tally.targets.find((y: any) => y.code === decode(code!));
      expect(cell(rowHtml!, 'floor'), `${x.code} floor`).toBe(shown(x.floor, x.unit));
      expect(cell(rowHtml!, 'floor-level'), `${x.code} level`).toBe(TARGET_LEVEL_LABELS[x.floorLevel as 'ensure'].zh);
      expect(rowHtml).toContain(levelWording(x.floorLevel, x.floorWordZh).en);
      expect(cell(rowHtml!, 'stretch')).toBe(x.stretch === null ? '—' : shown(x.stretch, x.unit));
      expect(cell(rowHtml!, 'secured'), `${x.code} secured`).toBe(shown(x.secured, x.unit));
      expect(cell(rowHtml!, 'pipeline')).toBe(shown(x.pipeline, x.unit));
      expect(cell(rowHtml!, 'share')).toBe(percent(x.secured / x.floor));
      expect(cell(rowHtml!, 'gap')).toBe(shown(x.remaining, x.unit));
      expect(cell(rowHtml!, 'verdict')).toBe(x.met ? '达成' : '未达成');
    }
    expect(page).toContain('5,000.0');
  });

  it('words each figure as the plan does and names the groups as the dashboard does', () => {
    const b1 = [...page.matchAll(/<tr data-target="(B1\.[a-z]+)">([\s\S]*?)<\/tr>/g)];
    expect(b1.map((m) => cell(m[2]!, 'floor-level'))).toEqual(['力争', '力争', '力争']);
    expect(b1[1]![2]).toContain('力争</span> 突破 <span data-field="floor">150.00</span>');
    expect(b1[1]![2]).toContain('aim for (over)');
    const a0 = /<tr data-target="A0">([\s\S]*?)<\/tr>/.exec(page)![1]!;
    expect(a0).toContain('目标</span> <span data-field="floor">5,000.0</span>以上');
    expect(page).toContain(`<th>${TALLY_ROLE_LABELS.secured.zh} ${TALLY_ROLE_LABELS.secured.en}</th><th>${TALLY_ROLE_LABELS.pipeline.zh} ${TALLY_ROLE_LABELS.pipeline.en}</th>`);
    expect(page).toContain(`<td>${TALLY_ROLE_LABELS.pipeline.zh}</td>`);
    expect(page).not.toMatch(RETIRED_WORDS);
    expect(page).not.toMatch(/确保 [\d,]/);
  });

  it('lists each target’s parcels and a map per expansion area and featured park', () => {
    for (const x of tally.targets) expect(page).toContain(`<table class="parcels" data-target="${x.code}">`);
    const parks = [...page.matchAll(/<section class="park" data-park="([^"]+)">[\s\S]*?<svg[^>]*viewBox="0 0 (\d+) (\d+)"[\s\S]*?<\/svg>/g)];
    expect(parks.map((p) => p[1])).toEqual(['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3']);
    expect(page).toContain('fill="#c8442f"');
    expect(page).toContain('.park { break-before: page; }');
  });

  it('numbers every parcel of each zone on its map (as the ledger places them) and draws a north arrow', async () => {
    const layers = await loadSeedLayers(async (p) => api.get(p));
    for (const [, code, body] of page.matchAll(/<section class="park" data-park="([^"]+)">([\s\S]*?)<\/section>/g)) {
      const svg = /<svg[^>]*viewBox="0 0 (\d+) (\d+)"[\s\S]*?<\/svg>/.exec(body!)!;
      const [width, height] = [Number(svg[1]), Number(svg[2])];
      const labels = [...svg[0].matchAll(/<text class="parcel-no" data-parcel="(\d+)" x="([\d.]+)" y="([\d.]+)">(\d+)<\/text>/g)];
      const inZone = layers.parcels.features
        .filter((f) => (f.properties!.zoneCells as { zones: string[] }[]).some((c) => c.zones.includes(code!)))
        .map((f) => Number(f.id))
        .sort((a, b) => a - b);
      expect(inZone.length, `${code} has parcels`).toBeGreaterThan(0);
      expect(labels.map((l) => Number(l[4])).sort((a, b) => a - b), `${code} parcel numbers`).toEqual(inZone);
      for (const l of labels) {
        expect(l[1]).toBe(l[4]);
        expect(Number(l[2])).toBeGreaterThan(0);
        expect(Number(l[2])).toBeLessThan(width);
        expect(Number(l[3])).toBeGreaterThan(0);
        expect(Number(l[3])).toBeLessThan(height);
      }
      expect(svg[0], `${code} north arrow`).toMatch(/<g class="north-arrow"[^>]*aria-label="指北针 North arrow">[\s\S]*?>N<\/text><\/g>/);
    }
  });

  it('escapes every value: hostile parcel text appears only escaped', () => {
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; 地块, &#34;引号&#34;');
  });
});

describe('GET /api/plans/{planId}/report.xlsx', () => {
  let wb: ExcelJS.Workbook;
  let res: Response;
  beforeAll(async () => {
    res = await api.get(`/api/plans/${PLAN}/report.xlsx`);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as any);
  });

  it('opens with the target table as numbers equal to the tally, with the dashboard’s number formats', () => {
    expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="wansheng-2023-2025-report\.xlsx"; filename\*=UTF-8''/);
    const sheet = wb.getWorksheet('指标 Targets')!;
    expect(sheet.rowCount).toBe(tally.targets.length + 1);
    tally.targets.forEach((x: any, i: number) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(x.code);
      expect(row.getCell(5).value, `${x.code} wording`).toBe(wordingCell(x.floorLevel, x.floorWordZh));
      expect(row.getCell(6).value).toBe(x.floor);
      expect(row.getCell(8).value ?? null).toBe(x.stretch);
      expect(row.getCell(9).value, `${x.code} secured`).toBe(x.secured);
      expect(row.getCell(10).value).toBe(x.pipeline);
      expect(row.getCell(12).value).toBe(x.remaining);
      expect(row.getCell(11).value as number).toBeCloseTo(x.secured / x.floor, 12);
      expect(row.getCell(13).value).toBe(x.met ? '达成' : '未达成');
      expect(row.getCell(9).numFmt).toBe({ mu: '#,##0.0', m2: '#,##0', yi_yuan: '#,##0.00', count: '#,##0', enterprises: '#,##0' }[x.unit as string]);
    });
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(8, 10)).toEqual([`${TALLY_ROLE_LABELS.secured.zh} ${TALLY_ROLE_LABELS.secured.en}`, `${TALLY_ROLE_LABELS.pipeline.zh} ${TALLY_ROLE_LABELS.pipeline.en}`]);
    expect(sheet.getRow(tally.targets.findIndex((x: any) => x.code === 'B1.investment') + 2).getCell(5).value).toBe('力争突破 aim for (over)');
    for (const s of wb.worksheets) s.eachRow((row) => row.eachCell((c) => expect(String(c.value), `${s.name}`).not.toMatch(RETIRED_WORDS)));
  });

  it('has a sheet per target whose parcel values sum to the tally, and a provenance sheet', () => {
    for (const x of tally.targets) {
      const sheet = wb.getWorksheet(x.code)!;
      expect(sheet, x.code).toBeDefined();
      let secured = 0;
      const valueColumn = x.metric === 'station_count' ? 6 : 10;
      const roleColumn = x.metric === 'station_count' ? 5 : 9;
      sheet.eachRow((row, n) => {
        if (n > 1 && row.getCell(roleColumn).value === TALLY_ROLE_LABELS.secured.zh) secured += row.getCell(valueColumn).value as number;
      });
      expect(Math.abs(secured - x.secured), x.code).toBeLessThanOrEqual(1e-9);
    }
    const provenance = wb.getWorksheet('说明 Provenance')!;
    const text = provenance.getColumn(2).values.join('\n');
    expect(text).toContain('示意');
    expect(text).toContain('万盛经开发〔2023〕3号');
  });
});

/** RFC 4180 parsing, enough for the test: quoted fields with "" and embedded commas. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('GET /api/plans/{planId}/report.csv', () => {
  it('the target table with a BOM, CRLF, and the tally’s figures to the dashboard’s decimals', async () => {
    const res = await api.get(`/api/plans/${PLAN}/report.csv`);
    expect(res.headers.get('Content-Type')).toContain('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/filename\*=UTF-8''.+\.csv$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header![0]).toBe('编号 Code');
    expect(rows.map((r) => r[0])).toEqual(tally.targets.map((x: any) => x.code));
    rows.forEach((r, i) => {
      const x = tally.targets[i];
      const fixed = (v: number) => v.toFixed(DECIMALS[x.unit]!);
      expect(r.slice(4, 13)).toEqual([
        wordingCell(x.floorLevel, x.floorWordZh),
        fixed(x.floor),
        x.stretch === null ? '' : wordingCell(x.stretchLevel, x.stretchWordZh),
        x.stretch === null ? '' : fixed(x.stretch),
        fixed(x.secured),
        fixed(x.pipeline),
        `${((x.secured / x.floor) * 100).toFixed(1)}%`,
        fixed(x.remaining),
        x.met ? '达成' : '未达成',
      ]);
    });
    expect(header!.slice(8, 10)).toEqual([`${TALLY_ROLE_LABELS.secured.zh} ${TALLY_ROLE_LABELS.secured.en}`, `${TALLY_ROLE_LABELS.pipeline.zh} ${TALLY_ROLE_LABELS.pipeline.en}`]);
    expect(text).not.toMatch(RETIRED_WORDS);
  });

  it('?table=parcels&target=A2 lists the parcels, quoting and defusing hostile text', async () => {
    const res = await api.get(`/api/plans/${PLAN}/report.csv?table=parcels&target=A2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toContain('wansheng-2023-2025-report-A2.csv');
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    const drill = await api.json(`/api/plans/${PLAN}/targets/A2/parcels`);
    expect(rows.length - 1).toBe(drill.parcels.length);
    const hostile = rows.find((r) => r[1] === HOSTILE_NAME)!;
    expect(hostile).toBeDefined();
    expect(hostile[4]).toBe(`'${HOSTILE_ENTERPRISE}`);
    const secured = rows.slice(1).filter((r) => r[8] === TALLY_ROLE_LABELS.secured.zh).reduce((s, r) => s + Number(r[9]), 0);
    expect(Math.abs(secured - drill.totals.secured)).toBeLessThan(0.05 * drill.parcels.length);
    expect((await api.get(`/api/plans/${PLAN}/report.csv?table=parcels&target=NOPE`)).status).toBe(404);
    expect((await api.get(`/api/plans/${PLAN}/report.csv?table=other`)).status).toBe(400);
  });

  it('404 for an unknown plan, in every format', async () => {
    for (const suffix of ['report', 'report.xlsx', 'report.csv']) expect((await api.get(`/api/plans/nope/${suffix}`)).status).toBe(404);
  });
});

describe('the report as the ledger stood at the end of a year (?year, ?asOf)', () => {
  it('every format restates GET /tally?year=2024, not today’s figures, and says so', async () => {
    const past = await api.json(`/api/plans/${PLAN}/tally?year=2024`);
    // The seed supplies parcels in 2025 too, so the end of 2024 must differ from now somewhere.
    expect(past.targets.some((x: any, i: number) => x.secured !== tally.targets[i].secured)).toBe(true);

    const csv = parseCsv((await (await api.get(`/api/plans/${PLAN}/report.csv?year=2024`)).text()).replace(/^\uFEFF/, ''));
    csv.slice(1).forEach((r, i) => {
      const x = past.targets[i];
      expect(r[0]).toBe(x.code);
      expect(r[8], `${x.code} secured at the end of 2024`).toBe(x.secured.toFixed(DECIMALS[x.unit]!));
    });

    const htmlRes = await api.get(`/api/plans/${PLAN}/report?year=2024`);
    expect(htmlRes.headers.get('Content-Disposition')).toContain('wansheng-2023-2025-report-2024-12-31.html');
    const page = await htmlRes.text();
    expect(page).toContain('台账截至 Ledger as of: <time datetime="2024-12-31">2024-12-31</time>');
    for (const [, code, rowHtml] of page.matchAll(/<tr data-target="([^"]+)">([\s\S]*?)<\/tr>/g)) {
      const x = past.targets.find((y: any) => y.code === decode(code!));
      expect(cell(rowHtml!, 'secured'), `${x.code} secured`).toBe(shown(x.secured, x.unit));
    }
    // The park maps draw the parcels of that day: those recorded only in 2025 are not there yet.
    const parkParcels = (text: string) => [...text.matchAll(/<section class="park"[\s\S]*?<\/section>/g)].map((m) => m[0].match(/<\/title><\/path>/g)?.length ?? 0);
    const drawnNow = parkParcels(await (await api.get(`/api/plans/${PLAN}/report`)).text());
    const drawnThen = parkParcels(page);
    expect(drawnThen).toHaveLength(7);
    drawnThen.forEach((n, i) => expect(n).toBeLessThanOrEqual(drawnNow[i]!));
    expect(drawnThen.reduce((a, b) => a + b, 0)).toBeLessThan(drawnNow.reduce((a, b) => a + b, 0));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await api.get(`/api/plans/${PLAN}/report.xlsx?asOf=2024-12-31`)).arrayBuffer());
    const meta = wb.worksheets.find((s) => s.getCell('A1').text.includes('规划'))!;
    const rows = meta.getSheetValues().map((r: any) => (Array.isArray(r) ? r.slice(1).join(' | ') : ''));
    expect(rows.join('\n')).toContain('2024-12-31 日终');
  });

  it('400 with a bilingual reason for a malformed year or date', async () => {
    for (const q of ['year=24', 'asOf=2024-02-30', 'asOf=yesterday']) {
      const res = await api.get(`/api/plans/${PLAN}/report.csv?${q}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.messageZh).toBeTruthy();
      expect(body.messageEn).toBeTruthy();
    }
  });
});
