import { describe, expect, it } from 'vitest';
import { anniversary, daysBetween, idleState, isoDateSchema, overdueMilestones, patchMilestones, projectPatchSchema, projectSchema, suppliedNotUsed } from './project';

const milestones = (m: Record<string, { planned?: string | null; actual?: string | null }>) => projectSchema.parse({ name: 'x', milestones: m }).milestones;

describe('calendar dates', () => {
  it('a year after 29 February is 28 February in a common year, 29 in a leap one', () => {
    expect(anniversary('2024-02-29', 1)).toBe('2025-02-28');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
    expect(anniversary('2023-12-31', 1)).toBe('2024-12-31');
  });

  it('counts days across year ends and leap days', () => {
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-12-31')).toBe(-1);
  });

  it('refuses dates that do not exist', () => {
    expect(isoDateSchema.safeParse('2023-02-29').success).toBe(false);
    expect(isoDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(isoDateSchema.safeParse('2024-2-1').success).toBe(false);
  });
});

describe('idle land (闲置土地处置办法 第二条、第十四条)', () => {
  const supplied = milestones({ supplied: { actual: '2022-06-30' }, agreedStart: { planned: '2022-12-31' } });

  it('is idle from one full year after the agreed start, reclaimable from two, across the year end', () => {
    expect(idleState(supplied, '2023-12-30')).toBeNull();
    expect(idleState(supplied, '2023-12-31')).toEqual({
      state: 'idle',
      agreedStart: '2022-12-31',
      idleSince: '2023-12-31',
      reclaimableFrom: '2024-12-31',
      daysPastAgreedStart: 365,
    });
    expect(idleState(supplied, '2024-12-30')!.state).toBe('idle');
    expect(idleState(supplied, '2024-12-31')).toMatchObject({ state: 'reclaimable', daysPastAgreedStart: 731 });
  });

  it('a start on or before the date ends it; land not yet supplied, or without an agreed date, is not idle', () => {
    const started = milestones({ supplied: { actual: '2022-06-30' }, agreedStart: { planned: '2022-12-31' }, started: { actual: '2024-03-01' } });
    expect(idleState(started, '2024-02-29')!.state).toBe('idle');
    expect(idleState(started, '2024-03-01')).toBeNull();
    expect(idleState(milestones({ supplied: { actual: '2026-01-01' }, agreedStart: { planned: '2022-12-31' } }), '2025-06-01')).toBeNull();
    expect(idleState(milestones({ supplied: { actual: '2022-06-30' } }), '2030-01-01')).toBeNull();
  });

  it('supplied and not started is 供而未用 whatever the agreed date', () => {
    expect(suppliedNotUsed(supplied, '2022-07-01')).toBe(true);
    expect(suppliedNotUsed(supplied, '2022-06-29')).toBe(false);
  });

  it('lists milestones past their planned date without an actual one', () => {
    const m = milestones({ signed: { planned: '2022-01-01', actual: '2022-01-05' }, started: { planned: '2023-01-01' }, completed: { planned: '2025-01-01' } });
    expect(overdueMilestones(m, '2024-01-01')).toEqual([{ milestone: 'started', planned: '2023-01-01', daysOverdue: 365 }]);
  });
});

describe('schemas', () => {
  it('fills empty milestones on create; a patch keeps what it leaves out', () => {
    const p = projectSchema.parse({ name: ' 示例项目 ' });
    expect(p.milestones.started).toEqual({ planned: null, actual: null });
    expect(p.parcelIds).toEqual([]);
    expect(projectPatchSchema.parse({ notes: 'n' })).toEqual({ notes: 'n' });
    const patch = projectPatchSchema.parse({ milestones: { started: { actual: '2024-03-01' } } }).milestones;
    const merged = patchMilestones(milestones({ supplied: { actual: '2022-06-30' }, started: { planned: '2022-12-31' } }), patch);
    expect(merged.supplied.actual).toBe('2022-06-30');
    expect(merged.started).toEqual({ planned: '2022-12-31', actual: '2024-03-01' });
    expect(projectSchema.safeParse({ name: 'x', parcelIds: [1, 1] }).success).toBe(false);
    expect(projectSchema.safeParse({ name: 'x', signedInvestmentYi: -1 }).success).toBe(false);
  });
});

describe('parcel status implied by the milestones', () => {
  it('follows the latest milestone reached by the date; before supply it cannot tell', async () => {
    const { statusFromMilestones } = await import('./project');
    const m = milestones({ supplied: { actual: '2023-01-01' }, started: { actual: '2023-06-01' }, producing: { actual: '2024-06-01' } });
    expect(statusFromMilestones(m, '2022-12-31')).toBeNull();
    expect(statusFromMilestones(m, '2023-01-01')).toBe('supplied');
    expect(statusFromMilestones(m, '2023-06-01')).toBe('under_construction');
    expect(statusFromMilestones(m, '2025-01-01')).toBe('in_production');
  });
});
