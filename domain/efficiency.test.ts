import { describe, expect, it } from 'vitest';
import type { Statistics } from './enterprise';
import { classOfShareAhead, DEFAULT_EFFICIENCY_METHOD, efficiencyMethodSchema, evaluateEfficiency, type EfficiencyInput, type EfficiencyMethod } from './efficiency';

const stats = (fields: Partial<Statistics>): Statistics =>
  Object.freeze({ outputYi: null, revenueYi: null, taxYi: null, valueAddedYi: null, energyTce: null, rdYi: null, employees: null, ...fields });

const firm = (id: number, fields: Partial<EfficiencyInput> = {}): EfficiencyInput =>
  Object.freeze({ id, name: `示例${id}`, scale: 'above_scale', parcelLandMu: 100, rentedFloorSquareMeters: null, constructionPeriod: false, statistics: stats({ taxYi: id / 100 }), ...fields });

const TAX_ONLY: EfficiencyMethod = { ...DEFAULT_EFFICIENCY_METHOD, weights: { above_scale: { taxPerMuWan: 100 }, below_scale: { taxPerMuWan: 100 } } };

describe('the defaults', () => {
  it('are a valid method: weights 45/20/15/15/5 summing to 100, bands 25/70/95 %, sources stated', () => {
    const m = efficiencyMethodSchema.parse(DEFAULT_EFFICIENCY_METHOD);
    expect(Object.values(m.weights.above_scale)).toEqual([45, 20, 15, 15, 5]);
    expect(m.weights.below_scale).toEqual({ taxPerMuWan: 100 });
    expect(m.bands).toEqual({ A: 0.25, B: 0.7, C: 0.95 });
    expect(m.source.zh).toContain('示例');
    expect(m.source.en).toContain('Illustrative');
  });

  it('refuses weights not summing to 100 and bands out of order', () => {
    const bad = { ...DEFAULT_EFFICIENCY_METHOD, weights: { ...DEFAULT_EFFICIENCY_METHOD.weights, above_scale: { taxPerMuWan: 45, revenuePerMuWan: 20 } } };
    expect(efficiencyMethodSchema.safeParse(bad).success).toBe(false);
    expect(efficiencyMethodSchema.safeParse({ ...DEFAULT_EFFICIENCY_METHOD, bands: { A: 0.5, B: 0.4, C: 0.95 } }).success).toBe(false);
  });
});

describe('scores, recomputed by hand', () => {
  it('weight × min(value ÷ group mean of positive values, cap); a missing value earns 0', () => {
    // Land 100 亩. Tax 0.02 and 0.06 亿元 → 2 and 6 万元/亩, mean 4. Revenue only for #1: 1 亿元 → 100 万元/亩 = the mean.
    const out = evaluateEfficiency(2024, [firm(1, { statistics: stats({ taxYi: 0.02, revenueYi: 1 }) }), firm(2, { statistics: stats({ taxYi: 0.06 }) })], DEFAULT_EFFICIENCY_METHOD);
    expect(out[0]!.indicators.taxPerMuWan).toBeCloseTo(2, 12);
    expect(out[0]!.points).toMatchObject({ taxPerMuWan: 45 * (2 / 4), revenuePerMuWan: 20, valueAddedPerTceWan: 0 });
    expect(out[0]!.score).toBeCloseTo(22.5 + 20, 9);
    expect(out[1]!.points.taxPerMuWan).toBeCloseTo(45 * 1.5, 9);
    expect(out[1]!.points.revenuePerMuWan).toBe(0);
    expect(out[1]!.score).toBeCloseTo(67.5, 9);
    expect(out.map((r) => r.rank)).toEqual([2, 1]);
  });

  it('caps an indicator at cap × weight; a fixed benchmark replaces the mean', () => {
    const inputs = [firm(1, { statistics: stats({ taxYi: 0.01 }) }), firm(2, { statistics: stats({ taxYi: 0.01 }) }), firm(3, { statistics: stats({ taxYi: 1 }) })];
    expect(evaluateEfficiency(2024, inputs, TAX_ONLY)[2]!.score).toBe(200);
    const fixed = evaluateEfficiency(2024, inputs, { ...TAX_ONLY, benchmarks: { taxPerMuWan: 10 } });
    // 1 亿元 / 100 亩 = 100 万元/亩 → 10× the benchmark, capped at 2; 0.01 亿元 → 1 万元/亩 → 0.1 × 100.
    expect(fixed.map((r) => r.score)).toEqual([10, 10, 200]);
  });

  it('counts rented floor as floor ÷ plot ratio of land', () => {
    const [r] = evaluateEfficiency(2024, [firm(1, { parcelLandMu: 0, rentedFloorSquareMeters: 6000, statistics: stats({ taxYi: 0.01 }) })], { ...TAX_ONLY, rentedFloorPlotRatio: 1.5 });
    // 6000 m² / 1.5 = 4000 m² = 6 亩; 100 万元 / 6 亩.
    expect(r!.rentedLandMu).toBeCloseTo(6, 12);
    expect(r!.indicators.taxPerMuWan).toBeCloseTo(100 / 6, 9);
    expect(r!.class).toBe('A');
  });
});

