import { describe, expect, it } from 'vitest';
import { emptyTargetForm, formFromDefinition, parseNumberField, splitCodes, toDefinition } from './targetForm';
import { sliderYears, currentYearCst, clampYear } from './asOfYears';
import { fillMessage } from './fillMessage';

describe('target form', () => {
  it('parses typed lists and numbers into a definition the schema accepts', () => {
    const form = {
      ...emptyTargetForm(),
      code: ' A9 ',
      labelZh: '新增工业用地',
      labelEn: 'New industrial land',
      zoneCodes: ['A1', 'A2'],
      landUseCodes: '1001，1101、 100102',
      supplyYearFrom: '2026',
      supplyYearTo: '2028',
      floor: '5,000',
      stretch: '',
      source: '  §三(五)1 ',
    };
    const result = toDefinition(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition).toMatchObject({
      code: 'A9',
      landUseCodes: ['1001', '1101', '100102'],
      supplyYearFrom: 2026,
      supplyYearTo: 2028,
      floor: 5000,
      stretch: null,
      source: '§三(五)1',
      notes: null,
      comparator: 'gte',
    });
    expect(formFromDefinition(result.definition)).toMatchObject({ floor: '5000', landUseCodes: '1001, 1101, 100102', stretch: '' });
  });

  it('carries the plan’s word for each figure both ways; a blank qualifier is none', () => {
    const form = { ...emptyTargetForm(), code: 'B9', labelZh: '园', labelEn: 'Park', floor: '150', floorLevel: 'strive', floorWordZh: '突破', stretch: '200', stretchLevel: 'plain', stretchWordZh: '' } as const;
    const result = toDefinition(form);
    expect(result.ok && result.definition).toMatchObject({ floorLevel: 'strive', floorWordZh: '突破', stretchLevel: 'plain', stretchWordZh: null });
    if (!result.ok) return;
    expect(formFromDefinition(result.definition)).toMatchObject({ floorLevel: 'strive', floorWordZh: '突破', stretchLevel: 'plain', stretchWordZh: '' });
    // A new target starts where a stored one without a word reads: floor 确保, stretch 力争.
    expect(emptyTargetForm()).toMatchObject({ floorLevel: 'ensure', floorWordZh: '', stretchLevel: 'strive', stretchWordZh: '' });
  });

  it('names the fields that fail', () => {
    const result = toDefinition({ ...emptyTargetForm(), code: 'bad code', labelZh: 'x', labelEn: 'x', floor: 'lots', landUseCodes: '1', securedStatuses: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual(expect.arrayContaining(['code', 'floor', 'landUseCodes', 'securedStatuses']));
  });

  it('station targets drop land-use codes and keep station kinds', () => {
    const result = toDefinition({ ...emptyTargetForm(), code: 'C9', labelZh: '站', labelEn: 'Stations', metric: 'station_count', landUseCodes: '1001', stationKinds: ['cchp'], securedStatuses: ['operating'], pipelineStatuses: [], floor: '3' });
    expect(result.ok && result.definition.landUseCodes).toEqual([]);
    expect(result.ok && result.definition.stationKinds).toEqual(['cchp']);
  });

  it('helpers', () => {
    expect(splitCodes(' 1001 , 1101;1207 ')).toEqual(['1001', '1101', '1207']);
    expect(parseNumberField('')).toBeNull();
    expect(parseNumberField('1,234.5')).toBe(1234.5);
    expect(parseNumberField('12a')).toBeNaN();
  });
});

describe('year slider and messages', () => {
  it('years run from 2021 to the current year in Chongqing', () => {
    // 2025-12-31 17:00 UTC is already 2026 in UTC+8.
    expect(currentYearCst(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
    expect(sliderYears(new Date('2025-06-01T00:00:00Z'))).toEqual({ min: 2021, max: 2025 });
    expect(clampYear(2030, { min: 2021, max: 2025 })).toBe(2025);
    expect(clampYear(1999, { min: 2021, max: 2025 })).toBe(2021);
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fillMessage('截至 {year} 年末 {x}', { year: 2022 })).toBe('截至 2022 年末 {x}');
  });

  it('keeps a D target’s enterprise conditions when its figure is edited', () => {
    const d3 = toDefinition({ ...emptyTargetForm(), code: 'D3', labelZh: '新能源产值', labelEn: 'New energy output', metric: 'enterprise_output_yi', securedStatuses: ['reported'], pipelineStatuses: [], floor: '300' });
    expect(d3.ok).toBe(true);
    if (!d3.ok) return;
    const withChain = { ...d3.definition, enterpriseFilter: { ...d3.definition.enterpriseFilter, industryChains: ['new_energy' as const], outputYiMin: 1 } };
    const edited = toDefinition({ ...formFromDefinition(withChain), floor: '350' });
    expect(edited).toMatchObject({ ok: true, definition: { floor: 350, enterpriseFilter: { industryChains: ['new_energy'], scales: [], tags: [], outputYiMin: 1, outputYiBelow: null } } });
  });
});
