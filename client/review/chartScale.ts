/**
 * Geometry of the small timeline chart (pure): bars of secured value per
 * supply year and a cumulative line, in SVG user units. Values are in the
 * target's unit; the y axis tops out at a "nice" round number at or above
 * the largest of the cumulative total, the floor and the stretch.
 */

/** The smallest 1/2/2.5/5 × 10ⁿ at or above `value` (1 for 0 or less). */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    // Tolerance for values like 0.3 that are not exact in binary.
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 * magnitude;
}

/** Evenly spaced ticks from 0 to `max` inclusive. */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Maps [0, domainMax] onto [rangeBottom, rangeTop] (SVG y grows downwards). */
export function linearScale(domainMax: number, rangeBottom: number, rangeTop: number): (value: number) => number {
  const span = domainMax > 0 ? domainMax : 1;
  return (value) => rangeBottom - (Math.max(0, value) / span) * (rangeBottom - rangeTop);
}

export interface ChartBox {
  width: number;
  height: number;
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
}

export interface ChartYear {
  year: number;
  secured: number;
  cumulative: number;
}

export interface ChartLayout {
  yMax: number;
  y: (value: number) => number;
  bars: { year: number; x: number; width: number; y: number; height: number; centerX: number; secured: number; cumulative: number }[];
  /** The cumulative line through the bar centres, as an SVG points list. */
  linePoints: string;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
}

export function layoutChart(years: readonly ChartYear[], references: readonly number[], box: ChartBox): ChartLayout {
  const plotLeft = box.marginLeft;
  const plotRight = box.width - box.marginRight;
  const plotTop = box.marginTop;
  const plotBottom = box.height - box.marginBottom;
  const largest = Math.max(0, ...years.map((y) => Math.max(y.cumulative, y.secured)), ...references);
  const yMax = niceCeiling(largest);
  const y = linearScale(yMax, plotBottom, plotTop);
  const slot = years.length > 0 ? (plotRight - plotLeft) / years.length : 0;
  const barWidth = Math.min(36, slot * 0.6);
  const bars = years.map((entry, i) => {
    const centerX = plotLeft + slot * (i + 0.5);
    const top = y(entry.secured);
    return { year: entry.year, x: centerX - barWidth / 2, width: barWidth, y: top, height: plotBottom - top, centerX, secured: entry.secured, cumulative: entry.cumulative };
  });
  const linePoints = bars.map((b) => `${round(b.centerX)},${round(y(b.cumulative))}`).join(' ');
  return { yMax, y, bars, linePoints, plotLeft, plotRight, plotTop, plotBottom };
}

const round = (value: number) => Math.round(value * 100) / 100;
