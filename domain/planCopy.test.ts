import { describe, expect, it } from 'vitest';
import { shiftLabelYears, shiftTargetWindow, shiftYearBound } from './planCopy';
import { targetDefinitionSchema } from './target.schema';

const from = { periodStart: 2023, periodEnd: 2025 };

describe('shiftYearBound', () => {
  it('moves bounds set by the old period to the new one, whatever its length', () => {
    const to = { periodStart: 2026, periodEnd: 2030 };
    expect(shiftYearBound(2023, from, to)).toBe(2026);
    expect(shiftYearBound(2025, from, to)).toBe(2030);
    expect(shiftYearBound(2024, from, to)).toBe(2027);
  });

  it('clamps an inner bound into a shorter period; leaves open and outside bounds alone', () => {
    const to = { periodStart: 2026, periodEnd: 2026 };
    expect(shiftYearBound(2024, from, to)).toBe(2026);
    expect(shiftYearBound(null, from, to)).toBeNull();
    expect(shiftYearBound(2010, from, to)).toBe(2010);
    expect(shiftYearBound(2040, from, to)).toBe(2040);
  });
});

describe('shiftTargetWindow', () => {
  const base = targetDefinitionSchema.parse({ code: 'A0', labelZh: '甲', labelEn: 'A', metric: 'land_mu', securedStatuses: ['supplied'], floor: 5000 });

  it('2023–2025 → 2026–2028, "up to 2025" → "up to 2028", figures untouched', () => {
    const to = { periodStart: 2026, periodEnd: 2028 };
    expect(shiftTargetWindow({ ...base, supplyYearFrom: 2023, supplyYearTo: 2025 }, from, to)).toMatchObject({ supplyYearFrom: 2026, supplyYearTo: 2028, floor: 5000 });
    expect(shiftTargetWindow({ ...base, supplyYearFrom: null, supplyYearTo: 2025 }, from, to)).toMatchObject({ supplyYearFrom: null, supplyYearTo: 2028 });
  });

  it('keeps the plan’s word for each figure', () => {
    const worded = { ...base, floorLevel: 'strive', floorWordZh: '突破', stretch: 6000, stretchLevel: 'plain', stretchWordZh: '以上' } as const;
    const to = { periodStart: 2026, periodEnd: 2028 };
    expect(shiftTargetWindow(worded, from, to)).toMatchObject({ floorLevel: 'strive', floorWordZh: '突破', stretchLevel: 'plain', stretchWordZh: '以上' });
  });

  it('never leaves a window that ends before it starts', () => {
    const to = { periodStart: 2000, periodEnd: 2002 };
    const shifted = shiftTargetWindow({ ...base, supplyYearFrom: 2010, supplyYearTo: 2025 }, from, to);
    expect(shifted.supplyYearFrom! <= shifted.supplyYearTo!).toBe(true);
  });
});

describe('shiftLabelYears', () => {
  it('moves the period written in a label with the window; other numbers and years outside the period stay', () => {
    const to = { periodStart: 2026, periodEnd: 2030 };
    expect(shiftLabelYears('2023—2025年新增工业建设用地（合计）', from, to)).toBe('2026—2030年新增工业建设用地（合计）');
    expect(shiftLabelYears('New industrial construction land 2023–2025 (total)', from, to)).toBe('New industrial construction land 2026–2030 (total)');
    expect(shiftLabelYears('2024年开工项目', from, to)).toBe('2027年开工项目');
    expect(shiftLabelYears('2010年以前存量用地 500000 m²、3 座', from, to)).toBe('2010年以前存量用地 500000 m²、3 座');
    expect(shiftLabelYears('内陆无水港', from, to)).toBe('内陆无水港');
    expect(shiftLabelYears('编号 120235 地块', from, to)).toBe('编号 120235 地块');
  });

  it('shiftTargetWindow relabels both languages', () => {
    const to = { periodStart: 2026, periodEnd: 2028 };
    const t = targetDefinitionSchema.parse({ code: 'A0', labelZh: '2023—2025年新增', labelEn: 'New 2023–2025', metric: 'land_mu', securedStatuses: ['supplied'], floor: 5000 });
    expect(shiftTargetWindow(t, from, to)).toMatchObject({ labelZh: '2026—2028年新增', labelEn: 'New 2026–2028' });
  });
});

