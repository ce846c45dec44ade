import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  creditCodeCheckCharacter,
  efficiencyFigures,
  enterpriseLandMu,
  enterprisePatchSchema,
  enterpriseSchema,
  statisticsSchema,
} from './enterprise';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('weights are 3^(i-1) mod 31', () => {
    const weights = Array.from({ length: 17 }, (_, i) => {
      let w = 1;
      for (let k = 0; k < i; k++) w = (w * 3) % 31;
      return w;
    });
    expect(weights).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('accepts the standard’s own example 91350100M000100Y43', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ valid: true, code: '91350100M000100Y43' });
  });

  it('computes check characters worked by hand', () => {
    // 9 1 1 1 0 1 0 8 0 0 0 0 0 0 0 0 0 · weights 1 3 9 27 19 26 16 17 20 …:
    // 9·1 + 1·3 + 1·9 + 1·27 + 0 + 1·26 + 0 + 8·17 = 9+3+9+27+26+136 = 210; 210 mod 31 = 24; 31−24 = 7 → '7'.
    expect(creditCodeCheckCharacter('91110108000000000')).toBe('7');
    expect(checkCreditCode('911101080000000007').valid).toBe(true);
    // All zeros: sum 0, 31−0 = 31 is written as 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
    // 1 at position 1 only: sum 1, 31−1 = 30 → charset[30] = 'Y'.
    expect(creditCodeCheckCharacter('10000000000000000')).toBe('Y');
    // A letter: 'A' is 10; at position 9 (weight 20) sum 200, 200 mod 31 = 14, 31−14 = 17 → 'H'.
    expect(creditCodeCheckCharacter('00000000A00000000')).toBe('H');
    expect(checkCreditCode('00000000A00000000H'.toLowerCase())).toEqual({ valid: true, code: '00000000A00000000H' });
  });

  it('refuses a wrong check character and names the expected one', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ valid: false, reason: 'CREDIT_CODE_CHECK', expectedCheck: '3' });
    // One character typed wrong in the body moves the check character.
    expect(checkCreditCode('91350100M000101Y43')).toMatchObject({ valid: false, reason: 'CREDIT_CODE_CHECK' });
    // Two adjacent characters swapped.
    expect(checkCreditCode('19350100M000100Y43')).toMatchObject({ valid: false, reason: 'CREDIT_CODE_CHECK' });
  });

  it('refuses malformed codes', () => {
    for (const bad of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100I000100Y43', '91350100O000100Y43', '9135A100M000100Y43', '91350100M000100Y4-']) {
      expect(checkCreditCode(bad), bad).toEqual({ valid: false, reason: 'CREDIT_CODE_FORMAT' });
    }
  });
});

describe('enterprise and statistics schemas', () => {
  it('defaults and de-duplicates tags', () => {
    const e = enterpriseSchema.parse({ name: ' 示例企业 ', scale: 'above_scale', tags: ['listed', 'high_tech', 'listed'] });
    expect(e).toEqual({ name: '示例企业', creditCode: null, industryChain: null, scale: 'above_scale', tags: ['high_tech', 'listed'], notes: null, rentedFloorSquareMeters: null, aboveScaleSinceYear: null });
    expect(enterpriseSchema.safeParse({ name: 'x', scale: 'big' }).success).toBe(false);
    expect(enterpriseSchema.parse({ name: 'x', scale: 'below_scale', rentedFloorSquareMeters: 1200 }).rentedFloorSquareMeters).toBe(1200);
    expect(enterpriseSchema.safeParse({ name: 'x', scale: 'below_scale', rentedFloorSquareMeters: -1 }).success).toBe(false);
    expect(enterpriseSchema.safeParse({ name: 'x', scale: 'below_scale', industryChain: 'steel' }).success).toBe(false);
  });

  it('a patch holds only the fields sent, so the others are kept', () => {
    expect(enterprisePatchSchema.parse({ scale: 'below_scale' })).toEqual({ scale: 'below_scale' });
    expect(enterprisePatchSchema.parse({ notes: null, tags: ['listed', 'listed'] })).toEqual({ notes: null, tags: ['listed'] });
  });

  it('refuses negative, non-finite and fractional-employee figures', () => {
    expect(statisticsSchema.safeParse({ taxYi: -1 }).success).toBe(false);
    expect(statisticsSchema.safeParse({ employees: 10.5 }).success).toBe(false);
    expect(statisticsSchema.safeParse({ revenueYi: 1e308 }).success).toBe(false);
    expect(statisticsSchema.parse({})).toEqual({ outputYi: null, revenueYi: null, taxYi: null, valueAddedYi: null, energyTce: null, rdYi: null, employees: null });
  });
});

describe('亩均 figures', () => {
  it('counts only secured parcels, in 亩 (1 亩 = 10000/15 m²)', () => {
    const land = enterpriseLandMu([
      { status: 'in_production', areaSquareMeters: 20_000 }, // 30 亩
      { status: 'supplied', areaSquareMeters: 10_000 }, // 15 亩
      { status: 'planned', areaSquareMeters: 50_000 }, // not the enterprise's yet
    ]);
    expect(land).toBeCloseTo(45, 12);
  });

  it('converts 亿元 to 万元 and divides by the right denominators', () => {
    const stats = statisticsSchema.parse({ revenueYi: 3, taxYi: 0.09, valueAddedYi: 0.6, energyTce: 1500, rdYi: 0.12, employees: 200 });
    const f = efficiencyFigures(2024, stats, 45);
    expect(f.year).toBe(2024);
    expect(f.landMu).toBe(45);
    expect(f.taxPerMuWan).toBeCloseTo(20, 10); // 0.09 亿 = 900 万 / 45 亩
    expect(f.revenuePerMuWan).toBeCloseTo(666.6666667, 6); // 30000 万 / 45 亩
    expect(f.valueAddedPerTceWan).toBeCloseTo(4, 10); // 6000 万 / 1500 tce
    expect(f.rdSharePercent).toBeCloseTo(4, 10); // 0.12 / 3 = 4 %
    expect(f.valueAddedPerEmployeeWan).toBeCloseTo(30, 10); // 6000 万 / 200 人
  });

  it('gives null, never Infinity, when an input is missing or a denominator is zero', () => {
    const f = efficiencyFigures(2024, statisticsSchema.parse({ taxYi: 1, valueAddedYi: 1, energyTce: 0 }), 0);
    expect(f).toMatchObject({ taxPerMuWan: null, revenuePerMuWan: null, valueAddedPerTceWan: null, rdSharePercent: null, valueAddedPerEmployeeWan: null });
    const g = efficiencyFigures(2024, statisticsSchema.parse({ taxYi: 0, revenueYi: 2, rdYi: 0 }), 10);
    expect(g.taxPerMuWan).toBe(0);
    expect(g.rdSharePercent).toBe(0);
  });
});
