import { describe, expect, it } from 'vitest';
import { HOURS_PER_YEAR, KILOJOULES_PER_KGCE, KILOWATT_HOURS_PER_TCE, measuredDemandFromTce, tceToAverageKilowatts } from './measuredDemand';

describe('tce → kW', () => {
  it('1 tce is 1000 ÷ 0.1229 ≈ 8 137 kWh (GB/T 2589 electricity 当量值), within 0.05 % of the unrounded calorific 8 141 kWh', () => {
    expect(KILOWATT_HOURS_PER_TCE).toBeCloseTo(8136.7, 1);
    const calorific = (KILOJOULES_PER_KGCE * 1000) / 3600;
    expect(calorific).toBeCloseTo(8140.8, 1);
    expect(Math.abs(KILOWATT_HOURS_PER_TCE - calorific) / calorific).toBeLessThan(0.0006);
  });

  it('10 000 tce/a averages about 9 289 kW over 8 760 h', () => {
    expect(tceToAverageKilowatts(10_000)).toBeCloseTo((10_000 * 1000) / 0.1229 / HOURS_PER_YEAR, 6);
    expect(tceToAverageKilowatts(10_000)).toBeCloseTo(9288.5, 0);
    expect(tceToAverageKilowatts(0)).toBe(0);
  });

  it('the peak is the average divided by the load factor, split by the power share', () => {
    const d = measuredDemandFromTce({ tonnesCoalEquivalentPerYear: 10_000, loadFactor: 0.5, powerShare: 0.6 });
    expect(d.peakKilowatts).toBeCloseTo(2 * d.averageKilowatts, 9);
    expect(d.powerKilowatts).toBeCloseTo(0.6 * d.peakKilowatts, 9);
    expect(d.heatCoolingKilowatts + d.powerKilowatts).toBeCloseTo(d.peakKilowatts, 9);
    expect(d.loadFactor).toBe(0.5);
  });

  it('refuses a load factor outside (0, 1], a share outside [0, 1] and negative use', () => {
    expect(() => measuredDemandFromTce({ tonnesCoalEquivalentPerYear: 1, loadFactor: 0, powerShare: 0.5 })).toThrow(RangeError);
    expect(() => measuredDemandFromTce({ tonnesCoalEquivalentPerYear: 1, loadFactor: 1.5, powerShare: 0.5 })).toThrow(RangeError);
    expect(() => measuredDemandFromTce({ tonnesCoalEquivalentPerYear: 1, loadFactor: 0.5, powerShare: 1.1 })).toThrow(RangeError);
    expect(() => tceToAverageKilowatts(-1)).toThrow(RangeError);
    expect(() => tceToAverageKilowatts(Number.NaN)).toThrow(RangeError);
  });
});
