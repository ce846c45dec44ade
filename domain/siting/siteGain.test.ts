import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../testing/fixtures';
import { computeCoverage, type DemandPoint } from './coverage';
import { PARK_CENTER, travel } from './testing/fixtures';
import { sitingGain } from './siteGain';

const O = PARK_CENTER;
const at = (bearing: number, meters: number) => travel(O, bearing, meters);
const points: DemandPoint[] = deepFreeze([
  { id: 'near', position: at(0, 500), demandKilowatts: 1000 },
  { id: 'east', position: at(90, 3000), demandKilowatts: 700 },
  { id: 'far', position: at(180, 9000), demandKilowatts: 300 },
]);

describe('sitingGain', () => {
  it('names what each suggested site reaches that no current station does, and the gain over keeping them', () => {
    const current = computeCoverage([{ id: 'now', position: O, radiusMeters: 1000 }], points);
    const suggested = computeCoverage(
      [
        { id: 'site-1', position: O, radiusMeters: 1000 },
        { id: 'site-2', position: at(90, 3000), radiusMeters: 1000 },
      ],
      points,
    );
    const gain = sitingGain(suggested, current, points);
    expect(gain.sites[0]).toMatchObject({ id: 'site-1', newlyCoveredParcelIds: [], newlyCoveredKilowatts: 0, alreadyCoveredKilowatts: 1000 });
    expect(gain.sites[1]).toMatchObject({ id: 'site-2', newlyCoveredParcelIds: ['east'], newlyCoveredKilowatts: 700, alreadyCoveredKilowatts: 0 });
    expect(gain.gainKilowatts).toBe(700);
    expect(gain.gainShare).toBeCloseTo(0.35, 12);
  });

  it('a suggested set on top of the current stations gains nothing: the finding is that they are already well placed', () => {
    const stations = [{ id: 'a', position: O, radiusMeters: 4000 }];
    const gain = sitingGain(computeCoverage(stations, points), computeCoverage(stations, points), points);
    expect(gain.gainKilowatts).toBe(0);
    expect(gain.sites[0]!.newlyCoveredKilowatts).toBe(0);
  });
});
