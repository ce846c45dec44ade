/**
 * A target's secured figure by supply year: what each year added and the
 * running total, from the drill-down contributions (tally.ts). Years run over
 * the plan period and any year a contribution falls in, with no gaps, so a
 * chart can draw them as they are.
 */
import type { Contribution } from './tally';

export interface TimelineYear {
  year: number;
  /** Secured value added by parcels supplied in this year, in the target's unit. */
  secured: number;
  /** Secured value up to and including this year (contributions without a year count from the start, so the last equals the tally). */
  cumulative: number;
}

export interface Timeline {
  years: TimelineYear[];
  /** Secured value of contributions without a supply year (counted only by targets with an open window). */
  withoutYear: number;
  /** Sum of all secured contributions: the tally's secured figure. */
  total: number;
}

export function securedTimeline(
  contributions: readonly Contribution[],
  supplyYearOf: (id: string | number) => number | null,
  period: { periodStart: number; periodEnd: number },
): Timeline {
  const byYear = new Map<number, number>();
  let withoutYear = 0;
  let total = 0;
  for (const c of contributions) {
    if (c.role !== 'secured') continue;
    total += c.value;
    const year = supplyYearOf(c.id);
    if (year === null) withoutYear += c.value;
    else byYear.set(year, (byYear.get(year) ?? 0) + c.value);
  }
  const known = [...byYear.keys()];
  const first = Math.min(period.periodStart, ...known);
  const last = Math.max(period.periodEnd, ...known);
  const years: TimelineYear[] = [];
  let cumulative = withoutYear;
  for (let year = first; year <= last; year++) {
    const secured = byYear.get(year) ?? 0;
    cumulative += secured;
    years.push({ year, secured, cumulative });
  }
  return { years, withoutYear, total };
}
