import { describe, expect, it } from 'vitest';
import { INDUSTRY_CHAINS } from '../parcel.schema';
import { deepFreeze } from '../testing/fixtures';
import { muToSquareMeters } from '../units';
import { demandIntensityFor, estimateDemand, landUseClassOf, MissingIntensityError, parcelDemand, type DemandParcel } from './demand';
import { DEFAULT_DEMAND_INTENSITIES, type DemandIntensity } from './demandIntensities';

function parcel(id: number, overrides: Partial<DemandParcel> = {}): DemandParcel {
  return deepFreeze({
    id,
    landUseCode: '100101',
    status: 'in_production',
    industryChain: 'electronic_info',
    areaSquareMeters: muToSquareMeters(100),
    enteredDemand: null,
    ...overrides,
  });
}

const intensity = (chain: DemandIntensity['industryChain'], landUseClass: string | null) =>
  DEFAULT_DEMAND_INTENSITIES.find((r) => r.industryChain === chain && r.landUseClass === landUseClass)!;

describe('parcelDemand', () => {
  it('estimates area (mu) × the intensity for the chain and four-digit land-use class', () => {
    const row = intensity('electronic_info', '1001');
    const d = parcelDemand(parcel(1));
    expect(d.origin).toBe('estimated');
    expect(d.heatCoolingKilowatts).toBeCloseTo(100 * row.heatCoolingKilowattsPerMu, 9);
    expect(d.powerKilowatts).toBeCloseTo(100 * row.powerKilowattsPerMu, 9);
    expect(d.totalKilowatts).toBeCloseTo(d.heatCoolingKilowatts + d.powerKilowatts, 9);
  });

  it('lets an entered figure win over the estimate', () => {
    const d = parcelDemand(parcel(1, { enteredDemand: { heatCoolingKilowatts: 1234, powerKilowatts: 567 } }));
    expect(d).toEqual({ id: 1, heatCoolingKilowatts: 1234, powerKilowatts: 567, totalKilowatts: 1801, origin: 'entered' });
  });

  it("falls back to the chain's row for a class the table does not list", () => {
    expect(demandIntensityFor('electronic_info', '1208')).toBe(intensity('electronic_info', null));
    expect(demandIntensityFor(null, '16')).toBe(intensity(null, null));
    expect(demandIntensityFor('logistics', '110102')).toBe(intensity('logistics', '1101'));
  });

  it('throws when a custom table has no row and no fallback for a chain', () => {
    const table = deepFreeze([{ ...intensity('other', null) }]);
    expect(() => demandIntensityFor('biomedicine', '1001', table)).toThrow(MissingIntensityError);
  });

  it('reads the class as the first four digits', () => {
    expect(landUseClassOf('100101')).toBe('1001');
    expect(landUseClassOf('0802')).toBe('0802');
    expect(landUseClassOf('16')).toBe('16');
  });
});

describe('estimateDemand', () => {
  const PARCELS = deepFreeze([
    parcel(1, { status: 'in_production' }),
    parcel(2, { status: 'planned', enteredDemand: { heatCoolingKilowatts: 10, powerKilowatts: 20 } }),
    parcel(3, { status: 'reserved' }),
    parcel(4, { status: 'supplied', industryChain: null }),
  ]);

  it('leaves pipeline parcels (planned, reserved) out unless asked', () => {
    expect(estimateDemand(PARCELS, { includePipeline: false }).map((d) => d.id)).toEqual([1, 4]);
  });

  it('includes pipeline parcels with includePipeline, in input order', () => {
    const demands = estimateDemand(PARCELS, { includePipeline: true });
    expect(demands.map((d) => [d.id, d.origin])).toEqual([
      [1, 'estimated'],
      [2, 'entered'],
      [3, 'estimated'],
      [4, 'estimated'],
    ]);
  });

  it('uses a table given instead of the default', () => {
    const table = deepFreeze([{ ...intensity(null, null), industryChain: 'electronic_info' as const, heatCoolingKilowattsPerMu: 1, powerKilowattsPerMu: 2 }]);
    const [d] = estimateDemand([parcel(1)], { includePipeline: false, intensities: table });
    expect(d!.totalKilowatts).toBeCloseTo(300, 9);
  });
});

describe('DEFAULT_DEMAND_INTENSITIES', () => {
  it('has a fallback row for every chain and for untagged parcels', () => {
    for (const chain of [...INDUSTRY_CHAINS, null]) expect(intensity(chain, null)).toBeDefined();
  });

  it('marks every row as a planning assumption, not an official figure', () => {
    for (const row of DEFAULT_DEMAND_INTENSITIES) {
      expect(row.source).toBe('planning_assumption');
      expect(row.assumption).toMatch(/^Assumption: .*not an official figure\.$/);
    }
  });

  it('has no repeated key and only positive intensities', () => {
    const keys = DEFAULT_DEMAND_INTENSITIES.map((r) => `${r.industryChain}|${r.landUseClass}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of DEFAULT_DEMAND_INTENSITIES) {
      expect(row.heatCoolingKilowattsPerMu).toBeGreaterThan(0);
      expect(row.powerKilowattsPerMu).toBeGreaterThan(0);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_DEMAND_INTENSITIES)).toBe(true);
    expect(DEFAULT_DEMAND_INTENSITIES.every((r) => Object.isFrozen(r))).toBe(true);
  });
});
