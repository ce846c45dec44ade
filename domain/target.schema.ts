/**
 * Plans and their targets, as data. A target says what to count (metric),
 * where (zone scope), which parcels (land-use codes, statuses, supply-year
 * window) and against what: a floor (the figure the tally judges met) and,
 * where the plan gives one, a higher stretch figure, each with the plan's
 * level word (确保, 力争 or plain; domain/targetWords.ts).
 */
import { z } from 'zod';
import { figureLevelFields } from './targetWords';
import { boundedFigure, FIGURE_LIMITS } from './figureLimits';
import type { MetricUnit } from './units';

export const METRICS = ['land_mu', 'floor_area_m2', 'investment_yi', 'output_yi', 'station_count'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_UNITS: Record<Metric, MetricUnit> = {
  land_mu: 'mu',
  floor_area_m2: 'm2',
  investment_yi: 'yi_yuan',
  output_yi: 'yi_yuan',
  station_count: 'count',
};

export const METRIC_LABELS: Record<Metric, { zh: string; en: string }> = {
  land_mu: { zh: '用地面积', en: 'Land area' },
  floor_area_m2: { zh: '厂房建筑面积', en: 'Factory floor area' },
  investment_yi: { zh: '计划总投资', en: 'Planned investment' },
  output_yi: { zh: '产值', en: 'Output value' },
  station_count: { zh: '能源站数量', en: 'Energy stations' },
};

/** `gte`: at least the floor (most targets). `lte`: at most (a cap). */
export const COMPARATORS = ['gte', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/);

export const targetDefinitionSchema = z.object({
  code,
  labelZh: z.string().trim().min(1).max(300),
  labelEn: z.string().trim().min(1).max(300),
  metric: z.enum(METRICS),
  comparator: z.enum(COMPARATORS).default('gte'),
  /** Zones whose union the target counts in; empty = the whole development zone. */
  zoneCodes: z.array(code).max(50).default([]),
  /** Land-use codes counted (prefix match); empty = every code. Ignored for station_count. */
  landUseCodes: z.array(z.string().regex(/^\d{2,6}$/)).max(50).default([]),
  /** Parcel (or, for station_count, station) statuses that count as secured. */
  securedStatuses: z.array(z.string().min(1).max(40)).min(1).max(10),
  /** Statuses that count as pipeline (not yet secured). */
  pipelineStatuses: z.array(z.string().min(1).max(40)).max(10).default([]),
  /** Station kinds counted by a station_count target. */
  stationKinds: z.array(z.string().min(1).max(40)).max(10).default([]),
  /** Inclusive supply-year window; null = open. */
  supplyYearFrom: z.number().int().min(1990).max(2100).nullable().default(null),
  supplyYearTo: z.number().int().min(1990).max(2100).nullable().default(null),
  /** The figure the target is judged met against (for lte: not to exceed), worded by floorLevel. */
  floor: boundedFigure(FIGURE_LIMITS.targetFigure, { zh: '目标值', en: 'target figure' }),
  /** A higher figure, where the plan gives two (确保 500, 力争 600), worded by stretchLevel. */
  stretch: boundedFigure(FIGURE_LIMITS.targetFigure, { zh: '更高目标值', en: 'higher figure' }).nullable().default(null),
  /** Optional, so a definition stored before levels existed parses with today's reading (targetWords.ts). */
  ...figureLevelFields,
  /** Where in the source document the figure comes from, e.g. "§三(五)1". */
  source: z.string().trim().max(300).nullable().default(null),
  notes: z.string().trim().max(2000).nullable().default(null),
});
export type TargetDefinition = z.output<typeof targetDefinitionSchema>;
export type TargetDefinitionInput = z.input<typeof targetDefinitionSchema>;

export const planSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  nameZh: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().min(1).max(300),
  periodStart: z.number().int().min(1990).max(2100),
  periodEnd: z.number().int().min(1990).max(2100),
  sourceDocument: z.string().trim().max(500).nullable().default(null),
});
export type Plan = z.output<typeof planSchema>;

export const planWithTargetsSchema = planSchema.extend({
  targets: z.array(targetDefinitionSchema).max(500),
});
export type PlanWithTargets = z.output<typeof planWithTargetsSchema>;
