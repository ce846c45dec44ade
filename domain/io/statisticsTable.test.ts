import { describe, expect, it } from 'vitest';
import { cellNumber, readStatisticsRows, suggestMoneyUnit, suggestStatisticsMapping } from './statisticsTable';

// The example code printed in GB 32100-2015.
const CODE = '91350100M000100Y43';
const HEADER = Object.freeze(['统一社会信用代码', '企业名称', '年份', '工业总产值（万元）', '营业收入（万元）', '实缴税金（万元）', '工业增加值（万元）', '综合能耗（吨标准煤）', '研发经费（万元）', '从业人员（人）']);

describe('column mapping from the headers', () => {
  it('maps a statistics office sheet, 增加值 not taken for 产值, and suggests 万元', () => {
    const mapping = suggestStatisticsMapping(HEADER);
    expect(mapping).toEqual({
      '0': 'creditCode',
      '1': 'name',
      '2': 'year',
      '3': 'outputYi',
      '4': 'revenueYi',
      '5': 'taxYi',
      '6': 'valueAddedYi',
      '7': 'energyTce',
      '8': 'rdYi',
      '9': 'employees',
    });
    expect(suggestMoneyUnit(HEADER, mapping)).toBe('wan');
    expect(suggestMoneyUnit(['name', 'year', 'taxYi'], suggestStatisticsMapping(['name', 'year', 'taxYi']))).toBe('yi');
  });

  it('leaves unknown columns out and takes a field once', () => {
    expect(suggestStatisticsMapping(['备注', '企业名称', '名称', 'Tax'])).toEqual({ '1': 'name', '3': 'taxYi' });
  });
});

describe('rows in stored units', () => {
  const mapping = suggestStatisticsMapping(HEADER);
  const row = (cells: (string | number | null)[], line = 2) => ({ line, cells });

  it('converts 万元 to 亿元, reads thousands separators, keeps tce and persons as they are; empty is null', () => {
    const [r] = readStatisticsRows([row([CODE.toLowerCase(), '示例甲', 2024, '52,000', 40000, '2000', '', 3000, 1600, '400'])], mapping, { moneyUnit: 'wan' });
    expect(r!.errors).toEqual([]);
    expect(r!.creditCode).toBe(CODE);
    expect(r!.year).toBe(2024);
    expect(r!.figures).toEqual({ outputYi: 5.2, revenueYi: 4, taxYi: 0.2, valueAddedYi: null, energyTce: 3000, rdYi: 0.16, employees: 400 });
  });

  it('names every problem of a row: bad check character, text in a figure, a negative, a fractional head count, a year out of range', () => {
    const bad = `${CODE.slice(0, 17)}0`;
    const [r] = readStatisticsRows([row([bad, '示例乙', 1800, 'n/a', -1, null, null, null, null, 10.5])], mapping, { moneyUnit: 'yi' });
    const fields = r!.errors.map((e) => [e.field, e.code]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['creditCode', 'CREDIT_CODE_CHECK'],
        ['year', 'INVALID_PROPERTIES'],
        ['outputYi', 'INVALID_PROPERTIES'],
        ['revenueYi', 'INVALID_PROPERTIES'],
        ['employees', 'INVALID_PROPERTIES'],
      ]),
    );
    expect(r!.errors.find((e) => e.field === 'creditCode')!.detail).toContain('should be 3');
    expect(r!.figures).toBeNull();
  });

  it('uses the default year when no column holds one, and refuses a row without one', () => {
    const noYear = { '0': 'name' as const, '1': 'taxYi' as const };
    expect(readStatisticsRows([row(['示例丙', 0.1])], noYear, { moneyUnit: 'yi', defaultYear: 2025 })[0]!.year).toBe(2025);
    expect(readStatisticsRows([row(['示例丙', 0.1])], noYear, { moneyUnit: 'yi' })[0]!.errors.map((e) => e.field)).toEqual(['year']);
  });

  it('refuses both rows of one enterprise and year, and a row naming no enterprise', () => {
    const rows = readStatisticsRows(
      [row(['', '示例丁', 2024, 1], 2), row(['', '示例丁', 2024, 2], 3), row(['', '示例丁', 2023, 2], 4), row(['', '', 2024, 2], 5)],
      mapping,
      { moneyUnit: 'yi' },
    );
    expect(rows.map((r) => r.errors.map((e) => e.code))).toEqual([['DUPLICATE_STATISTICS_ROW'], ['DUPLICATE_STATISTICS_ROW'], [], ['UNKNOWN_ENTERPRISE']]);
    expect(rows[0]!.errors[0]!.detail).toBe('lines 2, 3');
  });

  it('reads numbers strictly', () => {
    expect(cellNumber(' 1,234.5 ')).toBe(1234.5);
    expect(cellNumber('')).toBeNull();
    expect(cellNumber('1e3')).toBe(1000);
    expect(cellNumber('12abc')).toBeNaN();
    expect(cellNumber('0x10')).toBeNaN();
  });
});
