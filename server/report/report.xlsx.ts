/**
 * The report as an Excel workbook (exceljs): 指标 Targets (the target table),
 * one sheet per target with its parcels (or stations), and 说明 Provenance.
 * Figures are numeric cells holding the tally's own numbers, with number
 * formats showing the dashboard's decimals, so a planner can sum them and
 * still read what the report prints.
 */
import ExcelJS from 'exceljs';
import { UNIT_NUMBER_FORMATS } from '../../domain/figureFormat';
import { defuseSpreadsheetText } from '../../domain/io/spreadsheetText';
import { PARCEL_STATUS_LABELS, type ParcelStatus } from '../../domain/parcel.schema';
import { bothLanguages, TALLY_ROLE_LABELS, TARGET_LEVEL_LABELS } from '../../domain/targetWords';
import { formatCstDateTime, TARGET_TABLE_HEADER, type ReportModel, type TargetSection } from './reportModel';

const SECURED = TALLY_ROLE_LABELS.secured;
const PIPELINE = TALLY_ROLE_LABELS.pipeline;
const LEVELS = TARGET_LEVEL_LABELS;

export const TARGETS_SHEET = '指标 Targets';
export const PROVENANCE_SHEET = '说明 Provenance';
const PERCENT_FORMAT = '0.0%';

