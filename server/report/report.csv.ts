/**
 * The report's tables as CSV for Excel: UTF-8 with a BOM (without it Excel
 * reads UTF-8 as the ANSI code page and garbles Chinese), CRLF line ends,
 * RFC 4180 quoting. Numbers carry their unit's decimals without grouping so
 * Excel reads them as numbers; every text cell that Excel would run as a
 * formula (= + - @ tab or CR at the start) is prefixed with an apostrophe
 * (domain/io/spreadsheetText.ts, shared with every CSV and XLSX export).
 */
import { plainFigure } from '../../domain/figureFormat';
import { defuseSpreadsheetText } from '../../domain/io/spreadsheetText';
import { PARCEL_STATUS_LABELS, type ParcelStatus } from '../../domain/parcel.schema';
import { ROLE_ZH } from './report.html';
import type { TargetSection, TargetTableRow } from './reportModel';

type Cell = string | number | null;

export const CSV_BOM = '\uFEFF';

/** A text cell (null: empty). Defusing happens for every cell in `field`, so no column can be missed. */
function text(value: string | null): Cell {
  return value ?? '';
}

function field(value: Cell): string {
  const s = value === null ? '' : typeof value === 'number' ? String(value) : defuseSpreadsheetText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

const percent = (share: number | null) => (share === null ? '' : `${(share * 100).toFixed(1)}%`);

export const TARGET_CSV_HEADER = ['编号 Code', '指标 Target', 'Target (English)', '单位 Unit', '确保 Floor', '力争 Stretch', '已完成 Achieved', '在途 Pipeline', '完成率 % of floor', '差额 Gap', '结论 Verdict'];

export function targetTableCsv(rows: readonly TargetTableRow[]): string {
  return toCsv([
    TARGET_CSV_HEADER,
    ...rows.map((r) => [
      text(r.code),
      text(r.labelZh),
      text(r.labelEn),
      r.unitZh,
      plainFigure(r.floor, r.unit),
      r.stretch === null ? '' : plainFigure(r.stretch, r.unit),
      plainFigure(r.secured, r.unit),
      plainFigure(r.pipeline, r.unit),
      percent(r.share),
      plainFigure(r.gap, r.unit),
      r.verdictZh,
    ]),
  ]);
}

export function parcelTableCsv(section: TargetSection): string {
  const { row } = section;
  if (row.metric === 'station_count') {
    return toCsv([
      ['编号 Id', '站点 Station', '类型 Kind', '状态 Status', '类别 Role', `计入 Value (${row.unitZh})`],
      ...section.stations.map((s) => [s.id, text(s.name), s.kind, s.status, ROLE_ZH[s.role], plainFigure(s.value, row.unit)]),
    ]);
  }
  return toCsv([
    ['编号 Id', '地块 Parcel', '状态 Status', '供地年份 Supply year', '企业 Enterprise', '用地代码 Land use', '面积 Area (亩)', '计入比例 Share', '类别 Role', `计入 Value (${row.unitZh})`, '跨界 Straddling'],
    ...section.parcels.map((p) => [
      p.id,
      text(p.name),
      PARCEL_STATUS_LABELS[p.status as ParcelStatus]?.zh ?? p.status,
      p.supplyYear,
      text(p.enterprise),
      p.landUseCode,
      plainFigure(p.areaMu, 'mu'),
      percent(p.fraction),
      ROLE_ZH[p.role],
      plainFigure(p.value, row.unit),
      p.straddling ? '是 yes' : '',
    ]),
  ]);
}
