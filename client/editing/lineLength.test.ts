import { describe, expect, it } from 'vitest';
import { haversineMeters, lineLengthMeters } from './lineLength';

describe('line length', () => {
  it('one degree of latitude is about 111.2 km on the mean sphere', () => {
    expect(haversineMeters([106.9, 28.5], [106.9, 29.5])).toBeCloseTo(111_195, -1);
  });

  it('sums the segments; a single point has no length', () => {
    const line = [[106.9, 28.9], [106.91, 28.9], [106.91, 28.91]];
    expect(lineLengthMeters(line)).toBeCloseTo(haversineMeters(line[0]!, line[1]!) + haversineMeters(line[1]!, line[2]!), 6);
    expect(lineLengthMeters([[106.9, 28.9]])).toBe(0);
  });
});
