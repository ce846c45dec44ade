import { describe, expect, it } from 'vitest';
import { tallyEnterpriseMetric, type EnterpriseLedger } from './enterpriseTally';
import { tallyTarget } from './tally';
import { targetDefinitionSchema, type EnterpriseMetric, type TargetDefinition, type TargetDefinitionInput } from './target.schema';

const LEDGER: EnterpriseLedger = Object.freeze<EnterpriseLedger>({
  enterprises: [
    { id: 1, scale: 'above_scale', industryChain: 'new_energy', tags: ['specialized_new'], aboveScaleSinceYear: 2019 },
    { id: 2, scale: 'above_scale', industryChain: 'new_materials', tags: [], aboveScaleSinceYear: 2024 },
    // Entered in 2023, since dropped below scale: not counted as new above-scale.
    { id: 3, scale: 'below_scale', industryChain: 'new_energy', tags: ['specialized_new', 'little_giant'], aboveScaleSinceYear: 2023 },
    { id: 4, scale: 'above_scale', industryChain: null, tags: [], aboveScaleSinceYear: 2025 },
  ],
  statistics: [
    { enterpriseId: 1, year: 2023, outputYi: 200 },
    { enterpriseId: 1, year: 2024, outputYi: 250 },
    { enterpriseId: 2, year: 2024, outputYi: 60 },
    { enterpriseId: 3, year: 2024, outputYi: 3 },
    { enterpriseId: 4, year: 2024, outputYi: null },
    { enterpriseId: 1, year: 2026, outputYi: 999 },
  ],
  projects: [
    { enterpriseId: 1, signedInvestmentYi: 200, plannedInvestmentYi: 220, signedPlanned: null, signedActual: '2023-05-01', fundsInPlaceYi: { 2023: 40, 2024: 60.5 } },
    { enterpriseId: 2, signedInvestmentYi: 120, plannedInvestmentYi: 100, signedPlanned: '2025-01-01', signedActual: '2025-12-31', fundsInPlaceYi: { 2025: 10, 2026: 30 } },
    { enterpriseId: null, signedInvestmentYi: 50, plannedInvestmentYi: 60, signedPlanned: null, signedActual: '2022-12-31', fundsInPlaceYi: { 2022: 50, 2023: 5 } },
    { enterpriseId: null, signedInvestmentYi: 70, plannedInvestmentYi: 80, signedPlanned: '2024-06-30', signedActual: null, fundsInPlaceYi: {} },
  ],
  throughYear: null,
});

function target(metric: EnterpriseMetric, over: Partial<TargetDefinitionInput> = {}): TargetDefinition & { metric: EnterpriseMetric } {
  const t = targetDefinitionSchema.parse({ code: 'D', labelZh: 'd', labelEn: 'd', metric, securedStatuses: ['reported'], floor: 1, supplyYearFrom: 2023, supplyYearTo: 2025, ...over });
  return t as TargetDefinition & { metric: EnterpriseMetric };
}

