/**
 * Reads a statistics table in the worker pool (an XLSX is a zip a hostile
 * upload could make expensive): a CSV (UTF-8 or GBK, as Excel on Chinese
 * Windows saves it) or the first sheet of an XLSX, as its header row and the
 * rows under it, cells as typed (numbers stay numbers). Nothing here knows
 * what the columns mean (domain/io/statisticsTable.ts does).
 */
import ExcelJS from 'exceljs';
import { parseCsvText } from '../../domain/io/csv';
import type { ImportFailure } from '../../domain/io/importResult';
import { restoreSpreadsheetText } from '../../domain/io/spreadsheetText';
import type { Cell } from '../../domain/io/statisticsTable';
import { decodeUnknownText, TextEncodingError } from '../../domain/io/textEncoding';

/** Rows per file: 5,000 enterprises × 4 years. */
export const MAX_STATISTICS_ROWS = 20_000;

export interface StatisticsTable {
  ok: true;
  format: 'csv' | 'xlsx';
  header: string[];
  rows: { line: number; cells: Cell[] }[];
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function fail(reason: ImportFailure['reason'], detail?: string): ImportFailure {
  return { ok: false, reason, ...(detail ? { detail } : {}) };
}

function readCsvTable(bytes: Uint8Array): StatisticsTable | ImportFailure {
  let text: string;
  try {
    text = decodeUnknownText(bytes).text;
  } catch (e) {
    if (e instanceof TextEncodingError) return fail('BAD_ENCODING');
    throw e;
  }
  const table = parseCsvText(text);
  return {
    ok: true,
    format: 'csv',
    header: table.header.map((h) => h.trim()),
    rows: table.rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => restoreSpreadsheetText(c)) })),
  };
}

/** A cell's value as the sheet shows it: a formula's result, rich text joined, a date as ISO text. */
function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return typeof value === 'string' ? restoreSpreadsheetText(value) : value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return xlsxCell((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
  }
  return null;
}

async function readXlsxTable(bytes: Uint8Array): Promise<StatisticsTable | ImportFailure> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    return fail('ARCHIVE_CORRUPT', (e as Error).message.slice(0, 200));
  }
  const sheet = wb.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return fail('NO_FEATURES', 'the first sheet is empty');
  if (sheet.rowCount > MAX_STATISTICS_ROWS + 1) return fail('TOO_MANY_FEATURES', `${sheet.rowCount - 1} rows; at most ${MAX_STATISTICS_ROWS}`);
  const width = sheet.columnCount;
  const cellsOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => xlsxCell(row.getCell(i + 1).value));
  const header = cellsOf(sheet.getRow(1)).map((c) => (c === null ? '' : String(c).trim()));
  const rows: StatisticsTable['rows'] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const cells = cellsOf(sheet.getRow(n));
    if (cells.every((c) => c === null || c === '')) continue;
    rows.push({ line: n, cells });
  }
  return { ok: true, format: 'xlsx', header, rows };
}

export async function readStatisticsTableJob(input: { bytes: Uint8Array }): Promise<StatisticsTable | ImportFailure> {
  const table = isZip(input.bytes) ? await readXlsxTable(input.bytes) : readCsvTable(input.bytes);
  if (!table.ok) return table;
  if (table.rows.length === 0) return fail('NO_FEATURES', 'no rows under the header');
  if (table.rows.length > MAX_STATISTICS_ROWS) return fail('TOO_MANY_FEATURES', `${table.rows.length} rows; at most ${MAX_STATISTICS_ROWS}`);
  return table;
}
