import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMAND_INTENSITIES } from './demandIntensities';
import { powerPlanningRange, rangeVerdict } from './planningNorms';

describe('powerPlanningRange', () => {
  it('converts GB/T 50293 industrial land 200–800 kW/hm² to 13.3–53.3 kW/亩 (15 亩 per hm²)', () => {
    const r = powerPlanningRange('1001')!;
    expect(r.lowKilowattsPerHectare).toBe(200);
    expect(r.highKilowattsPerHectare).toBe(800);
    expect(r.lowKilowattsPerMu).toBeCloseTo(13.333, 3);
    expect(r.highKilowattsPerMu).toBeCloseTo(53.333, 3);
    expect(r.normClass.code).toBe('M');
  });

  it('says how each range was checked: none against the 2014 text; industrial land only through a secondary source', () => {
    expect(powerPlanningRange('1001')).toMatchObject({ verification: 'secondary' });
    for (const cls of ['1101', '0802', '0901']) {
      const r = powerPlanningRange(cls)!;
      expect(r.verification).toBe('unverified');
      expect(r.verificationNote.zh).toContain('未核实');
    }
  });

  it('has no range for a fallback row or a class the standard is not mapped for', () => {
    expect(powerPlanningRange(null)).toBeNull();
    expect(powerPlanningRange('0701')).toBeNull();
  });
});

describe('rangeVerdict', () => {
  const industrial = powerPlanningRange('1001');
  it('counts the ends as within and flags either side', () => {
    expect(rangeVerdict(800 / 15, industrial)).toBe('within');
    expect(rangeVerdict(53.33, industrial)).toBe('within');
    expect(rangeVerdict(200 / 15, industrial)).toBe('within');
    expect(rangeVerdict(10, industrial)).toBe('below');
    expect(rangeVerdict(60, industrial)).toBe('above');
    expect(rangeVerdict(60, null)).toBe('no_range');
  });

  it('flags the default warehousing rows, whose power figure lies above the 20–40 kW/hm² warehousing range', () => {
    const warehousing = DEFAULT_DEMAND_INTENSITIES.filter((r) => r.landUseClass === '1101');
    expect(warehousing.length).toBeGreaterThan(0);
    for (const r of warehousing) expect(rangeVerdict(r.powerKilowattsPerMu, powerPlanningRange('1101'))).toBe('above');
    const manufacturing = DEFAULT_DEMAND_INTENSITIES.filter((r) => r.landUseClass === '1001');
    for (const r of manufacturing) expect(rangeVerdict(r.powerKilowattsPerMu, powerPlanningRange('1001'))).toBe('within');
  });
});
