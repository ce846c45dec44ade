import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../testing/fixtures';
import type { ParcelDemand } from './demand';
import { DEFAULT_ENERGY_ASSUMPTIONS, energyAssumptionsSchema, scenarioFactors, simultaneityWithinUsualRange } from './energyAssumptions';
import { scaleEstimatedDemand, simultaneousPeakKilowatts, stationLoad } from './stationLoad';

const demand = (id: number, heatCoolingKilowatts: number, powerKilowatts: number, origin: ParcelDemand['origin'] = 'estimated'): ParcelDemand =>
  deepFreeze({ id, heatCoolingKilowatts, powerKilowatts, totalKilowatts: heatCoolingKilowatts + powerKilowatts, origin });

describe('simultaneousPeakKilowatts', () => {
  it('is the sum of the individual peaks times the simultaneity factor', () => {
    expect(simultaneousPeakKilowatts([1000, 2000, 3000], 0.75)).toBeCloseTo(4500, 9);
    expect(simultaneousPeakKilowatts([1000, 2000, 3000], 1)).toBe(6000);
    expect(simultaneousPeakKilowatts([], 0.8)).toBe(0);
  });
  it('refuses a factor outside (0, 1]', () => {
    expect(() => simultaneousPeakKilowatts([1], 0)).toThrow(RangeError);
    expect(() => simultaneousPeakKilowatts([1], 1.2)).toThrow(RangeError);
  });
});

describe('stationLoad', () => {
  const assigned = [demand(1, 40_000, 60_000), demand(2, 20_000, 20_000)];

  it('compares power with MWe and heat/cooling with MWth, never their sum with either', () => {
    const load = stationLoad(assigned, { electricalKilowatts: 50_000, thermalKilowatts: 60_000 }, 0.75);
    expect(load.power.sumOfPeaksKilowatts).toBe(80_000);
    expect(load.power.loadKilowatts).toBeCloseTo(60_000, 9);
    expect(load.power.loadRatio).toBeCloseTo(1.2, 12);
    expect(load.heatCooling.sumOfPeaksKilowatts).toBe(60_000);
    expect(load.heatCooling.loadKilowatts).toBeCloseTo(45_000, 9);
    expect(load.heatCooling.loadRatio).toBeCloseTo(0.75, 12);
  });

  it('splits each side between the station (up to its capacity) and the grid or other sources', () => {
    const load = stationLoad(assigned, { electricalKilowatts: 50_000, thermalKilowatts: 60_000 }, 0.75);
    expect(load.power.stationKilowatts).toBe(50_000);
    expect(load.power.remainderKilowatts).toBeCloseTo(10_000, 9);
    expect(load.power.stationShare).toBeCloseTo(50 / 60, 12);
    expect(load.heatCooling.stationKilowatts).toBeCloseTo(45_000, 9);
    expect(load.heatCooling.remainderKilowatts).toBeCloseTo(0, 9);
    expect(load.heatCooling.stationShare).toBe(1);
  });

  it('a substation (electrical only) carries no heat: the whole thermal load is left to other sources, with no ratio', () => {
    const load = stationLoad(assigned, { electricalKilowatts: 100_000, thermalKilowatts: null }, 0.8);
    expect(load.heatCooling.loadRatio).toBeNull();
    expect(load.heatCooling.stationKilowatts).toBe(0);
    expect(load.heatCooling.remainderKilowatts).toBeCloseTo(48_000, 9);
    expect(load.power.loadRatio).toBeCloseTo(0.64, 12);
  });

  it('reads Infinity for load on zero capacity and null share without load', () => {
    const load = stationLoad(assigned, { electricalKilowatts: 0, thermalKilowatts: 1000 }, 1);
    expect(load.power.loadRatio).toBe(Infinity);
    expect(stationLoad([], { electricalKilowatts: 1000, thermalKilowatts: 1000 }, 1).power.stationShare).toBeNull();
  });
});

describe('scenarios', () => {
  it('low pairs the lower intensity with the lower simultaneity; central is intensity × 1', () => {
    expect(scenarioFactors(DEFAULT_ENERGY_ASSUMPTIONS, 'low')).toEqual({ scenario: 'low', simultaneityFactor: 0.6, intensityFactor: 0.8 });
    expect(scenarioFactors(DEFAULT_ENERGY_ASSUMPTIONS, 'central')).toEqual({ scenario: 'central', simultaneityFactor: 0.75, intensityFactor: 1 });
    expect(scenarioFactors(DEFAULT_ENERGY_ASSUMPTIONS, 'high')).toEqual({ scenario: 'high', simultaneityFactor: 0.9, intensityFactor: 1.2 });
  });

  it('scales estimated demand only; an entered figure is measured and stays', () => {
    const estimated = scaleEstimatedDemand(demand(1, 100, 200), 1.2);
    expect(estimated.heatCoolingKilowatts).toBeCloseTo(120, 9);
    expect(estimated.totalKilowatts).toBeCloseTo(360, 9);
    const entered = demand(2, 100, 200, 'entered');
    expect(scaleEstimatedDemand(entered, 1.2)).toBe(entered);
  });

  it('the default central simultaneity lies in the usual 0.6–0.9 range; the setting refuses low > central', () => {
    expect(simultaneityWithinUsualRange(DEFAULT_ENERGY_ASSUMPTIONS.simultaneityFactor.central)).toBe(true);
    expect(simultaneityWithinUsualRange(0.5)).toBe(false);
    expect(energyAssumptionsSchema.safeParse(DEFAULT_ENERGY_ASSUMPTIONS).success).toBe(true);
    expect(energyAssumptionsSchema.safeParse({ ...DEFAULT_ENERGY_ASSUMPTIONS, simultaneityFactor: { low: 0.8, central: 0.7, high: 0.9 } }).success).toBe(false);
    expect(energyAssumptionsSchema.safeParse({ ...DEFAULT_ENERGY_ASSUMPTIONS, simultaneityFactor: { low: 0.6, central: 0.75, high: 1.1 } }).success).toBe(false);
  });
});
