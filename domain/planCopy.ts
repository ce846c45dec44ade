/**
 * Copying a plan into the next period (e.g. 2023–2025 → 2026–2028). Targets
 * keep their figures and the plan's words for them (确保/力争/plain and the
 * qualifier) for the planners to revise; their supply-year windows
 * move with the period where the old period bounded them:
 *
 * - a bound equal to the old start moves to the new start, one equal to the
 *   old end to the new end (so 2023–2025 → 2026–2028 and "up to 2025" → "up
 *   to 2028", even when the new period is longer or shorter);
 * - a bound strictly inside the old period moves by the start offset
 *   (newStart − oldStart), clamped into the new period;
 * - an open bound (null) or one outside the old period (e.g. "from 2010")
 *   is not tied to the period and stays.
 *
 * The years written in a target's labels move by the same rule, so
 * "2023—2025年新增工业建设用地" becomes "2026—2028年新增工业建设用地"; a year in a
 * label outside the old period ("2010年以前") stays.
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

/** A label with every year of the old period in it moved to the new one (four-digit years only, never part of a longer number). */
export function shiftLabelYears(label: string, from: Period, to: Period): string {
  return label.replace(/(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)/g, (year) => String(shiftYearBound(Number(year), from, to)));
}

/** The target for the new period: same definition, window and labels' years shifted by the rule above. */
export function shiftTargetWindow(target: TargetDefinition, from: Period, to: Period): TargetDefinition {
  let supplyYearFrom = shiftYearBound(target.supplyYearFrom, from, to);
  const supplyYearTo = shiftYearBound(target.supplyYearTo, from, to);
  // A bound outside the old period stays; never let it end up after the shifted end.
  if (supplyYearFrom !== null && supplyYearTo !== null && supplyYearFrom > supplyYearTo) supplyYearFrom = supplyYearTo;
  return { ...target, supplyYearFrom, supplyYearTo, labelZh: shiftLabelYears(target.labelZh, from, to), labelEn: shiftLabelYears(target.labelEn, from, to) };
}
