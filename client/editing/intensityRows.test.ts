import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMAND_INTENSITIES } from '$domain/siting/demandIntensities';
import { checkIntensityRows, emptyRow, isPlanningAssumption, rowValuesFrom } from './intensityRows';

const DEFAULT_ROWS = Object.freeze(DEFAULT_DEMAND_INTENSITIES.map(rowValuesFrom));

describe('intensity rows', () => {
  it('round-trips the shipped defaults, every row a planning assumption', () => {
    const check = checkIntensityRows(DEFAULT_ROWS);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.intensities).toEqual(DEFAULT_DEMAND_INTENSITIES);
    expect(DEFAULT_ROWS.every((r) => isPlanningAssumption(r.source))).toBe(true);
  });

  it('labels a row with a source the admin entered as not an assumption', () => {
    expect(isPlanningAssumption('园区能源规划（2024）表 3')).toBe(false);
    expect(isPlanningAssumption(' planning_assumption ')).toBe(true);
  });

  it('refuses a new row until its figures and source are filled in, and a duplicate key', () => {
    const check = checkIntensityRows([...DEFAULT_ROWS, { ...emptyRow(), industryChain: 'logistics', landUseClass: '0802' }, { ...DEFAULT_ROWS[0]!, source: 'measured 2024' }]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const added = check.errors[DEFAULT_ROWS.length]!;
    expect(Object.keys(added).sort()).toEqual(['heatCoolingKilowattsPerMu', 'powerKilowattsPerMu', 'source']);
    expect(check.errors[DEFAULT_ROWS.length + 1]!.landUseClass?.en).toBe('Same as row 1');
  });

  it('refuses negative, non-numeric and too-large intensities, a bad class, and an empty table', () => {
    const check = checkIntensityRows([{ ...DEFAULT_ROWS[0]!, heatCoolingKilowattsPerMu: '-1', powerKilowattsPerMu: '20000', landUseClass: '10a' }]);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors[0]!).sort()).toEqual(['heatCoolingKilowattsPerMu', 'landUseClass', 'powerKilowattsPerMu']);
    const empty = checkIntensityRows([]);
    expect(empty.ok === false && empty.tableError?.en).toBe('Keep at least one row');
  });
});
