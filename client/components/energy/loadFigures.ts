/** How a station side's load ratio is written: central ratio with its low–high range, and who carries the load. */
import type { SideLoadRow, StationLoadRow } from '../../api/energy';

export type LoadSide = 'power' | 'heatCooling';

/** A ratio as a whole percentage ("—" without one: no capacity, or load on zero capacity). */
export function formatRatio(ratio: number | null, locale: string): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return ratio.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 0 });
}

/** "96–179 %" from the low and high scenarios' ratios, or null when either has none. */
export function formatRatioRange(loads: { low: StationLoadRow; high: StationLoadRow }, side: LoadSide, locale: string): string | null {
  const low = loads.low[side].loadRatio;
  const high = loads.high[side].loadRatio;
  if (low === null || high === null) return null;
  return `${formatRatio(low, locale).replace(/\s?%$/, '')}–${formatRatio(high, locale)}`;
}

/** The share of a side's load the station carries and the rest carries, as whole percentages. */
export function carriedShares(side: SideLoadRow, locale: string): { station: string; rest: string } | null {
  if (side.stationShare === null) return null;
  return { station: formatRatio(side.stationShare, locale), rest: formatRatio(1 - side.stationShare, locale) };
}
