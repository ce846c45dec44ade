/**
 * A printed map's scale: the bar's ground length (a round 1, 2 or 5 × 10ⁿ
 * metres, the longest that fits) and the representative fraction (1:N) of
 * the sheet. Pure: the map side measures the metres per CSS pixel at the
 * map's centre; CSS pixels print at 96 to the inch (CSS Values 4 §6.2), so a
 * sheet printed at 100% keeps the scale.
 */

/** One CSS pixel on paper, metres (1/96 inch). */
export const METERS_PER_CSS_PIXEL_ON_PAPER = 0.0254 / 96;

export interface ScaleBar {
  /** Ground length the bar stands for, m. */
  lengthMeters: number;
  /** The bar's drawn width, CSS px. */
  widthPx: number;
  /** "500 m", "2 km": the bar's label (units are SI symbols, the same in Chinese and English). */
  label: string;
}

const STEPS = [5, 2, 1] as const;

/**
 * The longest round ground length whose bar is at most `maxWidthPx` wide at
 * `metersPerPixel`; null when even 1 cm would not fit or the scale is not a
 * positive finite number (a map not yet measured).
 */
export function chooseScaleBar(metersPerPixel: number, maxWidthPx: number): ScaleBar | null {
  if (!(metersPerPixel > 0) || !Number.isFinite(metersPerPixel) || !(maxWidthPx > 0)) return null;
  const maxMeters = metersPerPixel * maxWidthPx;
  for (let exponent = Math.floor(Math.log10(maxMeters)); exponent >= -2; exponent--) {
    for (const step of STEPS) {
      // Rounded to the decimal places of 10ⁿ so 0.1·3 style float noise never reaches the label.
      const lengthMeters = Number((step * 10 ** exponent).toFixed(Math.max(0, -exponent)));
      if (lengthMeters <= maxMeters * (1 + 1e-12)) {
        return { lengthMeters, widthPx: lengthMeters / metersPerPixel, label: formatLength(lengthMeters) };
      }
    }
  }
  return null;
}

function formatLength(meters: number): string {
  return meters >= 1000 ? `${meters / 1000} km` : `${meters} m`;
}

/**
 * The sheet's scale denominator N of 1:N, to three significant figures
 * (the figure a planner reads off; the bar is the exact statement).
 */
export function scaleDenominator(metersPerPixel: number): number {
  const n = metersPerPixel / METERS_PER_CSS_PIXEL_ON_PAPER;
  if (!(n > 0) || !Number.isFinite(n)) return NaN;
  const magnitude = 10 ** (Math.floor(Math.log10(n)) - 2);
  return Math.round(n / magnitude) * magnitude;
}
