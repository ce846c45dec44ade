/**
 * Annual enterprise statistics read from a table (CSV or the first sheet of
 * an XLSX): which column holds which figure (a mapping the planner confirms
 * after a suggestion from the headers), each row's figures converted to the
 * stored units and checked by the same schema as a typed entry. Pure: the
 * server finds the enterprises and writes; the client can show the same
 * suggestion.
 *
 * Money columns in a statistics office's sheet are usually 万元, the ledger
 * stores 亿元: the import names its money unit once for every money column,
 * suggested from the headers (a header saying 万元 makes it 万元).
 */
import { z } from 'zod';
import { checkCreditCode, statisticsSchema, statisticsYearSchema, WAN_PER_YI, type Statistics } from '../enterprise';
import type { ReasonCode } from '../reasons';

export const STATISTICS_FIGURES = ['outputYi', 'revenueYi', 'taxYi', 'valueAddedYi', 'energyTce', 'rdYi', 'employees'] as const;
export type StatisticsFigure = (typeof STATISTICS_FIGURES)[number];
const MONEY_FIGURES: readonly StatisticsFigure[] = ['outputYi', 'revenueYi', 'taxYi', 'valueAddedYi', 'rdYi'];

export const STATISTICS_COLUMNS = ['creditCode', 'name', 'year', ...STATISTICS_FIGURES] as const;
export type StatisticsColumn = (typeof STATISTICS_COLUMNS)[number];

export const MONEY_UNITS = ['yi', 'wan'] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

/** Header words, most specific first: a header is suggested for the first field one of whose words it contains. */
const HEADER_WORDS: readonly [StatisticsColumn, readonly string[]][] = [
  ['creditCode', ['统一社会信用代码', '信用代码', 'creditcode', 'uscc']],
  ['valueAddedYi', ['增加值', 'valueadded']],
  ['rdYi', ['研发', 'r&d', 'rd']],
  ['energyTce', ['综合能耗', '能耗', 'energy']],
  ['outputYi', ['产值', 'output']],
  ['revenueYi', ['营业收入', '主营业务收入', '营收', 'revenue']],
  ['taxYi', ['税收', '实缴税金', '税金', '纳税', 'tax']],
  ['employees', ['从业人员', '职工', '员工', '人数', 'employees']],
  ['year', ['年份', '年度', 'year']],
  ['name', ['企业名称', '单位名称', '企业', '名称', 'name']],
];

/** Column index (as text) → field; columns absent from it are ignored. */
export type StatisticsMapping = Partial<Record<string, StatisticsColumn>>;

export const statisticsMappingSchema = z.record(z.string().regex(/^\d{1,4}$/), z.enum(STATISTICS_COLUMNS));

/** A Latin word of two letters (rd) matches a whole header only: it sits inside too many words. */
const SHORT_LATIN = /^[a-z]{1,2}$/;

const normaliseHeader = (h: string) => h.toLowerCase().replace(/[\s_（）()]/g, '');

/** A mapping from the headers: each field taken by the first column naming it. */
export function suggestStatisticsMapping(header: readonly string[]): StatisticsMapping {
  const mapping: StatisticsMapping = {};
  const taken = new Set<StatisticsColumn>();
  header.forEach((h, i) => {
    const text = normaliseHeader(h);
    const hit = HEADER_WORDS.find(([field, words]) => !taken.has(field) && words.some((w) => (SHORT_LATIN.test(w) ? text === w : text.includes(w))));
    if (hit) {
      mapping[String(i)] = hit[0];
      taken.add(hit[0]);
    }
  });
  return mapping;
}

/** 万元 when a money column's header says 万元 (or 万), else 亿元. */
export function suggestMoneyUnit(header: readonly string[], mapping: StatisticsMapping): MoneyUnit {
  for (const [index, field] of Object.entries(mapping)) {
    if (field && MONEY_FIGURES.includes(field as StatisticsFigure) && /万/.test(header[Number(index)] ?? '')) return 'wan';
  }
  return 'yi';
}

export type Cell = string | number | null;

