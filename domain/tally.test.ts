import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from './area';
import { FIGURE_LIMITS } from './figureLimits';
import { parcelPropertiesSchema } from './parcel.schema';
import { tallyTarget, targetContributions, type TallyParcel } from './tally';
import { box, deepFreeze, target, ZONES } from './testing/fixtures';
import { squareMetersToMu } from './units';
import { computeZoneCells } from './zoneCells';

function parcel(id: number, geometry: ReturnType<typeof box>, props: Partial<TallyParcel> = {}): TallyParcel {
  return deepFreeze({
    id,
    landUseCode: '100101',
    status: 'supplied',
    supplyYear: 2024,
    investmentYi: null,
    outputYi: null,
    factoryFloorSquareMeters: null,
    areaSquareMeters: areaSquareMeters(geometry),
    zoneCells: computeZoneCells(geometry, ZONES),
    ...props,
  });
}

const IN_SMALL = box(106.912, 28.912, 106.914, 28.914);
const STRADDLING = box(106.935, 28.905, 106.945, 28.906); // half in BIG
const IN_SIDE = box(106.955, 28.905, 106.96, 28.91);
const OUTSIDE = box(107.0, 29.0, 107.002, 29.002);

const mu = (g: ReturnType<typeof box>) => squareMetersToMu(areaSquareMeters(g));

describe('tallyTarget: land (mu)', () => {
  it('counts a straddling parcel only by its area inside the zone', () => {
    const t = target({ code: 'T', zoneCodes: ['BIG'] });
    const result = tallyTarget(t, [parcel(1, STRADDLING)]);
    expect(result.secured).toBeCloseTo(mu(box(106.935, 28.905, 106.94, 28.906)), 6);
    expect(result.secured).toBeLessThan(mu(STRADDLING));
  });

  it('counts a parcel in SMALL ⊂ BIG in both targets, and once in a target scoping both', () => {
    const parcels = [parcel(1, IN_SMALL)];
    const whole = mu(IN_SMALL);
    expect(tallyTarget(target({ code: 'S', zoneCodes: ['SMALL'] }), parcels).secured).toBeCloseTo(whole, 9);
    expect(tallyTarget(target({ code: 'B', zoneCodes: ['BIG'] }), parcels).secured).toBeCloseTo(whole, 9);
    expect(tallyTarget(target({ code: 'U', zoneCodes: ['BIG', 'SMALL'] }), parcels).secured).toBeCloseTo(whole, 9);
  });

  it('splits secured and pipeline by status, and ignores other land uses', () => {
    const parcels = [
      parcel(1, IN_SMALL, { status: 'in_production' }),
      parcel(2, IN_SIDE, { status: 'planned', supplyYear: null }),
      parcel(3, OUTSIDE, { landUseCode: '0901' }),
    ];
    const t = target({ code: 'T', landUseCodes: ['1001'], supplyYearFrom: 2023, supplyYearTo: 2025 });
    const result = tallyTarget(t, parcels);
    expect(result.secured).toBeCloseTo(mu(IN_SMALL), 9);
    expect(result.pipeline).toBeCloseTo(mu(IN_SIDE), 9);
  });

  it('applies the supply-year window inclusively', () => {
    const t = target({ code: 'T', supplyYearFrom: 2023, supplyYearTo: 2025 });
    const years = [2022, 2023, 2025, 2026];
    const parcels = years.map((y, i) => parcel(i, box(107 + i * 0.01, 29, 107.001 + i * 0.01, 29.001), { supplyYear: y }));
    const ids = targetContributions(t, parcels).map((c) => c.id);
    expect(ids).toEqual([1, 2]);
  });

  it('a secured parcel without a supply year does not count in a windowed target', () => {
    const t = target({ code: 'T', supplyYearFrom: 2023, supplyYearTo: 2025 });
    expect(tallyTarget(t, [parcel(1, OUTSIDE, { supplyYear: null })]).secured).toBe(0);
    expect(tallyTarget(target({ code: 'open' }), [parcel(1, OUTSIDE, { supplyYear: null })]).secured).toBeGreaterThan(0);
  });

  it('judges floor and stretch (gte) and remaining', () => {
    const parcels = [parcel(1, IN_SIDE)];
    const secured = mu(IN_SIDE);
    const met = tallyTarget(target({ code: 'T', floor: secured - 1, stretch: secured + 1 }), parcels);
    expect(met).toMatchObject({ met: true, stretchMet: false, remaining: 0 });
    const missed = tallyTarget(target({ code: 'T', floor: secured + 10 }), parcels);
    expect(missed.met).toBe(false);
    expect(missed.stretchMet).toBeNull();
    expect(missed.remaining).toBeCloseTo(10, 9);
  });

  it('judges a cap (lte): met while at or under, headroom as remaining', () => {
    const parcels = [parcel(1, IN_SIDE)];
    const secured = mu(IN_SIDE);
    const under = tallyTarget(target({ code: 'cap', comparator: 'lte', floor: secured + 5 }), parcels);
    expect(under.met).toBe(true);
    expect(under.remaining).toBeCloseTo(5, 9);
    const over = tallyTarget(target({ code: 'cap', comparator: 'lte', floor: secured - 5 }), parcels);
    expect(over.met).toBe(false);
    expect(over.remaining).toBe(0);
  });
});