/** Excel sheet names: ≤ 31 characters, none of \ / ? * [ ] :, unique (case-insensitive). */
export function sheetName(code: string, taken: Set<string>): string {
  const base = code.replace(/[\\/?*[\]:]/g, '_').slice(0, 28) || 'target';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}~${i}`;
  taken.add(name.toLowerCase());
  return name;
}

type CellValue = string | number | null;

/**
 * A row with every text cell defused (domain/io/spreadsheetText.ts): exceljs writes
 * strings as text, but a planner who edits such a cell and presses Enter runs it.
 */
function addRow(sheet: ExcelJS.Worksheet, values: readonly CellValue[]): ExcelJS.Row {
  return sheet.addRow(values.map((v) => (typeof v === 'string' ? defuseSpreadsheetText(v) : v)));
}

function header(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  sheet.columns = titles.map((t, i) => ({ header: t, width: widths[i] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function targetsSheet(wb: ExcelJS.Workbook, model: ReportModel) {
  const sheet = wb.addWorksheet(TARGETS_SHEET);
  header(sheet, TARGET_TABLE_HEADER, [12, 44, 44, 8, 22, 14, 22, 14, 14, 14, 12, 14, 10]);
  for (const { row: r } of model.sections) {
    const wording = (w: { zh: string; en: string } | null) => (w === null ? null : `${w.zh} ${w.en}`);
    const added = addRow(sheet, [
      r.code,
      r.labelZh,
      r.labelEn,
      r.unitZh,
      wording(r.wording.floor),
      r.floor,
      wording(r.wording.stretch),
      r.stretch,
      r.secured,
      r.pipeline,
      r.share,
      r.gap,
      r.verdictZh,
    ]);
    for (const col of [6, 8, 9, 10, 12]) added.getCell(col).numFmt = UNIT_NUMBER_FORMATS[r.unit];
    added.getCell(11).numFmt = PERCENT_FORMAT;
  }
}

function targetSheet(wb: ExcelJS.Workbook, section: TargetSection, name: string) {
  const { row } = section;
  const sheet = wb.addWorksheet(name);
  const valueFormat = UNIT_NUMBER_FORMATS[row.unit];
  if (row.metric === 'station_count') {
    header(sheet, ['编号 Id', '站点 Station', '类型 Kind', '状态 Status', '类别 Role', `计入 Value (${row.unitZh})`], [8, 40, 14, 18, 10, 12]);
    for (const s of section.stations) addRow(sheet, [s.id, s.name, s.kind, s.status, TALLY_ROLE_LABELS[s.role].zh, s.value]).getCell(6).numFmt = valueFormat;
  } else {
    header(
      sheet,
      ['编号 Id', '地块 Parcel', '状态 Status', '供地年份 Supply year', '企业 Enterprise', '用地代码 Land use', '面积 Area (亩)', '计入比例 Share', '类别 Role', `计入 Value (${row.unitZh})`, '跨界 Straddling'],
      [8, 36, 10, 10, 30, 10, 12, 10, 8, 14, 8],
    );
    for (const p of section.parcels) {
      const added = addRow(sheet, [
        p.id,
        p.name,
        PARCEL_STATUS_LABELS[p.status as ParcelStatus]?.zh ?? p.status,
        p.supplyYear,
        p.enterprise,
        p.landUseCode,
        p.areaMu,
        p.fraction,
        TALLY_ROLE_LABELS[p.role].zh,
        p.value,
        p.straddling ? '是 yes' : '',
      ]);
      added.getCell(7).numFmt = UNIT_NUMBER_FORMATS.mu;
      added.getCell(8).numFmt = PERCENT_FORMAT;
      added.getCell(10).numFmt = valueFormat;
    }
  }
  const totals = sheet.addRow([]);
  totals.getCell(1).value = defuseSpreadsheetText(`${row.code} ${bothLanguages(SECURED)}`);
  totals.getCell(2).value = row.secured;
  totals.getCell(2).numFmt = valueFormat;
  const pipeline = addRow(sheet, [`${row.code} ${bothLanguages(PIPELINE)}`, row.pipeline]);
  pipeline.getCell(2).numFmt = valueFormat;
  totals.font = pipeline.font = { bold: true };
}

function provenanceSheet(wb: ExcelJS.Workbook, model: ReportModel) {
  const sheet = wb.addWorksheet(PROVENANCE_SHEET);
  sheet.columns = [{ width: 22 }, { width: 110 }];
  const rows: [string, string][] = [
    ['规划 Plan', `${model.plan.nameZh} / ${model.plan.nameEn}`],
    ['规划期 Period', `${model.plan.periodStart}—${model.plan.periodEnd}`],
    ['依据 Source document', model.plan.sourceDocument ?? '—'],
    ['台账截至 Ledger as of', model.asOf ? `${model.asOf} 日终 end of day (UTC+8)` : '当前 now'],
    ['生成时间 Generated (UTC+8)', formatCstDateTime(model.generatedAt)],
    ['数据性质 Data', model.provenance.illustrative ? '示意数据 Illustrative' : '正式数据 Official'],
    ['数据说明', model.provenance.provenanceZh],
    ['Provenance', model.provenance.provenanceEn],
    ['口径 Rules', `完成率 = ${SECURED.zh} ÷ 目标值；差额为距目标值的缺口（上限类指标为余量）。用语照录规划原文：${LEVELS.ensure.zh}、${LEVELS.strive.zh}，或直接给出的数（${LEVELS.plain.zh}）。跨界地块只计范围内面积，投资、产值与厂房面积按同一比例计入。`],
    ['Rules', `Figures equal GET /api/plans/{id}/tally (with the same ?year/?asOf) at generation time; % of target figure = ${SECURED.en.toLowerCase()} ÷ target figure. Wording as the plan states it: ${LEVELS.ensure.zh} ${LEVELS.ensure.en}, ${LEVELS.strive.zh} ${LEVELS.strive.en}, or a figure stated plainly (${LEVELS.plain.en}). Straddling parcels count only their share inside the scope, and money and factory floor area in the same proportion.`],
  ];
  for (const r of rows) addRow(sheet, r).getCell(2).alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn(1).font = { bold: true };
}

export async function renderReportXlsx(model: ReportModel): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Land Ledger 园区用地与能源一张图';
  wb.created = new Date(model.generatedAt);
  targetsSheet(wb, model);
  const taken = new Set([TARGETS_SHEET.toLowerCase(), PROVENANCE_SHEET.toLowerCase()]);
  for (const section of model.sections) targetSheet(wb, section, sheetName(section.row.code, taken));
  provenanceSheet(wb, model);
  const buffer = await wb.xlsx.writeBuffer();
  // A copy on its own ArrayBuffer: a Node Buffer may sit in a shared pool.
  const out = new Uint8Array(buffer.byteLength);
  out.set(new Uint8Array(buffer as unknown as ArrayBuffer));
  return out;
}
