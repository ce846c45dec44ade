/**
 * Copying a plan into the next period (e.g. 2023–2025 → 2026–2028). Targets
 * keep their figures for the planners to revise; their supply-year windows
 * move with the period where the old period bounded them:
 *
 * - a bound equal to the old start moves to the new start, one equal to the
 *   old end to the new end (so 2023–2025 → 2026–2028 and "up to 2025" → "up
 *   to 2028", even when the new period is longer or shorter);
 * - a bound strictly inside the old period moves by the start offset
 *   (newStart − oldStart), clamped into the new period;
 * - an open bound (null) or one outside the old period (e.g. "from 2010")
 *   is not tied to the period and stays.
 */
import type { TargetDefinition } from './target.schema';

export interface Period {
  periodStart: number;
  periodEnd: number;
}

function clamp(year: number, period: Period): number {
  return Math.min(period.periodEnd, Math.max(period.periodStart, year));
}

export function shiftYearBound(year: number | null, from: Period, to: Period): number | null {
  if (year === null) return null;
  if (year === from.periodStart) return to.periodStart;
  if (year === from.periodEnd) return to.periodEnd;
  if (year > from.periodStart && year < from.periodEnd) return clamp(year + (to.periodStart - from.periodStart), to);
  return year;
}

/** The target for the new period: same definition, window shifted by the rule above. */
export function shiftTargetWindow(target: TargetDefinition, from: Period, to: Period): TargetDefinition {
  let supplyYearFrom = shiftYearBound(target.supplyYearFrom, from, to);
  const supplyYearTo = shiftYearBound(target.supplyYearTo, from, to);
  // A bound outside the old period stays; never let it end up after the shifted end.
  if (supplyYearFrom !== null && supplyYearTo !== null && supplyYearFrom > supplyYearTo) supplyYearFrom = supplyYearTo;
  return { ...target, supplyYearFrom, supplyYearTo };
}
