/**
 * Default energy-demand intensities, kW per 亩 (mu) of land, by industry chain
 * and land-use class: the table `estimateDemand` multiplies a parcel's area by.
 *
 * EVERY ROW IS A PLANNING ASSUMPTION, NOT AN OFFICIAL FIGURE. The values are
 * of the order typical of Chinese industrial-park energy planning (peak load
 * per unit of land, a few tens of kW per mu for manufacturing, a few kW per mu
 * for warehousing) and were chosen for Land Ledger's illustrative siting; no
 * standard, plan or survey of the Wansheng zone stands behind any one number.
 * Replace the table (pass `intensities` to `estimateDemand`) with the park's
 * own energy plan, or enter measured figures on the parcels, which always win.
 *
 * Keys: `industryChain` (null = parcels with no chain tagged) and
 * `landUseClass`, the first four digits of the land-use code ('1001', '1101');
 * a row with `landUseClass: null` is the chain's fallback for any other class.
 * Heat/cooling is the thermal peak (heating or cooling, whichever sizes the
 * CCHP station's thermal side); power is the electrical peak.
 */
import type { IndustryChain } from '../parcel.schema';

export interface DemandIntensity {
  industryChain: IndustryChain | null;
  /** First four digits of a land-use code; null = the chain's fallback row. */
  landUseClass: string | null;
  /** Thermal (heating/cooling) peak demand, kW per mu. */
  heatCoolingKilowattsPerMu: number;
  /** Electrical peak demand, kW per mu. */
  powerKilowattsPerMu: number;
  /** Where the figure comes from: 'planning_assumption' for every default row. */
  source: string;
  /** Why the figure is what it is, in plain words. */
  assumption: string;
}

const ASSUMED = 'planning_assumption';

function row(
  industryChain: IndustryChain | null,
  landUseClass: string | null,
  heatCoolingKilowattsPerMu: number,
  powerKilowattsPerMu: number,
  assumption: string,
): DemandIntensity {
  return Object.freeze({ industryChain, landUseClass, heatCoolingKilowattsPerMu, powerKilowattsPerMu, source: ASSUMED, assumption });
}

export const DEFAULT_DEMAND_INTENSITIES: readonly DemandIntensity[] = Object.freeze([
  // 新能源（储能）: cell and pack lines with dry rooms and formation; electricity-heavy, steady cooling/dehumidification.
  row('new_energy', '1001', 30, 45, 'Assumption: battery cell/pack manufacturing with dry rooms, kW/mu typical of Chinese park energy planning; not an official figure.'),
  row('new_energy', '1101', 4, 6, 'Assumption: warehousing for a new-energy chain (finished packs, materials); not an official figure.'),
  row('new_energy', null, 25, 35, 'Assumption: new-energy chain on other land (R&D, pilot lines); not an official figure.'),
  // 新材料: process heat (drying, curing, reactors) dominates the thermal side.
  row('new_materials', '1001', 35, 35, 'Assumption: materials processing with process heat, kW/mu typical of Chinese park energy planning; not an official figure.'),
  row('new_materials', '1101', 4, 5, 'Assumption: warehousing for a materials chain; not an official figure.'),
  row('new_materials', null, 25, 25, 'Assumption: materials chain on other land; not an official figure.'),
  // 电子元器件: clean rooms run HVAC around the clock, so both sides are high.
  row('electronic_info', '1001', 40, 45, 'Assumption: electronic components with clean rooms, kW/mu typical of Chinese park energy planning; not an official figure.'),
  row('electronic_info', '1101', 4, 6, 'Assumption: warehousing for an electronics chain; not an official figure.'),
  row('electronic_info', '0802', 25, 25, 'Assumption: electronics R&D and test labs; not an official figure.'),
  row('electronic_info', null, 30, 30, 'Assumption: electronics chain on other land; not an official figure.'),
  // 生物医药: GMP air handling and process steam make the thermal side the larger.
  row('biomedicine', '1001', 40, 30, 'Assumption: pharmaceutical production under GMP (air handling, steam), kW/mu typical of Chinese park energy planning; not an official figure.'),
  row('biomedicine', '0802', 30, 25, 'Assumption: biomedical R&D laboratories; not an official figure.'),
  row('biomedicine', null, 30, 25, 'Assumption: biomedicine chain on other land; not an official figure.'),
  // 现代物流: sheds are lightly conditioned; cold chain would need entered figures.
  row('logistics', '1101', 4, 6, 'Assumption: logistics sheds without cold storage (enter figures for cold chain); not an official figure.'),
  row('logistics', null, 5, 6, 'Assumption: logistics chain on other land; not an official figure.'),
  // 其他 and untagged parcels: general light industry.
  row('other', '1001', 15, 20, 'Assumption: general light manufacturing; not an official figure.'),
  row('other', '1101', 3, 5, 'Assumption: general warehousing; not an official figure.'),
  row('other', null, 12, 15, 'Assumption: other uses, general; not an official figure.'),
  row(null, '1001', 15, 20, 'Assumption: industrial land with no chain yet, as general light manufacturing; not an official figure.'),
  row(null, '1101', 3, 5, 'Assumption: warehousing land with no chain yet; not an official figure.'),
  row(null, '0802', 20, 20, 'Assumption: research land with no chain yet; not an official figure.'),
  row(null, '0901', 20, 15, 'Assumption: commercial services inside the park; not an official figure.'),
  row(null, null, 10, 12, 'Assumption: any other land with no chain; not an official figure.'),
]);
