import { describe, expect, it } from 'vitest';
import { layoutChart, linearScale, niceCeiling, ticks } from './chartScale';

describe('niceCeiling', () => {
  it('rounds up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect(niceCeiling(4321)).toBe(5000);
    expect(niceCeiling(5000)).toBe(5000);
    expect(niceCeiling(5001)).toBe(10000);
    expect(niceCeiling(180)).toBe(200);
    expect(niceCeiling(2.2)).toBe(2.5);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });
});

describe('linearScale and ticks', () => {
  it('maps 0 to the bottom and the max to the top, clamping negatives', () => {
    const y = linearScale(100, 150, 10);
    expect(y(0)).toBe(150);
    expect(y(100)).toBe(10);
    expect(y(50)).toBe(80);
    expect(y(-5)).toBe(150);
    expect(ticks(5000, 4)).toEqual([0, 1250, 2500, 3750, 5000]);
  });
});

describe('layoutChart', () => {
  const box = Object.freeze({ width: 340, height: 190, marginLeft: 48, marginRight: 10, marginTop: 14, marginBottom: 24 });
  const years = Object.freeze([
    { year: 2023, secured: 1200, cumulative: 1200 },
    { year: 2024, secured: 800, cumulative: 2000 },
    { year: 2025, secured: 0, cumulative: 2000 },
  ]);

  it('scales to the larger of cumulative and the floor, bars in equal slots, zero bars flat', () => {
    const layout = layoutChart(years, [5000], box);
    expect(layout.yMax).toBe(5000);
    expect(layout.bars.map((b) => b.year)).toEqual([2023, 2024, 2025]);
    const slot = (340 - 10 - 48) / 3;
    expect(layout.bars[1]!.centerX).toBeCloseTo(48 + slot * 1.5, 9);
    expect(layout.bars[2]!.height).toBe(0);
    expect(layout.bars[0]!.height).toBeCloseTo(((190 - 24 - 14) * 1200) / 5000, 9);
    expect(layout.bars[0]!.y + layout.bars[0]!.height).toBeCloseTo(190 - 24, 9);
  });

  it('draws the cumulative line through the bar centres', () => {
    const layout = layoutChart(years, [], box);
    expect(layout.yMax).toBe(2000);
    const points = layout.linePoints.split(' ').map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(3);
    expect(points[2]![1]).toBeCloseTo(14, 2);
    expect(points[0]![0]).toBeCloseTo(layout.bars[0]!.centerX, 2);
  });

  it('copes with no years', () => {
    const layout = layoutChart([], [100], box);
    expect(layout.bars).toEqual([]);
    expect(layout.linePoints).toBe('');
  });
});
