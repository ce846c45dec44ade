import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { additiveMismatches, apportion, apportionFigures } from './additive';

describe('apportion', () => {
  it('shares a total by weight so the shares add up exactly in decimal units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 4 }),
        (units, weights, decimals) => {
          const total = units / 10 ** decimals;
          const shares = apportion(total, weights, decimals);
          const sumUnits = shares.reduce((s, v) => s + Math.round(v * 10 ** decimals), 0);
          expect(sumUnits).toBe(units);
          // No share is more than one unit away from its exact proportion.
          const w = weights.reduce((a, b) => a + b, 0);
          shares.forEach((s, i) => expect(Math.abs(s - (total * weights[i]!) / w)).toBeLessThanOrEqual(1 / 10 ** decimals + 1e-9));
        },
      ),
    );
  });

  it('splits 3.5 亿元 over 1:1 as 1.75 + 1.75 and 1:2 as 1.1667 + 2.3333', () => {
    expect(apportion(3.5, [1, 1], 4)).toEqual([1.75, 1.75]);
    expect(apportion(3.5, [1, 2], 4)).toEqual([1.1667, 2.3333]);
  });

  it('keeps absent figures absent on every piece', () => {
    expect(apportionFigures({ investmentYi: 2, outputYi: null }, [10, 30])).toEqual([
      { investmentYi: 0.5, outputYi: null, factoryFloorSquareMeters: null, heatCoolingDemandKilowatts: null, powerDemandKilowatts: null },
      { investmentYi: 1.5, outputYi: null, factoryFloorSquareMeters: null, heatCoolingDemandKilowatts: null, powerDemandKilowatts: null },
    ]);
  });
});

describe('additiveMismatches', () => {
  it('finds a split that copies the money to every piece', () => {
    expect(additiveMismatches([{ investmentYi: 26.3 }], [{ investmentYi: 26.3 }, { investmentYi: 26.3 }])).toEqual([
      { field: 'investmentYi', sourceTotal: 26.3, resultTotal: 52.6 },
    ]);
  });
  it('accepts a merge that sums, despite floating-point noise', () => {
    expect(additiveMismatches([{ outputYi: 0.1 }, { outputYi: 0.2 }], [{ outputYi: 0.3 }])).toEqual([]);
  });
  it('finds a figure dropped on a merge', () => {
    expect(additiveMismatches([{ factoryFloorSquareMeters: 100 }, {}], [{ factoryFloorSquareMeters: null }])).toHaveLength(1);
  });
});
