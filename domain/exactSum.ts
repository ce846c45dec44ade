/**
 * A sum of floating-point numbers that is exact until it is read, and read
 * correctly rounded: the same value whatever order the numbers came in, and
 * after removing a number (adding its negative) the same value as if it had
 * never been added. The tally sums thousands of parcels' shares; with plain
 * `+=` a figure kept up to date edit by edit would drift from a full
 * recompute in the last bits, and a cached dashboard would disagree with the
 * report. Shewchuk's non-overlapping partials ("Adaptive precision
 * floating-point arithmetic", 1997), read as CPython's math.fsum does.
 */
export class ExactSum {
  /** Non-overlapping partials, increasing magnitude; their exact sum is the sum so far. */
  private partials: number[] = [];

  add(value: number): this {
    if (!Number.isFinite(value)) throw new RangeError(`ExactSum.add: ${value} is not finite`);
    let x = value;
    let i = 0;
    for (let j = 0; j < this.partials.length; j++) {
      let y = this.partials[j]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) this.partials[i++] = lo;
      x = hi;
    }
    this.partials.length = i;
    this.partials.push(x);
    return this;
  }

  /** The exact sum, rounded once to the nearest double (ties to even), as math.fsum. */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Half-way case: the partials below decide which way the rounding goes.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    // A sum of zero is 0, never -0: the sign of a zero partial depends on the order the figures came in.
    return hi === 0 ? 0 : hi;
  }
}

/** The correctly rounded sum of `values` (order-independent). */
export function exactSum(values: Iterable<number>): number {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s.value();
}
