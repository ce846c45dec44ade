import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, exactSum } from './exactSum';

describe('ExactSum', () => {
  it('is exact where plain addition is not', () => {
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(exactSum([1e100, 1, -1e100])).toBe(1);
    expect(exactSum([1, 1e-16, 1e-16])).toBe(1.0000000000000002);
    expect(exactSum([])).toBe(0);
  });

  it('gives the same value in any order, and removing a number is as if it was never added', () => {
    const figure = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(figure, { maxLength: 60 }), fc.array(figure, { maxLength: 20 }), fc.nat(), (values, removed, seed) => {
        const shuffled = [...values].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        expect(exactSum(shuffled)).toBe(exactSum(values));
        const s = new ExactSum();
        for (const v of [...values, ...removed]) s.add(v);
        for (const v of removed) s.add(-v);
        expect(s.value()).toBe(exactSum(values));
      }),
      { numRuns: 300 },
    );
  });

  it('rounds the exact sum once, to nearest, ties to even (math.fsum’s cases)', () => {
    // 2^53 + 1 lies half-way between two doubles: ties go to the even one.
    expect(exactSum([2 ** 53, 1])).toBe(2 ** 53);
    expect(exactSum([2 ** 53, 1, 1e-300])).toBe(2 ** 53 + 2);
    expect(exactSum([2 ** 53, 3])).toBe(2 ** 53 + 4);
  });

  it('refuses a non-finite number rather than poisoning the sum', () => {
    expect(() => new ExactSum().add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
