/**
 * A station's load, like with like: power against its electrical capacity
 * (MWe), heat/cooling against its thermal capacity (MWth), each the sum of
 * the assigned parcels' peaks times the simultaneity factor (负荷同时率).
 *
 * A 冷热电三联供 (CCHP) station supplies the thermal load and part of the
 * power; what it does not carry of the power comes from the grid, and what
 * it does not carry of the heat/cooling from other sources (boilers,
 * electric chillers). A substation has an electrical capacity only.
 */
import type { ParcelDemand } from './demand';

export interface StationCapacities {
  /** Electrical capacity, kW (MWe × 1000); null when not set. */
  electricalKilowatts: number | null;
  /** Thermal (heating/cooling) capacity, kW (MWth × 1000); null when not set. */
  thermalKilowatts: number | null;
}

export interface SideLoad {
  /** Sum of the assigned parcels' individual peaks, kW. */
  sumOfPeaksKilowatts: number;
  /** sumOfPeaks × simultaneity: the group's peak the station side is compared with, kW. */
  loadKilowatts: number;
  capacityKilowatts: number | null;
  /** load / capacity; null without a capacity, Infinity for load on zero capacity. */
  loadRatio: number | null;
  /** What the station carries: min(load, capacity); 0 without a capacity, kW. */
  stationKilowatts: number;
  /** What the rest carries (grid for power, other sources for heat/cooling), kW. */
  remainderKilowatts: number;
  /** stationKilowatts / load; null without load. */
  stationShare: number | null;
}

export interface StationLoad {
  simultaneityFactor: number;
  power: SideLoad;
  heatCooling: SideLoad;
}

/** The group peak of consumers from their individual peaks: sum × simultaneity factor. */
export function simultaneousPeakKilowatts(peaksKilowatts: readonly number[], simultaneityFactor: number): number {
  if (!(simultaneityFactor > 0 && simultaneityFactor <= 1)) throw new RangeError(`simultaneity factor ${simultaneityFactor} is not in (0, 1]`);
  let sum = 0;
  for (const kw of peaksKilowatts) sum += kw;
  return sum * simultaneityFactor;
}

function side(sumOfPeaksKilowatts: number, simultaneityFactor: number, capacityKilowatts: number | null): SideLoad {
  const loadKilowatts = sumOfPeaksKilowatts * simultaneityFactor;
  let loadRatio: number | null = null;
  if (capacityKilowatts !== null) loadRatio = capacityKilowatts > 0 ? loadKilowatts / capacityKilowatts : loadKilowatts > 0 ? Infinity : 0;
  const stationKilowatts = capacityKilowatts === null ? 0 : Math.min(loadKilowatts, capacityKilowatts);
  return {
    sumOfPeaksKilowatts,
    loadKilowatts,
    capacityKilowatts,
    loadRatio,
    stationKilowatts,
    remainderKilowatts: loadKilowatts - stationKilowatts,
    stationShare: loadKilowatts > 0 ? stationKilowatts / loadKilowatts : null,
  };
}

/** Power and heat/cooling load of the parcels assigned to a station, each against its own capacity. */
export function stationLoad(
  assigned: readonly Pick<ParcelDemand, 'heatCoolingKilowatts' | 'powerKilowatts'>[],
  capacities: StationCapacities,
  simultaneityFactor: number,
): StationLoad {
  simultaneousPeakKilowatts([], simultaneityFactor); // checks the factor once
  let powerPeaks = 0;
  let heatPeaks = 0;
  for (const d of assigned) {
    powerPeaks += d.powerKilowatts;
    heatPeaks += d.heatCoolingKilowatts;
  }
  return {
    simultaneityFactor,
    power: side(powerPeaks, simultaneityFactor, capacities.electricalKilowatts),
    heatCooling: side(heatPeaks, simultaneityFactor, capacities.thermalKilowatts),
  };
}

/** A demand under a scenario's intensity factor: estimated figures scale, entered (measured) ones stay. */
export function scaleEstimatedDemand<T extends ParcelDemand>(demand: T, intensityFactor: number): T {
  if (demand.origin !== 'estimated' || intensityFactor === 1) return demand;
  const heatCoolingKilowatts = demand.heatCoolingKilowatts * intensityFactor;
  const powerKilowatts = demand.powerKilowatts * intensityFactor;
  return { ...demand, heatCoolingKilowatts, powerKilowatts, totalKilowatts: heatCoolingKilowatts + powerKilowatts };
}
