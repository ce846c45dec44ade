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
import { TALLY_ROLE_LABELS } from '../../domain/targetWords';
import { TARGET_TABLE_HEADER, type TargetSection, type TargetTableRow } from './reportModel';

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

/** "力争突破 aim for (over)": the plan's word for a figure, both languages in one cell. */
const wording = (w: { zh: string; en: string } | null) => (w === null ? '' : `${w.zh} ${w.en}`);

export function targetTableCsv(rows: readonly TargetTableRow[]): string {
  return toCsv([
    TARGET_TABLE_HEADER,
    ...rows.map((r) => [
      text(r.code),
      text(r.labelZh),
      text(r.labelEn),
      r.unitZh,
      wording(r.wording.floor),
      plainFigure(r.floor, r.unit),
      wording(r.wording.stretch),
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
      ...section.stations.map((s) => [s.id, text(s.name), s.kind, s.status, TALLY_ROLE_LABELS[s.role].zh, plainFigure(s.value, row.unit)]),
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
      TALLY_ROLE_LABELS[p.role].zh,
      plainFigure(p.value, row.unit),
      p.straddling ? '是 yes' : '',
    ]),
  ]);
}
