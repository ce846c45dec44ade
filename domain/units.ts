/**
 * Units used across Land Ledger. Names carry the unit (`areaMu`, `investmentYi`).
 *
 * 1 亩 (mu) is defined as 10000/15 m² exactly (15 mu = 1 hectare), the legal
 * definition used by China's land administration.
 */

/** Square metres in one 亩 (mu): 666.666… m², exactly 10000/15. */
export const SQUARE_METERS_PER_MU = 10000 / 15;
/** Square metres in one hectare (公顷). */
export const SQUARE_METERS_PER_HECTARE = 10000;
/** Yuan in one 亿元 (100 million CNY). */
export const YUAN_PER_YI = 100_000_000;
/** Square metres in one 万平方米. */
export const SQUARE_METERS_PER_WAN_SQUARE_METERS = 10000;

export function squareMetersToMu(areaSquareMeters: number): number {
  return (areaSquareMeters * 15) / 10000;
}

export function muToSquareMeters(areaMu: number): number {
  return (areaMu * 10000) / 15;
}

export function squareMetersToHectares(areaSquareMeters: number): number {
  return areaSquareMeters / SQUARE_METERS_PER_HECTARE;
}

export function hectaresToSquareMeters(areaHectares: number): number {
  return areaHectares * SQUARE_METERS_PER_HECTARE;
}

export function hectaresToMu(areaHectares: number): number {
  return areaHectares * 15;
}

export function muToHectares(areaMu: number): number {
  return areaMu / 15;
}

export function yuanToYi(amountYuan: number): number {
  return amountYuan / YUAN_PER_YI;
}

export function yiToYuan(amountYi: number): number {
  return amountYi * YUAN_PER_YI;
}

/** The units a target's metric is measured in, for display: `count` is stations (座), `enterprises` firms (家). */
export const METRIC_UNIT_CODES = ['mu', 'm2', 'yi_yuan', 'count', 'enterprises'] as const;
export type MetricUnit = (typeof METRIC_UNIT_CODES)[number];

export const UNIT_LABELS: Record<MetricUnit, { zh: string; en: string }> = {
  mu: { zh: '亩', en: 'mu' },
  m2: { zh: 'm²', en: 'm²' },
  yi_yuan: { zh: '亿元', en: '100M CNY (亿元)' },
  count: { zh: '座', en: 'stations' },
  enterprises: { zh: '家', en: 'enterprises' },
};