describe('tallyTarget: other metrics', () => {
  const parcels = [
    parcel(1, STRADDLING, { status: 'in_production', investmentYi: 10, outputYi: 20, factoryFloorSquareMeters: 3000 }),
    parcel(2, IN_SMALL, { status: 'under_construction', investmentYi: 5, outputYi: null, factoryFloorSquareMeters: 1000 }),
  ];
  const fraction = areaSquareMeters(box(106.935, 28.905, 106.94, 28.906)) / areaSquareMeters(STRADDLING);

  it('investment (亿元) is taken in proportion to the area inside the scope', () => {
    const t = target({ code: 'inv', metric: 'investment_yi', zoneCodes: ['BIG'] });
    expect(tallyTarget(t, parcels).secured).toBeCloseTo(10 * fraction + 5, 6);
  });

  it('output (亿元) counts only the statuses listed as secured', () => {
    const t = target({ code: 'out', metric: 'output_yi', zoneCodes: ['BIG'], securedStatuses: ['in_production'], pipelineStatuses: ['under_construction'] });
    const r = tallyTarget(t, parcels);
    expect(r.secured).toBeCloseTo(20 * fraction, 6);
    expect(r.pipeline).toBe(0);
  });

  it('factory floor (m²) zone-wide counts whole parcels', () => {
    const t = target({ code: 'floor', metric: 'floor_area_m2' });
    expect(tallyTarget(t, parcels).secured).toBeCloseTo(4000, 9);
  });

  it('station count counts kinds and statuses inside the scope', () => {
    const stations = [
      { id: 1, kind: 'cchp', status: 'operating', zoneCodes: ['BIG'] },
      { id: 2, kind: 'cchp', status: 'planned', zoneCodes: ['SIDE'] },
      { id: 3, kind: 'substation', status: 'operating', zoneCodes: ['BIG'] },
      { id: 4, kind: 'cchp', status: 'under_construction', zoneCodes: [] },
    ];
    const t = target({ code: 'C2', metric: 'station_count', stationKinds: ['cchp'], securedStatuses: ['operating', 'under_construction'], pipelineStatuses: ['planned'], floor: 3 });
    expect(tallyTarget(t, [], stations)).toMatchObject({ secured: 2, pipeline: 1, met: false, remaining: 1 });
    const scoped = target({ code: 'C2b', metric: 'station_count', zoneCodes: ['BIG', 'SIDE'], stationKinds: ['cchp'], securedStatuses: ['operating'], pipelineStatuses: ['planned'], floor: 1 });
    expect(tallyTarget(scoped, [], stations)).toMatchObject({ secured: 1, pipeline: 1, met: true });
  });
});

