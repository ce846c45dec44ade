/**
 * The review endpoints' bodies, served by server/routes/plans.figures.ts and
 * server/routes/ledgerHealth.ts and read by client/api/review.ts: a target's
 * parcels or stations (drill-down), its secured figure by supply year
 * (timeline), and the ledger-health listing.
 */
import { z } from 'zod';
import { METRICS } from '../target.schema';
import { METRIC_UNIT_CODES } from '../units';
import { targetTallySchema } from './tally.schema';

const roleSchema = z.enum(['secured', 'pipeline']);

export const drillParcelSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  supplyYear: z.number().nullable(),
  enterprise: z.string().nullable(),
  landUseCode: z.string(),
  areaSquareMeters: z.number(),
  areaMu: z.number(),
  role: roleSchema,
  /** Share of the parcel inside the target's scope, 0..1. */
  fraction: z.number(),
  countedAreaSquareMeters: z.number(),
  countedAreaMu: z.number(),
  /** What the parcel adds to the target, in the target's unit. */
  value: z.number(),
  straddling: z.boolean(),
});
export type DrillParcel = z.output<typeof drillParcelSchema>;

export const drillStationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  status: z.string(),
  zoneCodes: z.array(z.string()),
  role: roleSchema,
  value: z.number(),
});
export type DrillStation = z.output<typeof drillStationSchema>;

/** GET /api/plans/{id}/targets/{code}/parcels: parcels for an areal metric, stations for station_count. */
export const drillDownSchema = z.object({
  plan: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() }),
  asOf: z.string().optional(),
  target: targetTallySchema,
  totals: z.object({ secured: z.number(), pipeline: z.number() }),
  parcels: z.array(drillParcelSchema).optional(),
  stations: z.array(drillStationSchema).optional(),
  straddlingCount: z.number().optional(),
});
export type DrillDownBody = z.output<typeof drillDownSchema>;

/** GET /api/plans/{id}/targets/{code}/timeline. */
export const timelineSchema = z.object({
  planId: z.string(),
  code: z.string(),
  metric: z.enum(METRICS),
  unit: z.enum(METRIC_UNIT_CODES),
  floor: z.number(),
  stretch: z.number().nullable(),
  secured: z.number(),
  years: z.array(z.object({ year: z.number(), secured: z.number(), cumulative: z.number() })),
  withoutYear: z.number(),
  total: z.number(),
});
export type TimelineBody = z.output<typeof timelineSchema>;

export const ledgerHealthWarningSchema = z.object({
  code: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
  /** The zone straddled (STRADDLES_ZONE). */
  zoneCode: z.string().optional(),
  /** Share of the parcel inside that zone, 0..1 (STRADDLES_ZONE). */
  fraction: z.number().optional(),
  /** Area outside the boundary, m² (OUTSIDE_URBAN_BOUNDARY). */
  areaSquareMeters: z.number().optional(),
});

export const ledgerHealthItemSchema = z.object({
  parcelId: z.number(),
  name: z.string(),
  status: z.string(),
  supplyYear: z.number().nullable(),
  warnings: z.array(ledgerHealthWarningSchema),
});
export type LedgerHealthItem = z.output<typeof ledgerHealthItemSchema>;

/** GET /api/health/ledger. */
export const ledgerHealthSchema = z.object({
  currentYear: z.number(),
  parcelCount: z.number(),
  flaggedCount: z.number(),
  counts: z.record(z.string(), z.number()),
  items: z.array(ledgerHealthItemSchema),
});
export type LedgerHealthBody = z.output<typeof ledgerHealthSchema>;