describe('enterprise metrics', () => {
  it('sum the output of the latest reported year in the window, by industry chain', () => {
    expect(tallyEnterpriseMetric(target('enterprise_output_yi'), LEDGER)).toEqual({ secured: 313, pipeline: 0, countedYear: 2024, counted: 3 });
    const chain = target('enterprise_output_yi', { enterpriseFilter: { industryChains: ['new_energy'] } });
    expect(tallyEnterpriseMetric(chain, LEDGER).secured).toBe(253);
    // As of 2023 the latest year readable is 2023.
    expect(tallyEnterpriseMetric(chain, { ...LEDGER, throughYear: 2023 })).toMatchObject({ secured: 200, countedYear: 2023 });
    // A window with no statistics counts nothing and names no year.
    expect(tallyEnterpriseMetric(target('enterprise_output_yi', { supplyYearFrom: 2030, supplyYearTo: 2031 }), LEDGER)).toMatchObject({ secured: 0, countedYear: null });
  });

  it('count reporting enterprises by scale, tag and output band', () => {
    const count = (over: Partial<TargetDefinitionInput>) => tallyEnterpriseMetric(target('enterprise_count', over), LEDGER).secured;
    expect(count({ enterpriseFilter: { scales: ['above_scale'] } })).toBe(3);
    expect(count({ enterpriseFilter: { tags: ['specialized_new'] } })).toBe(2);
    expect(count({ enterpriseFilter: { tags: ['specialized_new', 'little_giant'] } })).toBe(1);
    // 60 is in [50, 100); 250 is not; an unreported output is in no band.
    expect(count({ enterpriseFilter: { outputYiMin: 50, outputYiBelow: 100 } })).toBe(1);
    expect(count({ enterpriseFilter: { outputYiMin: 100 } })).toBe(1);
    expect(count({ enterpriseFilter: { outputYiBelow: 1000 } })).toBe(3);
  });

  it('sum investment by actual signing year, with planned signings as pipeline', () => {
    expect(tallyEnterpriseMetric(target('project_planned_investment_yi'), LEDGER)).toMatchObject({ secured: 320, pipeline: 80, counted: 2 });
    expect(tallyEnterpriseMetric(target('project_signed_investment_yi', { supplyYearFrom: 2025, supplyYearTo: 2025 }), LEDGER)).toMatchObject({ secured: 120, pipeline: 0 });
    // As of 2024 the 2025 signing had not happened: it is pipeline by its planned date.
    expect(tallyEnterpriseMetric(target('project_signed_investment_yi'), { ...LEDGER, throughYear: 2024 })).toMatchObject({ secured: 200, pipeline: 190 });
    // A register condition drops projects without an enterprise.
    expect(tallyEnterpriseMetric(target('project_signed_investment_yi', { enterpriseFilter: { scales: ['above_scale'] } }), LEDGER)).toMatchObject({ secured: 320, pipeline: 0 });
  });

  it('sum funds in place by the year they arrived, whatever the signing year, up to the as-of year', () => {
    const funds = (over: Partial<TargetDefinitionInput>, ledger: EnterpriseLedger = LEDGER) => tallyEnterpriseMetric(target('project_funds_in_place_yi', over), ledger);
    expect(funds({ supplyYearFrom: 2023, supplyYearTo: 2023 })).toEqual({ secured: 45, pipeline: 0, countedYear: null, counted: 2 });
    expect(funds({})).toMatchObject({ secured: 115.5, counted: 3 });
    expect(funds({}, { ...LEDGER, throughYear: 2024 })).toMatchObject({ secured: 105.5, counted: 2 });
    expect(funds({ enterpriseFilter: { industryChains: ['new_materials'] } })).toMatchObject({ secured: 10, counted: 1 });
  });

  it('count enterprises newly above scale by the year they entered, only while they are above scale', () => {
    const fresh = (over: Partial<TargetDefinitionInput>, ledger: EnterpriseLedger = LEDGER) => tallyEnterpriseMetric(target('enterprise_new_above_scale_count', over), ledger).secured;
    expect(fresh({})).toBe(2);
    expect(fresh({}, { ...LEDGER, throughYear: 2024 })).toBe(1);
    expect(fresh({ enterpriseFilter: { industryChains: ['new_materials'] } })).toBe(1);
    expect(fresh({ supplyYearFrom: 2010, supplyYearTo: 2020 })).toBe(1);
  });

  it('are judged by the plan tally like any target, and count 0 without a ledger', () => {
    const d1 = target('enterprise_output_yi', { floor: 300, stretch: 600 });
    expect(tallyTarget(d1, [], [], LEDGER)).toMatchObject({ unit: 'yi_yuan', secured: 313, met: true, stretchMet: false, remaining: 0 });
    expect(tallyTarget(target('enterprise_count', { floor: 4 }), [], [], LEDGER)).toMatchObject({ unit: 'enterprises', secured: 4, met: true });
    expect(tallyTarget(d1, [])).toMatchObject({ secured: 0, met: false });
  });
});
