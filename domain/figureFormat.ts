/**
 * Figures as the dashboard shows them (client/format.ts): a fixed number of
 * decimals per unit — 亩 to 0.1, m² whole, 亿元 to 0.01, counts whole — with
 * thousands separators, in zh-CN. The completion report, its XLSX and CSV use
 * these so a printed figure equals the dashboard's to the last digit shown.
 */
import type { MetricUnit } from './units';

export const UNIT_DECIMALS: Record<MetricUnit, number> = { mu: 1, m2: 0, yi_yuan: 2, count: 0, enterprises: 0 };

/** Short unit text for tables: 亩, m², 亿元, 座, 家. */
export const UNIT_SHORT_ZH: Record<MetricUnit, string> = { mu: '亩', m2: 'm²', yi_yuan: '亿元', count: '座', enterprises: '家' };

/** Excel number formats matching UNIT_DECIMALS. */
export const UNIT_NUMBER_FORMATS: Record<MetricUnit, string> = { mu: '#,##0.0', m2: '#,##0', yi_yuan: '#,##0.00', count: '#,##0', enterprises: '#,##0' };

export const REPORT_LOCALE = 'zh-CN';

/** `value` with thousands separators and exactly its unit's decimals, e.g. 5,000.0. */
export function formatFigure(value: number, unit: MetricUnit, locale: string = REPORT_LOCALE): string {
  const decimals = UNIT_DECIMALS[unit];
  return value.toLocaleString(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `value` with its unit's decimals and no grouping (CSV cells Excel reads as numbers), e.g. 5000.0. */
export function plainFigure(value: number, unit: MetricUnit): string {
  return value.toFixed(UNIT_DECIMALS[unit]);
}

/** A 0–1 fraction as a percentage with one decimal, e.g. 42.5%. */
export function formatPercent(fraction: number, locale: string = REPORT_LOCALE): string {
  return fraction.toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** Achieved as a fraction of the floor; null when the floor is 0 (no ratio to show). */
export function shareOfFloor(secured: number, floor: number): number | null {
  return floor > 0 ? secured / floor : null;
}

export const VERDICT_TEXT = { met: { zh: '达成', en: 'met' }, notMet: { zh: '未达成', en: 'not met' } } as const;
