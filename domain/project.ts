/**
 * Projects (项目库) and their milestones, and the idle-land rule read from
 * them. Pure: dates are ISO calendar dates (YYYY-MM-DD, no time zone: a
 * contract date is a day, not an instant).
 *
 * Idle land (闲置土地), 《闲置土地处置办法》(国土资源部令第 53 号, 2012):
 * land not started (动工开发) when a full year has passed since the start
 * date agreed in the supply contract is idle (第二条); when two full years
 * have passed it may be taken back without compensation (第十四条). "A full
 * year" here: on or after the same month and day a year later (29 February
 * → 28 February in a common year). Delays the government caused (第八条)
 * are not modelled: a planner records them in the notes.
 */
import { z } from 'zod';
import { boundedFigure, FIGURE_LIMITS } from './figureLimits';

export const MILESTONES = ['signed', 'supplied', 'agreedStart', 'started', 'completed', 'producing'] as const;
export type Milestone = (typeof MILESTONES)[number];
export const MILESTONE_LABELS: Record<Milestone, { zh: string; en: string }> = {
  signed: { zh: '签约', en: 'Signed' },
  supplied: { zh: '供地（出让合同）', en: 'Land supplied (contract)' },
  agreedStart: { zh: '约定开工', en: 'Agreed start' },
  started: { zh: '开工', en: 'Started' },
  completed: { zh: '竣工', en: 'Completed' },
  producing: { zh: '投产', en: 'In production' },
};

/** A real calendar date as YYYY-MM-DD (2023-02-29 is refused). */
export const isoDateSchema = z.iso.date();

const milestoneSchema = z.object({ planned: isoDateSchema.nullable().default(null), actual: isoDateSchema.nullable().default(null) });
const milestonesSchema = z.object(Object.fromEntries(MILESTONES.map((m) => [m, milestoneSchema.default({ planned: null, actual: null })])) as Record<Milestone, z.ZodDefault<typeof milestoneSchema>>);
export type Milestones = z.output<typeof milestonesSchema>;

/** 资金到位 per calendar year, 亿元: { "2024": 12.5 }; a year left out had none recorded. */
export const fundsInPlaceSchema = z
  .record(z.string().regex(/^(19|20)\d\d$/, { error: '年份须为四位数字 / a year must be four digits' }), boundedFigure(FIGURE_LIMITS.investmentYi, { zh: '到位资金（亿元）', en: 'fundsInPlaceYi' }))
  .refine((r) => Object.keys(r).length <= 50, { error: '至多 50 个年度 / at most 50 years' });
export type FundsInPlace = z.output<typeof fundsInPlaceSchema>;

const projectFields = {
  name: z.string().trim().min(1).max(200),
  enterpriseId: z.number().int().positive().nullable(),
  /** 签约投资, 亿元. */
  signedInvestmentYi: boundedFigure(FIGURE_LIMITS.investmentYi, { zh: '签约投资（亿元）', en: 'signedInvestmentYi' }).nullable(),
  /** 计划总投资, 亿元. */
  plannedInvestmentYi: boundedFigure(FIGURE_LIMITS.investmentYi, { zh: '计划总投资（亿元）', en: 'plannedInvestmentYi' }).nullable(),
  milestones: milestonesSchema,
  fundsInPlaceYi: fundsInPlaceSchema,
  parcelIds: z
    .array(z.number().int().positive().max(2 ** 31 - 1))
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, { error: '地块编号重复 / a parcel id is listed twice' }),
  notes: z.string().trim().max(2000).nullable(),
};

export const projectSchema = z.object({
  ...projectFields,
  enterpriseId: projectFields.enterpriseId.default(null),
  signedInvestmentYi: projectFields.signedInvestmentYi.default(null),
  plannedInvestmentYi: projectFields.plannedInvestmentYi.default(null),
  milestones: projectFields.milestones.default(milestonesSchema.parse({})),
  fundsInPlaceYi: projectFields.fundsInPlaceYi.default({}),
  parcelIds: projectFields.parcelIds.default([]),
  notes: projectFields.notes.default(null),
});
export type Project = z.output<typeof projectSchema>;
const milestonePatchSchema = z.object({ planned: isoDateSchema.nullable(), actual: isoDateSchema.nullable() }).partial();
/** The milestones and dates a patch names; the others are kept. */
const milestonesPatchSchema = z.object(Object.fromEntries(MILESTONES.map((m) => [m, milestonePatchSchema])) as Record<Milestone, typeof milestonePatchSchema>).partial();
export type MilestonesPatch = z.output<typeof milestonesPatchSchema>;