export interface RowFinding {
  field: StatisticsColumn | null;
  code: ReasonCode;
  detail?: string;
}

export interface StatisticsRow {
  /** The row's line in the file (1-based, the header being line 1 of a sheet). */
  line: number;
  creditCode: string | null;
  name: string | null;
  year: number | null;
  figures: Statistics | null;
  errors: RowFinding[];
}

/** A cell as a number: thousands separators and spaces dropped; empty → null; otherwise NaN. */
export function cellNumber(cell: Cell): number | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return cell;
  const text = cell.trim().replace(/[,，\s]/g, '');
  if (text === '') return null;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

const cellText = (cell: Cell) => (cell === null ? '' : String(cell).trim());

/**
 * The rows under a mapping: keys, year and figures in stored units, with
 * every problem of the row (none: the row may be written). `defaultYear`
 * serves a sheet of one year without a year column. Rows naming the same
 * enterprise (by code, else name) and year twice are both refused: which
 * one is right is the planner's call.
 */
export function readStatisticsRows(
  rows: readonly { line: number; cells: readonly Cell[] }[],
  mapping: StatisticsMapping,
  options: { moneyUnit: MoneyUnit; defaultYear?: number | null },
): StatisticsRow[] {
  const columnOf = new Map<StatisticsColumn, number>();
  for (const [index, field] of Object.entries(mapping)) if (field) columnOf.set(field, Number(index));
  const cell = (cells: readonly Cell[], field: StatisticsColumn): Cell => {
    const i = columnOf.get(field);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const out = rows.map(({ line, cells }): StatisticsRow => {
    const errors: RowFinding[] = [];
    const codeText = cellText(cell(cells, 'creditCode'));
    let creditCode: string | null = null;
    if (codeText !== '') {
      const checked = checkCreditCode(codeText);
      if (checked.valid) creditCode = checked.code;
      else errors.push({ field: 'creditCode', code: checked.reason, detail: checked.expectedCheck ? `${codeText}: check character should be ${checked.expectedCheck}` : codeText });
    }
    const name = cellText(cell(cells, 'name')) || null;
    if (creditCode === null && name === null && codeText === '') errors.push({ field: null, code: 'UNKNOWN_ENTERPRISE', detail: 'no credit code or name' });
    const yearCell = columnOf.has('year') ? cellNumber(cell(cells, 'year')) : (options.defaultYear ?? null);
    const yearParsed = statisticsYearSchema.safeParse(yearCell ?? undefined);
    const year = yearParsed.success ? yearParsed.data : null;
    if (!yearParsed.success) errors.push({ field: 'year', code: 'INVALID_PROPERTIES', detail: `year ${cellText(cell(cells, 'year')) || '(none)'}: 1990–2100` });

    const raw: Record<string, number | null> = {};
    for (const field of STATISTICS_FIGURES) {
      const value = cellNumber(cell(cells, field));
      if (Number.isNaN(value)) {
        errors.push({ field, code: 'INVALID_PROPERTIES', detail: `${field}: ${cellText(cell(cells, field))} is not a number` });
        continue;
      }
      raw[field] = value !== null && options.moneyUnit === 'wan' && MONEY_FIGURES.includes(field) ? value / WAN_PER_YI : value;
    }
    const parsed = statisticsSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ field: (issue.path[0] as StatisticsFigure) ?? null, code: 'INVALID_PROPERTIES', detail: issue.message });
    }
    return { line, creditCode, name, year, figures: parsed.success ? parsed.data : null, errors };
  });
  const seen = new Map<string, StatisticsRow[]>();
  for (const row of out) {
    if (row.year === null || (row.creditCode === null && row.name === null)) continue;
    const key = `${row.creditCode ?? `name:${row.name}`}|${row.year}`;
    seen.set(key, [...(seen.get(key) ?? []), row]);
  }
  for (const group of seen.values()) {
    if (group.length < 2) continue;
    for (const row of group) row.errors.push({ field: null, code: 'DUPLICATE_STATISTICS_ROW', detail: `lines ${group.map((r) => r.line).join(', ')}` });
  }
  return out;
}
