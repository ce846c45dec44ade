/**
 * Text cells a spreadsheet will not run. Excel, LibreOffice and WPS treat a
 * cell that starts with = + - @ (and, after a tab or CR, the same) as a
 * formula: `=HYPERLINK(…)` or `+cmd|' /C calc'!A0` in a parcel name would run
 * on the planner's machine when the export is opened (OWASP "CSV Injection").
 * Such text gets a leading apostrophe, the spreadsheets' own "this is text"
 * mark. Numbers are left alone: "-12.5" is a number to Excel, not a formula,
 * and prefixing it would turn a figure into text.
 *
 * Every CSV and XLSX writer (parcel export, report tables, drill-down) uses
 * this one helper; the CSV reader undoes it, so export → import round-trips.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/**
 * Formula-like after any leading apostrophes. Text that already starts with
 * apostrophes before a formula gets one more too, so restoring is exact.
 */
function formulaLike(text: string): boolean {
  const rest = text.replace(/^'+/, '');
  return FORMULA_START.test(rest) && !PLAIN_NUMBER.test(rest);
}

/** `text`, prefixed with an apostrophe when a spreadsheet would read it as a formula. */
export function defuseSpreadsheetText(text: string): string {
  return formulaLike(text) ? `'${text}` : text;
}

/** The text as it was before defuseSpreadsheetText (a cell read back from our own export). */
export function restoreSpreadsheetText(text: string): string {
  return text.startsWith("'") && formulaLike(text.slice(1)) ? text.slice(1) : text;
}
