import { describe, expect, it } from 'vitest';
import { parcelDemand, type DemandParcel } from './demand';
import { DEFAULT_DEMAND_INTENSITIES } from './demandIntensities';
import { tceToAverageKilowatts } from './measuredDemand';
import { apportionEnterpriseEnergy } from './measuredUse';

const PARCELS = Object.freeze([
  Object.freeze({ id: 1, enterpriseId: 7, status: 'in_production', areaSquareMeters: 30_000 }),
  Object.freeze({ id: 2, enterpriseId: 7, status: 'supplied', areaSquareMeters: 10_000 }),
  Object.freeze({ id: 3, enterpriseId: 7, status: 'planned', areaSquareMeters: 50_000 }),
  Object.freeze({ id: 4, enterpriseId: 8, status: 'in_production', areaSquareMeters: 20_000 }),
  Object.freeze({ id: 5, enterpriseId: null, status: 'in_production', areaSquareMeters: 20_000 }),
]);
const USES = Object.freeze([Object.freeze({ enterpriseId: 7, name: '示例储能', year: 2024, energyTce: 4000 })]);

describe('apportionEnterpriseEnergy', () => {
  it('shares the enterprise’s tce over its secured parcels by area; planned land, other enterprises and unlinked parcels get none', () => {
    const m = apportionEnterpriseEnergy(PARCELS, USES, 0.6);
    expect([...m.keys()].sort()).toEqual([1, 2]);
    expect(m.get(1)).toMatchObject({ enterpriseId: 7, enterpriseName: '示例储能', year: 2024, enterpriseTce: 4000, areaShare: 0.75, tonnesCoalEquivalentPerYear: 3000, loadFactor: 0.6 });
    expect(m.get(2)!.tonnesCoalEquivalentPerYear).toBeCloseTo(1000, 9);
  });

  it('gives nothing when the enterprise holds no secured land', () => {
    const onlyPlanned = PARCELS.filter((p) => p.id === 3);
    expect(apportionEnterpriseEnergy(onlyPlanned, USES, 0.6).size).toBe(0);
  });
});

describe('parcelDemand with a measured use', () => {
  const base: DemandParcel = { id: 1, landUseCode: '100101', status: 'in_production', industryChain: 'new_energy', areaSquareMeters: 30_000, enteredDemand: null };
  const use = apportionEnterpriseEnergy(PARCELS, USES, 0.6).get(1)!;

  it('derives the peak from tce/a and the load factor, split as the parcel’s intensity row splits heat and power', () => {
    const d = parcelDemand({ ...base, measuredUse: use });
    const peak = tceToAverageKilowatts(3000) / 0.6;
    expect(d.origin).toBe('measured');
    expect(d.totalKilowatts).toBeCloseTo(peak, 6);
    const row = DEFAULT_DEMAND_INTENSITIES.find((r) => r.industryChain === 'new_energy' && r.landUseClass === '1001')!;
    const powerShare = row.powerKilowattsPerMu / (row.powerKilowattsPerMu + row.heatCoolingKilowattsPerMu);
    expect(d.powerKilowatts).toBeCloseTo(peak * powerShare, 6);
    expect(d.heatCoolingKilowatts + d.powerKilowatts).toBeCloseTo(d.totalKilowatts, 9);
    expect(d.measured).toMatchObject({ year: 2024, tonnesCoalEquivalentPerYear: 3000, loadFactor: 0.6, powerShare });
  });

  it('an entered figure still wins over the measured one', () => {
    const d = parcelDemand({ ...base, measuredUse: use, enteredDemand: { heatCoolingKilowatts: 100, powerKilowatts: 50 } });
    expect(d).toMatchObject({ origin: 'entered', totalKilowatts: 150 });
    expect(d.measured).toBeUndefined();
  });
});
