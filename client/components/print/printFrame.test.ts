import { describe, expect, it } from 'vitest';
import { coverFactor, labelsInFrame } from './printFrame';

const snapshot = Object.freeze({
  imageUrl: null,
  widthPx: 1000,
  heightPx: 500,
  metersPerPixel: 2,
  bearingDegrees: 0,
  labels: [
    { xPx: 500, yPx: 250, code: 'A1', name: '中', kind: 'expansion_area' as const },
    { xPx: 50, yPx: 250, code: 'B1', name: '西', kind: 'featured_park' as const },
  ],
});

describe('print frame', () => {
  it('covers the frame with the larger ratio, so the picture is never letterboxed', () => {
    // A square frame of 600 px: the height decides (600/500), the sides are cropped.
    expect(coverFactor(snapshot, 600, 600)).toBeCloseTo(1.2, 9);
    expect(coverFactor(snapshot, 2000, 600)).toBeCloseTo(2, 9);
    expect(coverFactor(snapshot, 0, 600)).toBe(0);
  });

  it('keeps the centre label at the frame centre and drops one cropped away', () => {
    const labels = labelsInFrame(snapshot, 600, 600);
    expect(labels.map((l) => l.code)).toEqual(['A1']);
    expect(labels[0]).toMatchObject({ leftPx: 300, topPx: 300 });
  });
});
