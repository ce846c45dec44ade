import { describe, expect, it } from 'vitest';
import type { SideLoadRow, StationLoadRow } from '../../api/energy';
import { carriedShares, formatRatio, formatRatioRange } from './loadFigures';

const side = (loadRatio: number | null, stationShare: number | null): SideLoadRow => ({
  sumOfPeaksKilowatts: 0,
  loadKilowatts: 0,
  capacityKilowatts: null,
  loadRatio,
  stationKilowatts: 0,
  remainderKilowatts: 0,
  stationShare,
});
const load = (power: number | null, heat: number | null): StationLoadRow => ({ simultaneityFactor: 0.75, power: side(power, 0.8), heatCooling: side(heat, null) });

describe('load figures', () => {
  it('writes the central ratio and the low–high range', () => {
    expect(formatRatio(1.236, 'en')).toBe('124%');
    expect(formatRatio(null, 'en')).toBe('—');
    expect(formatRatioRange({ low: load(0.79, 0.6), high: load(1.79, null) }, 'power', 'en')).toBe('79–179%');
    expect(formatRatioRange({ low: load(0.79, 0.6), high: load(1.79, null) }, 'heatCooling', 'en')).toBeNull();
  });

  it('splits a side between the station and the rest', () => {
    expect(carriedShares(side(1.25, 0.8), 'en')).toEqual({ station: '80%', rest: '20%' });
    expect(carriedShares(side(null, null), 'en')).toBeNull();
  });
});
