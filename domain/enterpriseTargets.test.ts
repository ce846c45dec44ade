import { describe, expect, it } from 'vitest';
import { ENTERPRISE_TARGETS, tallyEnterpriseTargets, type TargetInputs } from './enterpriseTargets';

const INPUTS: TargetInputs = Object.freeze({
  enterprises: [
    { id: 1, scale: 'above_scale', industryChain: 'new_energy' },
    { id: 2, scale: 'above_scale', industryChain: 'new_materials' },
    { id: 3, scale: 'below_scale', industryChain: 'new_energy' },
    { id: 4, scale: 'above_scale', industryChain: null },
  ],
  statistics: [
    { enterpriseId: 1, outputYi: 250 },
    { enterpriseId: 2, outputYi: 160 },
    { enterpriseId: 3, outputYi: 60 },
    { enterpriseId: 4, outputYi: null },
  ],
  projects: [
    { signedInvestmentYi: 200, plannedInvestmentYi: 220, signedOn: '2023-05-01' },
    { signedInvestmentYi: 120, plannedInvestmentYi: 100, signedOn: '2025-12-31' },
    { signedInvestmentYi: 50, plannedInvestmentYi: 60, signedOn: '2022-12-31' },
    { signedInvestmentYi: 70, plannedInvestmentYi: 80, signedOn: null },
  ],
});

describe('D1–D8 from the register', () => {
  it('are the plan’s eight targets with their figures and levels', () => {
    expect(ENTERPRISE_TARGETS.map((t) => [t.code, t.floor, t.stretch])).toEqual([
      ['D1', 500, 600],
      ['D2', 300, null],
      ['D3', 300, null],
      ['D4', 150, null],
      ['D5', 50, null],
      ['D6', 50, null],
      ['D7', 300, null],
      ['D8', 100, null],
    ]);
    expect(ENTERPRISE_TARGETS[0]).toMatchObject({ floorLevel: '确保', stretchLevel: '力争' });
  });

  it('sums output by chain, investment by signing date within the period or year, and counts reporting above-scale firms', () => {
    const byCode = Object.fromEntries(tallyEnterpriseTargets(2025, 2023, INPUTS).map((t) => [t.code, t]));
    expect(byCode.D1).toMatchObject({ value: 470, counted: 3, met: false, stretchMet: false });
    expect(byCode.D3).toMatchObject({ value: 310, counted: 2, met: true });
    expect(byCode.D4).toMatchObject({ value: 160, met: true });
    expect(byCode.D5).toMatchObject({ value: 0, counted: 0, met: false });
    // 2023 and 2025 signings, not 2022 (before the period) nor the unsigned one.
    expect(byCode.D2).toMatchObject({ value: 320, counted: 2, met: true });
    expect(byCode.D7).toMatchObject({ value: 120, counted: 1, met: false });
    expect(byCode.D8).toMatchObject({ value: 3, met: false });
    expect(byCode.D7!.gap!.zh).toContain('到位资金');
  });

  it('D8 needs more than 100, not 100', () => {
    const firms = Array.from({ length: 101 }, (_, i) => ({ id: i + 1, scale: 'above_scale', industryChain: null }));
    const stats = (n: number) => firms.slice(0, n).map((f) => ({ enterpriseId: f.id, outputYi: 1 }));
    const d8 = (n: number) => tallyEnterpriseTargets(2025, 2023, { enterprises: firms, statistics: stats(n), projects: [] }).find((t) => t.code === 'D8')!;
    expect(d8(100).met).toBe(false);
    expect(d8(101).met).toBe(true);
  });
});
