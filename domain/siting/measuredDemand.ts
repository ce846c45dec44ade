/**
 * Demand from an enterprise's measured annual energy use (tce/a, 吨标准煤/年),
 * for parcels whose occupant reported it: average kW over the year, then the
 * peak by a stated load factor (average ÷ peak).
 *
 * Conversion: 1 kgce = 29 307.6 kJ (GB/T 2589-2020 综合能耗计算通则, 低位发热量
 * 7 000 kcal/kg), so 1 tce = 29.3076 GJ = 29 307.6 MJ ÷ 3.6 MJ/kWh ≈ 8 141 kWh.
 * This is the calorific (当量值) basis: the energy delivered, which is what a
 * station supplies. The 等价值 basis (coal burnt at the power plant, about
 * 0.3 kgce/kWh) would understate the kW roughly 2.5-fold and is not used.
 *
 * The result is one figure of energy (heat and power together); how it splits
 * into heat/cooling and power is the enterprise's mix, given as a share.
 */

/** kJ in one kg of standard coal equivalent (GB/T 2589-2020). */
export const KILOJOULES_PER_KGCE = 29_307.6;
/** kWh in one tonne of standard coal equivalent, calorific basis: 29 307.6 MJ ÷ 3.6. */
export const KILOWATT_HOURS_PER_TCE = (KILOJOULES_PER_KGCE * 1000) / 3600;
export const HOURS_PER_YEAR = 8760;

export interface MeasuredEnergyUse {
  /** Annual comprehensive energy use, tce/a. */
  tonnesCoalEquivalentPerYear: number;
  /** Average ÷ peak load over the year, (0, 1]; e.g. 0.6 for two-shift manufacturing. */
  loadFactor: number;
  /** Share of the energy used as electricity, [0, 1]; the rest is heat/cooling. */
  powerShare: number;
}

export interface MeasuredDemand {
  averageKilowatts: number;
  peakKilowatts: number;
  heatCoolingKilowatts: number;
  powerKilowatts: number;
  loadFactor: number;
}

/** Average kW over a year from tce/a: tce × 8 141 kWh ÷ 8 760 h. */
export function tceToAverageKilowatts(tonnesCoalEquivalentPerYear: number): number {
  if (!(tonnesCoalEquivalentPerYear >= 0) || !Number.isFinite(tonnesCoalEquivalentPerYear)) throw new RangeError(`annual energy use ${tonnesCoalEquivalentPerYear} tce/a is not a finite non-negative figure`);
  return (tonnesCoalEquivalentPerYear * KILOWATT_HOURS_PER_TCE) / HOURS_PER_YEAR;
}

/** Peak demand from annual tce and a load factor, split into power and heat/cooling by the power share. */
export function measuredDemandFromTce(use: MeasuredEnergyUse): MeasuredDemand {
  if (!(use.loadFactor > 0 && use.loadFactor <= 1)) throw new RangeError(`load factor ${use.loadFactor} is not in (0, 1]`);
  if (!(use.powerShare >= 0 && use.powerShare <= 1)) throw new RangeError(`power share ${use.powerShare} is not in [0, 1]`);
  const averageKilowatts = tceToAverageKilowatts(use.tonnesCoalEquivalentPerYear);
  const peakKilowatts = averageKilowatts / use.loadFactor;
  return {
    averageKilowatts,
    peakKilowatts,
    powerKilowatts: peakKilowatts * use.powerShare,
    heatCoolingKilowatts: peakKilowatts * (1 - use.powerShare),
    loadFactor: use.loadFactor,
  };
}
