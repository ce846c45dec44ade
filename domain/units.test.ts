import { describe, expect, it } from 'vitest';
import {
  SQUARE_METERS_PER_MU,
  hectaresToMu,
  muToSquareMeters,
  squareMetersToHectares,
  squareMetersToMu,
  yiToYuan,
  yuanToYi,
} from './units';

describe('units', () => {
  it('1 mu is 10000/15 m² and 15 mu is one hectare', () => {
    expect(SQUARE_METERS_PER_MU).toBeCloseTo(666.6666666667, 9);
    expect(squareMetersToMu(10000)).toBe(15);
    expect(hectaresToMu(1)).toBe(15);
    expect(muToSquareMeters(15)).toBe(10000);
  });

  it('round-trips m² → mu → m²', () => {
    for (const m2 of [0, 1, 666.6666666666666, 123456.789, 3.3e6]) {
      expect(muToSquareMeters(squareMetersToMu(m2))).toBeCloseTo(m2, 6);
    }
  });

  it('5000 mu is 3.333 km²', () => {
    expect(squareMetersToHectares(muToSquareMeters(5000))).toBeCloseTo(333.3333333, 6);
  });

  it('亿元 is 100 million yuan', () => {
    expect(yiToYuan(1.5)).toBe(150_000_000);
    expect(yuanToYi(300_0000_0000)).toBe(300);
  });
});
