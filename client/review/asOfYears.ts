/**
 * The map's year slider (pure): which years it offers. The ledger's change
 * log starts with the seed, and the zone's plans reach back to 2021; the
 * slider ends at the current year on the zone's clock (UTC+8).
 */

/** First year the slider offers. */
export const FIRST_SLIDER_YEAR = 2021;

/** The current year in Chongqing (UTC+8), whatever the browser's time zone. */
export function currentYearCst(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

export function sliderYears(now: Date = new Date()): { min: number; max: number } {
  const max = Math.max(FIRST_SLIDER_YEAR, currentYearCst(now));
  return { min: FIRST_SLIDER_YEAR, max };
}

/** Keeps a year inside the slider's range. */
export function clampYear(year: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, Math.round(year)));
}
