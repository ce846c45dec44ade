import { describe, expect, it } from 'vitest';
import type { DrillParcel } from '../api/review';
import { drillTotals, nextSort, sortDrillRows } from './drillSort';

const row = (id: number, over: Partial<DrillParcel>): DrillParcel =>
  Object.freeze({
    id,
    name: `P${id}`,
    status: 'supplied',
    supplyYear: 2024,
    enterprise: 'E',
    landUseCode: '100101',
    areaSquareMeters: 1000,
    areaMu: 1.5,
    role: 'secured',
    fraction: 1,
    countedAreaSquareMeters: 1000,
    countedAreaMu: 1.5,
    value: 1.5,
    straddling: false,
    ...over,
  });

const ROWS = Object.freeze([
  row(1, { name: '鱼田堡-02', areaMu: 30, value: 30, supplyYear: 2023, status: 'in_production' }),
  row(2, { name: '鱼田堡-10', areaMu: 12, value: 6, supplyYear: null, status: 'planned', role: 'pipeline', enterprise: null }),
  row(3, { name: '鱼田堡-03', areaMu: 30, value: 12.5, supplyYear: 2025, straddling: true, fraction: 0.4 }),
  row(4, { name: '联创-01', areaMu: 50, value: 50, supplyYear: 2024, status: 'reserved', role: 'pipeline', enterprise: '' }),
]);

describe('sortDrillRows', () => {
  it('keeps tally order when unsorted and does not touch the input', () => {
    expect(sortDrillRows(ROWS, { key: null, direction: 'asc' }).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('sorts by area descending, ties in tally order', () => {
    expect(sortDrillRows(ROWS, { key: 'areaMu', direction: 'desc' }).map((r) => r.id)).toEqual([4, 1, 3, 2]);
    expect(sortDrillRows(ROWS, { key: 'areaMu', direction: 'asc' }).map((r) => r.id)).toEqual([2, 1, 3, 4]);
  });

  it('names sort numerically within the same prefix (鱼田堡-02 before 鱼田堡-10)', () => {
    const names = sortDrillRows(ROWS, { key: 'name', direction: 'asc' }).map((r) => r.name);
    expect(names.indexOf('鱼田堡-02')).toBeLessThan(names.indexOf('鱼田堡-03'));
    expect(names.indexOf('鱼田堡-03')).toBeLessThan(names.indexOf('鱼田堡-10'));
  });

  it('missing years and enterprises sort last in either direction', () => {
    expect(sortDrillRows(ROWS, { key: 'supplyYear', direction: 'asc' }).map((r) => r.id)).toEqual([1, 4, 3, 2]);
    expect(sortDrillRows(ROWS, { key: 'supplyYear', direction: 'desc' }).map((r) => r.id)).toEqual([3, 4, 1, 2]);
    expect(sortDrillRows(ROWS, { key: 'enterprise', direction: 'desc' }).slice(-2).map((r) => r.id)).toEqual([2, 4]);
  });

  it('status sorts along the life cycle, not alphabetically', () => {
    expect(sortDrillRows(ROWS, { key: 'status', direction: 'asc' }).map((r) => r.status)).toEqual(['planned', 'reserved', 'supplied', 'in_production']);
  });
});

describe('nextSort', () => {
  it('a numeric column starts descending, text ascending; the same column flips', () => {
    expect(nextSort({ key: null, direction: 'asc' }, 'areaMu')).toEqual({ key: 'areaMu', direction: 'desc' });
    expect(nextSort({ key: 'areaMu', direction: 'desc' }, 'areaMu')).toEqual({ key: 'areaMu', direction: 'asc' });
    expect(nextSort({ key: 'areaMu', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
  });
});

describe('drillTotals', () => {
  it('adds secured and pipeline separately and counts straddling rows', () => {
    expect(drillTotals(ROWS)).toEqual({ secured: 42.5, pipeline: 56, securedCount: 2, pipelineCount: 2, straddlingCount: 1 });
  });
});
