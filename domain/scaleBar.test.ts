import { describe, expect, it } from 'vitest';
import { chooseScaleBar, METERS_PER_CSS_PIXEL_ON_PAPER, scaleDenominator } from './scaleBar';

describe('chooseScaleBar', () => {
  it('takes the longest 1-2-5 length that fits the width', () => {
    // 10 m per px, 160 px: up to 1,600 m → 1 km drawn 100 px wide.
    expect(chooseScaleBar(10, 160)).toEqual({ lengthMeters: 1000, widthPx: 100, label: '1 km' });
    // 2,000 m fits exactly at 12.5 m/px.
    expect(chooseScaleBar(12.5, 160)).toEqual({ lengthMeters: 2000, widthPx: 160, label: '2 km' });
    // Just short of 2 km: falls back to 1 km, never overflows.
    expect(chooseScaleBar(12.49, 160)!.lengthMeters).toBe(1000);
    expect(chooseScaleBar(3.2, 160)).toMatchObject({ lengthMeters: 500, label: '500 m' });
    expect(chooseScaleBar(0.9, 120)).toMatchObject({ lengthMeters: 100, label: '100 m' });
  });

  it('keeps the drawn width within the limit and at least 40% of it', () => {
    for (let mpp = 0.05; mpp < 2000; mpp *= 1.37) {
      const bar = chooseScaleBar(mpp, 150)!;
      expect(bar.widthPx).toBeLessThanOrEqual(150 + 1e-9);
      expect(bar.widthPx).toBeGreaterThanOrEqual(150 * 0.4);
      expect(bar.widthPx * mpp).toBeCloseTo(bar.lengthMeters, 6);
      expect(bar.label).toMatch(/^\d+(\.\d+)? k?m$/);
    }
  });

  it('labels kilometres and sub-metre lengths without float noise', () => {
    expect(chooseScaleBar(0.003, 100)!.label).toBe('0.2 m');
    expect(chooseScaleBar(400, 160)!.label).toBe('50 km');
  });

  it('refuses a scale that is not measured yet', () => {
    expect(chooseScaleBar(0, 160)).toBeNull();
    expect(chooseScaleBar(NaN, 160)).toBeNull();
    expect(chooseScaleBar(Infinity, 160)).toBeNull();
    expect(chooseScaleBar(5, 0)).toBeNull();
  });
});

describe('scaleDenominator', () => {
  it('is ground metres per paper metre to three significant figures', () => {
    // 1 px = 0.2646 mm on paper; 2.6458 m per px is 1:10,000.
    expect(scaleDenominator(10_000 * METERS_PER_CSS_PIXEL_ON_PAPER)).toBe(10_000);
    expect(scaleDenominator(12_345 * METERS_PER_CSS_PIXEL_ON_PAPER)).toBe(12_300);
    expect(scaleDenominator(0)).toBeNaN();
  });
});