/** Without defaults: zod 4 fills defaults inside .partial(), which would clear fields a patch leaves out. */
export const projectPatchSchema = z.object({ ...projectFields, milestones: milestonesPatchSchema }).partial();
export type ProjectPatch = z.output<typeof projectPatchSchema>;

/** Milestones with a patch applied date by date. */
export function patchMilestones(current: Milestones, patch: MilestonesPatch | undefined): Milestones {
  const next = { ...current };
  for (const m of MILESTONES) {
    const p = patch?.[m];
    if (!p) continue;
    next[m] = { planned: p.planned === undefined ? current[m].planned : p.planned, actual: p.actual === undefined ? current[m].actual : p.actual };
  }
  return next;
}

// ---- dates ----

const parse = (iso: string) => iso.split('-').map(Number) as [number, number, number];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
export function anniversary(iso: string, years: number): string {
  const [y, m, d] = parse(iso);
  const year = y + years;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${pad(year, 4)}-${pad(m)}-${pad(day)}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parse(from);
  const [y2, m2, d2] = parse(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

// ---- land status ----

export type IdleState = 'idle' | 'reclaimable';

export interface IdleFinding {
  state: IdleState;
  agreedStart: string;
  /** The date the land became idle (one full year after the agreed start). */
  idleSince: string;
  /** The date it may be taken back (two full years after). */
  reclaimableFrom: string;
  /** Days past the agreed start date, as of the date asked. */
  daysPastAgreedStart: number;
}

/**
 * The idle state of a project's land as of `asOf`: supplied (the contract's
 * actual date on or before asOf), an agreed start date, and no actual start
 * on or before asOf. Null when not idle (or not yet knowable).
 */
export function idleState(milestones: Milestones, asOf: string): IdleFinding | null {
  const supplied = milestones.supplied.actual;
  const agreed = milestones.agreedStart.planned ?? milestones.agreedStart.actual;
  if (!supplied || supplied > asOf || !agreed) return null;
  const started = milestones.started.actual;
  if (started && started <= asOf) return null;
  const idleSince = anniversary(agreed, 1);
  if (asOf < idleSince) return null;
  const reclaimableFrom = anniversary(agreed, 2);
  return { state: asOf >= reclaimableFrom ? 'reclaimable' : 'idle', agreedStart: agreed, idleSince, reclaimableFrom, daysPastAgreedStart: daysBetween(agreed, asOf) };
}

/** Supplied on or before asOf and not started by then (供而未用), whatever the agreed date. */
export function suppliedNotUsed(milestones: Milestones, asOf: string): boolean {
  const supplied = milestones.supplied.actual;
  const started = milestones.started.actual;
  return !!supplied && supplied <= asOf && !(started && started <= asOf);
}

/** Milestones whose planned date has passed without an actual one, as of asOf, with days overdue. */
export function overdueMilestones(milestones: Milestones, asOf: string): { milestone: Milestone; planned: string; daysOverdue: number }[] {
  const out: { milestone: Milestone; planned: string; daysOverdue: number }[] = [];
  for (const m of MILESTONES) {
    // 约定开工 is a contract term, not an event: its lateness is 开工's.
    if (m === 'agreedStart') continue;
    const { planned, actual } = milestones[m];
    if (planned && planned < asOf && !(actual && actual <= asOf)) out.push({ milestone: m, planned, daysOverdue: daysBetween(planned, asOf) });
  }
  return out;
}

/**
 * The parcel status a project's milestones imply as of a date: 投产 →
 * in_production, 开工 → under_construction, 供地 → supplied; null before
 * supply (planned or reserved: the milestones cannot tell which).
 */
export function statusFromMilestones(milestones: Milestones, asOf: string): 'in_production' | 'under_construction' | 'supplied' | null {
  const by = (m: Milestone) => {
    const actual = milestones[m].actual;
    return actual !== null && actual <= asOf;
  };
  return by('producing') ? 'in_production' : by('started') ? 'under_construction' : by('supplied') ? 'supplied' : null;
}