describe('classes by rank', () => {
  it('20 distinct scores: 5 A, 9 B, 5 C, 1 D, best first', () => {
    const out = evaluateEfficiency(2024, Array.from({ length: 20 }, (_, i) => firm(i + 1)), TAX_ONLY);
    const byRank = [...out].sort((a, b) => a.rank! - b.rank!);
    expect(byRank.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(byRank.map((r) => r.class).join('')).toBe('AAAAABBBBBBBBBCCCCCD');
  });

  it('tied scores share the better class; a group of one is A', () => {
    const tied = evaluateEfficiency(2024, [firm(1), ...Array.from({ length: 3 }, (_, i) => firm(10 + i, { statistics: stats({ taxYi: 0.05 }) }))], TAX_ONLY);
    expect(tied.map((r) => [r.rank, r.class])).toEqual([
      [4, 'C'],
      [1, 'A'],
      [1, 'A'],
      [1, 'A'],
    ]);
    expect(evaluateEfficiency(2024, [firm(1)], TAX_ONLY)[0]!.class).toBe('A');
    expect(classOfShareAhead(0.95, DEFAULT_EFFICIENCY_METHOD.bands)).toBe('D');
    expect(classOfShareAhead(0.9499, DEFAULT_EFFICIENCY_METHOD.bands)).toBe('C');
  });

  it('below-scale firms are ranked apart, by tax per mu alone', () => {
    const out = evaluateEfficiency(
      2024,
      [
        firm(1, { statistics: stats({ taxYi: 0.5, revenueYi: 100 }) }),
        firm(2, { scale: 'below_scale', statistics: stats({ taxYi: 0.01, revenueYi: 100, valueAddedYi: 50 }) }),
        firm(3, { scale: 'below_scale', statistics: stats({ taxYi: 0.03 }) }),
      ],
      DEFAULT_EFFICIENCY_METHOD,
    );
    expect(out[0]).toMatchObject({ rank: 1, groupSize: 1, class: 'A' });
    expect(out[1]!.points).toEqual({ taxPerMuWan: 50 });
    expect(out.slice(1).map((r) => [r.rank, r.groupSize, r.score])).toEqual([
      [2, 2, 50],
      [1, 2, 150],
    ]);
  });

  it('exempt, construction-period, landless and unreported firms are unclassed and do not move the others', () => {
    const method = { ...TAX_ONLY, exemptions: { enterpriseIds: [2], constructionPeriod: true } };
    const inputs = [firm(1), firm(2), firm(3, { constructionPeriod: true }), firm(4, { parcelLandMu: 0 }), firm(5, { statistics: null }), firm(6)];
    const out = evaluateEfficiency(2024, inputs, method);
    expect(out.map((r) => r.unclassedReason)).toEqual([null, 'exempt_listed', 'construction_period', 'no_land', 'no_statistics', null]);
    expect(out.map((r) => r.class)).toEqual(['B', null, null, null, null, 'A']);
    expect(out[3]!.indicators.taxPerMuWan).toBeNull();
    const notExempt = evaluateEfficiency(2024, inputs, { ...method, exemptions: { enterpriseIds: [], constructionPeriod: false } });
    expect(notExempt[2]!.class).not.toBeNull();
  });
});
