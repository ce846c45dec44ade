/**
 * Parcel figures that add up across parcels — money, output, floor area and
 * entered energy demand. When a parcel is split its figures are shared out by
 * official area; when parcels merge they are summed. A split or merge must
 * leave each total exactly where it was unless a planner says otherwise.
 */

/** Every parcel property whose values sum in a tally (units in the names). */
export const ADDITIVE_FIELDS = [
  'investmentYi',
  'outputYi',
  'factoryFloorSquareMeters',
  'heatCoolingDemandKilowatts',
  'powerDemandKilowatts',
] as const;

export type AdditiveField = (typeof ADDITIVE_FIELDS)[number];

/** Decimals a share is rounded to: 0.0001 亿元 is 1 万元; floor area and demand in whole m² and kW. */
export const ADDITIVE_DECIMALS: Record<AdditiveField, number> = {
  investmentYi: 4,
  outputYi: 4,
  factoryFloorSquareMeters: 0,
  heatCoolingDemandKilowatts: 0,
  powerDemandKilowatts: 0,
};

export type AdditiveValues = Partial<Record<AdditiveField, number | null | undefined>>;

/** Per field: the sum of the values present, or null when no part carries the field. */
export function additiveTotals(parts: readonly AdditiveValues[]): Record<AdditiveField, number | null> {
  const out = {} as Record<AdditiveField, number | null>;
  for (const f of ADDITIVE_FIELDS) {
    let total: number | null = null;
    for (const p of parts) {
      const v = p[f];
      if (typeof v === 'number' && Number.isFinite(v)) total = (total ?? 0) + v;
    }
    out[f] = total;
  }
  return out;
}

/**
 * Shares `total` out in proportion to `weights` (official areas), rounded to
 * `decimals`, by largest remainder: the shares add up to the rounded total
 * exactly, in decimal units, so no 万元 appears or vanishes on a split.
 */
export function apportion(total: number, weights: readonly number[], decimals: number): number[] {
  if (weights.length === 0) return [];
  const scale = 10 ** decimals;
  const units = Math.round(total * scale);
  const weightSum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const exact = weights.map((w) => (weightSum > 0 ? (units * Math.max(0, w)) / weightSum : units / weights.length));
  const floors = exact.map((e) => Math.floor(e));
  let left = units - floors.reduce((s, v) => s + v, 0);
  // Largest fractional parts take the remaining units; ties go to the earlier piece.
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors.map((u) => u / scale);
}

/** Each piece's additive figures on a split of `source` into pieces of these official areas. */
export function apportionFigures(source: AdditiveValues, pieceAreasSquareMeters: readonly number[]): AdditiveValues[] {
  const pieces: AdditiveValues[] = pieceAreasSquareMeters.map(() => ({}));
  for (const f of ADDITIVE_FIELDS) {
    const v = source[f];
    const shares = typeof v === 'number' && Number.isFinite(v) ? apportion(v, pieceAreasSquareMeters, ADDITIVE_DECIMALS[f]) : null;
    pieces.forEach((p, i) => {
      p[f] = shares ? shares[i]! : null;
    });
  }
  return pieces;
}

export interface AdditiveMismatch {
  field: AdditiveField;
  sourceTotal: number | null;
  resultTotal: number | null;
}

/** Totals agree when both are absent, or both present and equal up to floating-point noise. */
function sameTotal(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b || (a ?? 0) === 0 && (b ?? 0) === 0;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Fields whose total differs between the parcels an edit consumed and those it left. */
export function additiveMismatches(sources: readonly AdditiveValues[], results: readonly AdditiveValues[]): AdditiveMismatch[] {
  const before = additiveTotals(sources);
  const after = additiveTotals(results);
  return ADDITIVE_FIELDS.filter((f) => !sameTotal(before[f], after[f])).map((f) => ({ field: f, sourceTotal: before[f], resultTotal: after[f] }));
}
