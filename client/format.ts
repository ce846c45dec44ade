/**
 * Number formatting for the UI. Every figure goes through Intl with a fixed
 * number of decimals per unit so a planner reads the same precision
 * everywhere (and tests can rebuild the exact text).
 */
import type { MetricUnit } from '$domain/units';
import { UNIT_DECIMALS } from '$domain/figureFormat';

/** Decimals shown per unit (亩 to 0.1, m² whole, 亿元 to 0.01, counts whole): the report's, from the domain. */
export { UNIT_DECIMALS };

/** `value` with thousands separators and exactly `decimals` fraction digits. */
export function formatFixed(value: number, decimals: number, locale: string): string {
  return value.toLocaleString(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** `value` formatted with its unit's decimals (no unit text). */
export function formatMetricValue(value: number, unit: MetricUnit, locale: string): string {
  return formatFixed(value, UNIT_DECIMALS[unit], locale);
}

/** A 0–1 fraction as a percentage with one decimal, e.g. "42.5%". */
export function formatPercent(fraction: number, locale: string): string {
  return fraction.toLocaleString(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
