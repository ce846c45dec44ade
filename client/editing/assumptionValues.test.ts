import { describe, expect, it } from 'vitest';
import { assumptionsFrom } from './assumptionValues';

const TYPED = Object.freeze({ simultaneityLow: '0.6', simultaneityCentral: '0.75', simultaneityHigh: '0.9', intensityLow: '0.8', intensityHigh: '1.2', measuredLoadFactor: '0.6' });

describe('assumptionsFrom', () => {
  it('turns the typed figures into assumptions', () => {
    expect(assumptionsFrom(TYPED)).toEqual({ simultaneityFactor: { low: 0.6, central: 0.75, high: 0.9 }, intensityFactor: { low: 0.8, high: 1.2 }, measuredLoadFactor: 0.6 });
  });
  it('refuses a blank, a factor above 1, low > central and an intensity factor on the wrong side of 1', () => {
    expect(assumptionsFrom({ ...TYPED, simultaneityCentral: '' })).toBeNull();
    expect(assumptionsFrom({ ...TYPED, simultaneityHigh: '1.1' })).toBeNull();
    expect(assumptionsFrom({ ...TYPED, simultaneityLow: '0.8' })).toBeNull();
    expect(assumptionsFrom({ ...TYPED, intensityHigh: '0.9' })).toBeNull();
    expect(assumptionsFrom({ ...TYPED, measuredLoadFactor: '0' })).toBeNull();
    expect(assumptionsFrom({ ...TYPED, measuredLoadFactor: '1.2' })).toBeNull();
  });
});
