/**
 * Demand from an enterprise's measured annual energy use (综合能耗, tce/a,
 * 吨标准煤/年), for parcels whose occupant reported it: average kW over the
 * year, then the peak by a stated load factor (average ÷ peak).
 *
 * Conversion: 1 tce = 1000 kgce ÷ 0.1229 kgce/kWh ≈ 8 137 kWh. 0.1229 kgce/kWh
 * is the 当量值 (calorific-equivalent) coefficient for electricity that
 * GB/T 2589-2020《综合能耗计算通则》tabulates and that enterprises use when they
 * compile the 综合能耗 they report; dividing by the same coefficient recovers
 * their kWh exactly. The unrounded calorific figure (1 kgce = 29 307 kJ, so
 * 1 tce = 29 307 MJ ÷ 3.6 MJ/kWh ≈ 8 141 kWh) differs by 0.05 %, far inside the
 * load factor's uncertainty; the tabulated coefficient is used because it is
 * the one the reported figures were built with. The 等价值 basis (coal burnt
 * at the power plant, about 0.3 kgce/kWh) would understate the kW roughly
 * 2.5-fold and is not used.
 *
 * The result is one figure of energy (heat and power together); how it splits
 * into heat/cooling and power is given as a share (the parcel's intensity row
 * supplies it when the enterprise reports no split).
 */

/** kgce per kWh of electricity, 当量值 (GB/T 2589-2020 折标准煤系数表). */
export const KGCE_PER_KILOWATT_HOUR = 0.1229;
/** kWh in one tonne of standard coal equivalent: 1000 kgce ÷ 0.1229 kgce/kWh ≈ 8 136.7. */
export const KILOWATT_HOURS_PER_TCE = 1000 / KGCE_PER_KILOWATT_HOUR;
/** kJ in one kgce (GB/T 2589-2020 definition of 1 kgce): the unrounded calorific basis, ≈ 8 141 kWh/tce; kept for comparison. */
export const KILOJOULES_PER_KGCE = 29_307;
export const HOURS_PER_YEAR = 8760;

/** Where the conversion comes from, shown with every measured figure (zh first). */
export const TCE_CONVERSION_SOURCE = {
  zh: '1 吨标准煤 = 1000 ÷ 0.1229 ≈ 8 137 kWh：GB/T 2589-2020《综合能耗计算通则》电力折标准煤系数（当量值）0.1229 kgce/(kW·h)，与企业上报综合能耗时所用系数相同',
  en: '1 tce = 1000 ÷ 0.1229 ≈ 8,137 kWh: GB/T 2589-2020 (General principles for calculation of the comprehensive energy consumption), electricity at its calorific equivalent 0.1229 kgce/kWh, the coefficient enterprises compile their reported energy use with',
} as const;

/** The default load factor (average ÷ peak over a year) for measured demand. */
export const DEFAULT_MEASURED_LOAD_FACTOR = 0.6;
/**
 * Why 0.6, and how sure: a load factor f means 年最大负荷利用小时数 Tmax =
 * f × 8 760 h; 0.6 is Tmax ≈ 5 256 h, the order usual for two-shift
 * manufacturing (continuous process plants run higher, single-shift
 * assembly lower). No standard fixes it for a park; it is a planning
 * assumption, to be replaced by the enterprise's own Tmax where known.
 */
export const LOAD_FACTOR_SOURCE = {
  zh: '负荷率 = 年平均负荷 ÷ 年最大负荷 = 年最大负荷利用小时数 Tmax ÷ 8760 h；默认 0.6（Tmax ≈ 5256 h，两班制制造业的常见量级）为规划假定，非标准值（未核实），有企业实际 Tmax 时应替换',
  en: 'Load factor = annual average ÷ annual peak = utilisation hours of the annual peak Tmax ÷ 8,760 h; the default 0.6 (Tmax ≈ 5,256 h, the usual order for two-shift manufacturing) is a planning assumption, not a standard figure (unverified); replace it with the enterprise’s own Tmax where known',
} as const;

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

/** Average kW over a year from tce/a: tce × 8 137 kWh ÷ 8 760 h. */
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

/** The stated basis of measured demand, served with the assumptions and the coverage so a reader can recompute it. */
export const MEASURED_BASIS = Object.freeze({
  kilowattHoursPerTce: KILOWATT_HOURS_PER_TCE,
  conversionSource: TCE_CONVERSION_SOURCE,
  loadFactorSource: LOAD_FACTOR_SOURCE,
});
