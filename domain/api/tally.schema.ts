/**
 * GET /api/plans/{id}/tally as served (server/store/planFigures.ts tallyBody)
 * and read (client/api/endpoints.ts): one definition for both sides. The
 * figures are domain/tally.ts's TargetTally; the words and the definition are
 * the target's own, so a reader can recompute the figure.
 */
import { z } from 'zod';
import { COMPARATORS, METRICS } from '../target.schema';
import { figureLevelFields } from '../targetWords';
import { METRIC_UNIT_CODES } from '../units';
import { enterpriseFilterSchema } from '../target.schema';

/** A plan as listed and as the tally names it (no targets, no version). */
export const planSummarySchema = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  periodStart: z.number(),
  periodEnd: z.number(),
  sourceDocument: z.string().nullable(),
});
export type PlanSummary = z.output<typeof planSummarySchema>;

export const plansListSchema = z.object({ plans: z.array(planSummarySchema) });

/** Who counts toward a target: the definition the tally applied, served with it. */
export const tallyDefinitionSchema = z.object({
  zoneCodes: z.array(z.string()),
  landUseCodes: z.array(z.string()),
  securedStatuses: z.array(z.string()),
  pipelineStatuses: z.array(z.string()),
  stationKinds: z.array(z.string()),
  supplyYearFrom: z.number().nullable(),
  supplyYearTo: z.number().nullable(),
  /** Enterprise metrics (D targets): which enterprises count, the method, and the statistics year counted. */
  enterpriseFilter: enterpriseFilterSchema.optional(),
  rule: z.object({ zh: z.string(), en: z.string() }).optional(),
  countedYear: z.number().nullable().optional(),
});

export const targetTallySchema = z.object({
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  metric: z.enum(METRICS),
  unit: z.enum(METRIC_UNIT_CODES),
  comparator: z.enum(COMPARATORS),
  floor: z.number(),
  stretch: z.number().nullable(),
  ...figureLevelFields,
  secured: z.number(),
  pipeline: z.number(),
  /** gte: what is still missing to the floor (≥ 0). lte: headroom below the cap (≥ 0). */
  remaining: z.number(),
  met: z.boolean(),
  stretchMet: z.boolean().nullable(),
  source: z.string().nullable(),
  notes: z.string().nullable(),
  definition: tallyDefinitionSchema,
});
/** A target's figures as the tally serves them, with the plan's words for them. */
export type TargetTally = z.output<typeof targetTallySchema>;

export const tallySchema = z.object({
  plan: planSummarySchema,
  computedAt: z.string(),
  /** The day the ledger was read as of, for ?asOf= / ?year=. */
  asOf: z.string().optional(),
  parcelCount: z.number(),
  targets: z.array(targetTallySchema),
});
export type Tally = z.output<typeof tallySchema>;
/** What the server may build: the schema's input (level words may be left to their defaults). */
export type TallyInput = z.input<typeof tallySchema>;
