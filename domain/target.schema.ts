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
import { ENTERPRISE_SCALES, ENTERPRISE_TAGS } from './enterprise';
import { INDUSTRY_CHAINS } from './parcel.schema';
import type { MetricUnit } from './units';

/**
 * Metrics counted from the enterprise register rather than from parcels
 * (domain/enterpriseTally.ts): the zone-wide economic figures (工业总产值,
 * investment, enterprise counts) the plan states beside its land targets.
 */
export const ENTERPRISE_METRICS = [
  'enterprise_output_yi',
  'enterprise_count',
  'enterprise_new_above_scale_count',
  'project_signed_investment_yi',
  'project_planned_investment_yi',
  'project_funds_in_place_yi',
] as const;
export type EnterpriseMetric = (typeof ENTERPRISE_METRICS)[number];

export const METRICS = ['land_mu', 'floor_area_m2', 'investment_yi', 'output_yi', 'station_count', ...ENTERPRISE_METRICS] as const;
export type Metric = (typeof METRICS)[number];

export function isEnterpriseMetric(metric: Metric): metric is EnterpriseMetric {
  return (ENTERPRISE_METRICS as readonly string[]).includes(metric);
}

export const METRIC_UNITS: Record<Metric, MetricUnit> = {
  land_mu: 'mu',
  floor_area_m2: 'm2',
  investment_yi: 'yi_yuan',
  output_yi: 'yi_yuan',
  station_count: 'count',
  enterprise_output_yi: 'yi_yuan',
  enterprise_count: 'enterprises',
  project_signed_investment_yi: 'yi_yuan',
  project_planned_investment_yi: 'yi_yuan',
  enterprise_new_above_scale_count: 'enterprises',
  project_funds_in_place_yi: 'yi_yuan',
};

export const METRIC_LABELS: Record<Metric, { zh: string; en: string }> = {
  land_mu: { zh: '用地面积', en: 'Land area' },
  floor_area_m2: { zh: '厂房建筑面积', en: 'Factory floor area' },
  investment_yi: { zh: '计划总投资', en: 'Planned investment' },
  output_yi: { zh: '产值', en: 'Output value' },
  station_count: { zh: '能源站数量', en: 'Energy stations' },
  enterprise_output_yi: { zh: '企业产值（统计）', en: 'Enterprise output (statistics)' },
  enterprise_count: { zh: '企业数', en: 'Enterprises' },
  project_signed_investment_yi: { zh: '项目签约投资', en: 'Signed project investment' },
  project_planned_investment_yi: { zh: '签约项目计划总投资', en: 'Planned investment of signed projects' },
  enterprise_new_above_scale_count: { zh: '新纳入规上企业数', en: 'Enterprises newly above scale' },
  project_funds_in_place_yi: { zh: '项目实际到位资金', en: 'Project funds in place' },
};

/** How each enterprise metric is counted, served with its targets so anyone can recompute them (enterpriseTally.ts). */
export const ENTERPRISE_METRIC_RULES: Record<EnterpriseMetric, { zh: string; en: string }> = {
  enterprise_output_yi: {
    zh: '计数年份（年份区间内、截至查询日、有企业填报统计的最近一年）符合条件企业填报的产值之和（亿元）；储备为 0',
    en: 'Sum of the output (亿元) reported by the matching enterprises for the counted year: the latest year in the window, up to the as-of year, for which any enterprise reported statistics; pipeline is 0',
  },
  enterprise_count: {
    zh: '计数年份填报了统计的符合条件企业数（产值门槛按当年填报产值判断）；储备为 0',
    en: 'Number of matching enterprises that reported statistics for the counted year (output thresholds read the year’s reported output); pipeline is 0',
  },
  project_signed_investment_yi: {
    zh: '签约实际日期在年份区间内（截至查询年）的项目签约投资之和（亿元）；未签约但计划签约日期在区间内的计入储备',
    en: 'Signed investment (亿元) of the projects whose actual signing date falls in the window (up to the as-of year); unsigned projects planned to sign in the window are pipeline',
  },
  project_planned_investment_yi: {
    zh: '签约实际日期在年份区间内（截至查询年）的项目计划总投资之和（亿元）；未签约但计划签约日期在区间内的计入储备',
    en: 'Planned total investment (亿元) of the projects whose actual signing date falls in the window (up to the as-of year); unsigned projects planned to sign in the window are pipeline',
  },
  enterprise_new_above_scale_count: {
    zh: '现为规上、且纳入规上年份在年份区间内（截至查询年）的符合条件企业数；储备为 0',
    en: 'Number of matching enterprises now above scale whose year of entering the above-scale statistics falls in the window (up to the as-of year); pipeline is 0',
  },
  project_funds_in_place_yi: {
    zh: '符合条件项目在年份区间内（截至查询年）各年实际到位资金之和（亿元）；储备为 0',
    en: 'Sum of the funds actually in place (亿元) that the matching projects recorded for the years in the window (up to the as-of year); pipeline is 0',
  },
};

/**
 * Which enterprises an enterprise metric counts (a project counts through its
 * enterprise; with any condition set, a project without one is not counted).
 * Every listed condition must hold; an empty list allows any value.
 */
export const enterpriseFilterSchema = z.object({
  industryChains: z.array(z.enum(INDUSTRY_CHAINS)).max(INDUSTRY_CHAINS.length).default([]),
  scales: z.array(z.enum(ENTERPRISE_SCALES)).max(ENTERPRISE_SCALES.length).default([]),
  /** Tags the enterprise must all carry (专精特新, 小巨人…). */
  tags: z.array(z.enum(ENTERPRISE_TAGS)).max(ENTERPRISE_TAGS.length).default([]),
  /** Tier by the counted year's reported output, 亿元: at least outputYiMin, below outputYiBelow; null = no bound. */
  outputYiMin: boundedFigure(FIGURE_LIMITS.targetFigure, { zh: '产值下限', en: 'outputYiMin' }).nullable().default(null),
  outputYiBelow: boundedFigure(FIGURE_LIMITS.targetFigure, { zh: '产值上限', en: 'outputYiBelow' }).nullable().default(null),
});
export type EnterpriseFilter = z.output<typeof enterpriseFilterSchema>;

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
  /**
   * Parcel (or, for station_count, station) statuses that count as secured.
   * Enterprise metrics read no status (reported figures and signing dates
   * decide): their definitions list "reported" or "signed" for the reader.
   */
  securedStatuses: z.array(z.string().min(1).max(40)).min(1).max(10),
  /** Statuses that count as pipeline (not yet secured). */
  pipelineStatuses: z.array(z.string().min(1).max(40)).max(10).default([]),
  /** Station kinds counted by a station_count target. */
  stationKinds: z.array(z.string().min(1).max(40)).max(10).default([]),
  /** Which enterprises an enterprise metric counts; ignored by parcel and station metrics. */
  enterpriseFilter: enterpriseFilterSchema.prefault({}),
  /**
   * Inclusive year window; null = open. Parcels: the supply year. Enterprise
   * metrics: the statistics year, or a project's signing year.
   */
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