describe('tally never double-counts (property)', () => {
  const randomParcel = fc
    .record({
      lon: fc.double({ min: 106.895, max: 106.975, noNaN: true }),
      lat: fc.double({ min: 28.895, max: 28.945, noNaN: true }),
      w: fc.double({ min: 0.0005, max: 0.012, noNaN: true }),
      h: fc.double({ min: 0.0005, max: 0.012, noNaN: true }),
    })
    .map(({ lon, lat, w, h }) => box(lon, lat, lon + w, lat + h));

  it('a target scoping overlapping zones never exceeds the parcels’ areas, nor the sum of its zones’ tallies', () => {
    fc.assert(
      fc.property(fc.array(randomParcel, { minLength: 1, maxLength: 6 }), (shapes) => {
        const parcels = shapes.map((g, i) => parcel(i, g));
        const union = tallyTarget(target({ code: 'U', zoneCodes: ['BIG', 'SMALL', 'SIDE'] }), parcels).secured;
        const perZone = ['BIG', 'SMALL', 'SIDE'].map((z) => tallyTarget(target({ code: z, zoneCodes: [z] }), parcels).secured);
        const totalMu = parcels.reduce((s, p) => s + squareMetersToMu(p.areaSquareMeters), 0);
        expect(union).toBeLessThanOrEqual(totalMu * (1 + 1e-9));
        expect(union).toBeLessThanOrEqual(perZone.reduce((a, b) => a + b, 0) * (1 + 1e-9) + 1e-9);
        expect(union).toBeGreaterThanOrEqual(Math.max(...perZone) * (1 - 1e-9) - 1e-9);
        // Every contribution is a share of one parcel, between 0 and 1.
        for (const c of targetContributions(target({ code: 'U', zoneCodes: ['BIG', 'SMALL', 'SIDE'] }), parcels)) {
          expect(c.fraction).toBeGreaterThan(0);
          expect(c.fraction).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('tally of extreme figures stays a number', () => {
  const metrics = ['land_mu', 'floor_area_m2', 'investment_yi', 'output_yi'] as const;
  const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

  it('10,000 parcels each at the schema maximum sum to finite figures that JSON keeps as numbers', () => {
    const max = FIGURE_LIMITS;
    const many = Array.from({ length: 10_000 }, (_, i) =>
      parcel(i, IN_SMALL, { investmentYi: max.investmentYi, outputYi: max.outputYi, factoryFloorSquareMeters: max.factoryFloorSquareMeters, status: i % 2 ? 'supplied' : 'planned' }),
    );
    for (const metric of metrics) {
      const t = target({ code: 'T', metric, floor: max.targetFigure, stretch: max.targetFigure });
      const result = JSON.parse(JSON.stringify(tallyTarget(t, many)));
      for (const key of ['floor', 'stretch', 'secured', 'pipeline', 'remaining']) expect(isNumber(result[key]), `${metric}.${key}`).toBe(true);
      expect(result.secured).toBeGreaterThan(0);
    }
    const investment = tallyTarget(target({ code: 'T', metric: 'investment_yi', floor: 1 }), many);
    expect(investment.secured).toBe(5000 * max.investmentYi);
  });

  it('a stored figure past the schema (1e308, from before the limits) counts 0 instead of making the sum Infinity', () => {
    const rows = [parcel(1, IN_SMALL, { investmentYi: 1e308 }), parcel(2, IN_SIDE, { investmentYi: 1e308 }), parcel(3, OUTSIDE, { investmentYi: 2 })];
    const result = tallyTarget(target({ code: 'T', metric: 'investment_yi', floor: 10 }), rows);
    expect(result.secured).toBe(2);
    expect(result.met).toBe(false);
    const sent = JSON.parse(JSON.stringify(result));
    for (const key of ['floor', 'secured', 'pipeline', 'remaining']) expect(isNumber(sent[key]), key).toBe(true);
    for (const c of targetContributions(target({ code: 'T', metric: 'investment_yi', floor: 10 }), rows)) expect(isNumber(c.value)).toBe(true);
  });

  it('the parcel schema refuses what would break a sum (1e308, Infinity, negatives) with a zh/en message, and takes the maxima', () => {
    const base = { name: 'x', landUseCode: '100101', status: 'supplied' };
    for (const [field, value] of [
      ['investmentYi', 1e308],
      ['investmentYi', 100_000.01],
      ['outputYi', -1],
      ['factoryFloorSquareMeters', 1e9],
      ['powerDemandKilowatts', 1e8],
      ['heatCoolingDemandKilowatts', Infinity],
    ] as const) {
      const parsed = parcelPropertiesSchema.safeParse({ ...base, [field]: value });
      expect(parsed.success, `${field}=${value}`).toBe(false);
      if (!parsed.success && value !== Infinity) expect(parsed.error.issues[0]!.message).toMatch(/[\u4e00-\u9fff].* \/ .*[a-z]/);
    }
    expect(parcelPropertiesSchema.safeParse({ ...base, investmentYi: 100_000, outputYi: 100_000, factoryFloorSquareMeters: 1e8, powerDemandKilowatts: 1e7 }).success).toBe(true);
  });
});
