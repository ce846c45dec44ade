/**
 * The energy API's read bodies (server/routes/energy.ts, server/store/
 * energy.service.ts), read by client/api/energy.ts: each parcel's demand in
 * kW and where it came from, coverage of the stored stations and the loads
 * under each scenario, and a siting result.
 */
import type { Position } from 'geojson';
import { z } from 'zod';

const id = z.union([z.string(), z.number()]);
const position = z.array(z.number()).min(2) as unknown as z.ZodType<Position>;

export const parcelDemandSchema = z.object({
  id,
  name: z.string(),
  status: z.string(),
  landUseCode: z.string(),
  industryChain: z.string().nullable(),
  areaSquareMeters: z.number(),
  heatCoolingKilowatts: z.number(),
  powerKilowatts: z.number(),
  totalKilowatts: z.number(),
  origin: z.enum(['entered', 'measured', 'estimated']),
  /** How a measured figure was derived (origin 'measured' only). */
  measured: z
    .object({
      enterpriseId: z.number(),
      enterpriseName: z.string(),
      year: z.number(),
      enterpriseTce: z.number(),
      areaShare: z.number(),
      tonnesCoalEquivalentPerYear: z.number(),
      loadFactor: z.number(),
      averageKilowatts: z.number(),
      peakKilowatts: z.number(),
      powerShare: z.number(),
    })
    .optional(),
});
export type ParcelDemandRow = z.output<typeof parcelDemandSchema>;

const bilingualText = z.object({ zh: z.string(), en: z.string() });
const originTally = z.object({ parcels: z.number(), kilowatts: z.number() });
/** Peaks by where each figure came from: entered on the parcel, measured (enterprise's tce/a) or estimated. */
const byOriginSchema = z.object({ entered: originTally, measured: originTally, estimated: originTally });
export type DemandByOrigin = z.output<typeof byOriginSchema>;
const measuredBasisSchema = z.object({
  kilowattHoursPerTce: z.number(),
  loadFactor: z.number(),
  conversionSource: bilingualText,
  loadFactorSource: bilingualText,
});
export type MeasuredBasisRow = z.output<typeof measuredBasisSchema>;

export const demandSchema = z.object({
  includePipeline: z.boolean(),
  byOrigin: byOriginSchema,
  measuredBasis: measuredBasisSchema,
  /** 'admin' when an admin edited the intensity table, else the shipped planning assumptions. */
  intensityTable: z.string(),
  totalKilowatts: z.number(),
  parcels: z.array(parcelDemandSchema),
});
export type DemandReport = z.output<typeof demandSchema>;

export const stationCoverageSchema = z.object({
  id,
  coveredKilowatts: z.number(),
  coveredParcelIds: z.array(id),
  loadKilowatts: z.number(),
  assignedParcelIds: z.array(id),
  capacityKilowatts: z.number().nullable(),
  loadRatio: z.number().nullable(),
  spareKilowatts: z.number().nullable(),
  overloaded: z.boolean(),
});
export type StationCoverageRow = z.output<typeof stationCoverageSchema>;

const bilingual = z.object({ zh: z.string(), en: z.string() });

const sideLoadSchema = z.object({
  sumOfPeaksKilowatts: z.number(),
  loadKilowatts: z.number(),
  capacityKilowatts: z.number().nullable(),
  // JSON has no Infinity: a load on zero capacity arrives as null, like no capacity.
  loadRatio: z.number().nullable(),
  stationKilowatts: z.number(),
  remainderKilowatts: z.number(),
  stationShare: z.number().nullable(),
});
export type SideLoadRow = z.output<typeof sideLoadSchema>;
const stationLoadSchema = z.object({ simultaneityFactor: z.number(), power: sideLoadSchema, heatCooling: sideLoadSchema });
export type StationLoadRow = z.output<typeof stationLoadSchema>;

const scenarioSchema = z.object({
  scenario: z.enum(['low', 'central', 'high']),
  simultaneityFactor: z.number(),
  intensityFactor: z.number(),
  sumOfPeaksKilowatts: z.object({ power: z.number(), heatCooling: z.number(), total: z.number() }),
  simultaneousKilowatts: z.object({ power: z.number(), heatCooling: z.number() }),
  coveredKilowatts: z.number(),
  coveredShare: z.number().nullable(),
});
export type ScenarioRow = z.output<typeof scenarioSchema>;

export const coverageSchema = z.object({
  rule: z.string(),
  ruleZh: z.string(),
  radiusBasis: bilingual,
  method: bilingual,
  assumptions: z.object({
    simultaneityFactor: z.object({ low: z.number(), central: z.number(), high: z.number() }),
    intensityFactor: z.object({ low: z.number(), high: z.number() }),
    measuredLoadFactor: z.number(),
    custom: z.boolean(),
    simultaneityUsualRange: z.object({ low: z.number(), high: z.number() }),
  }),
  measuredBasis: measuredBasisSchema,
  byOrigin: byOriginSchema,
  includePipeline: z.boolean(),
  /** Which demand the coverage counts (?component=): heat/cooling + power, or one of them. */
  component: z.enum(['total', 'heatCooling', 'power']),
  totalDemandKilowatts: z.number(),
  coveredKilowatts: z.number(),
  uncoveredKilowatts: z.number(),
  uncoveredParcelIds: z.array(id),
  overlaps: z.array(z.object({ parcelId: id, stationIds: z.array(id), demandKilowatts: z.number() })),
  overlapKilowatts: z.number(),
  scenarios: z.object({ low: scenarioSchema, central: scenarioSchema, high: scenarioSchema }),
  stations: z.array(
    z.object({
      id,
      name: z.string(),
      kind: z.string(),
      status: z.string(),
      position,
      radiusMeters: z.number(),
      illustrative: z.boolean(),
      coveredKilowatts: z.number(),
      coveredParcelIds: z.array(id),
      assignedDemandKilowatts: z.number(),
      assignedParcelIds: z.array(id),
      capacities: z.object({ electricalKilowatts: z.number().nullable(), thermalKilowatts: z.number().nullable() }),
      loads: z.object({ low: stationLoadSchema, central: stationLoadSchema, high: stationLoadSchema }),
      byOrigin: byOriginSchema,
    }),
  ),
});
export type CoverageReport = z.output<typeof coverageSchema>;
export type CoveredStation = CoverageReport['stations'][number];

/**
 * Ceiling on the solver's time budget, ms: a solve holds a pool worker that
 * long. Planner-sized problems (~500 candidates, k ≤ 5) prove optimality in
 * well under a second (bench/RESULTS.md); past 10 s the best found is answered.
 */
export const MAX_SITING_MILLISECONDS = 10_000;

/** POST /api/energy/siting; omit `candidates` to let the server lay a grid over the zones. */
export const sitingRequestSchema = z.object({
  k: z.number().int().min(1).max(10).default(3),
  radiusMeters: z.number().finite().positive().max(50_000).default(2500),
  objective: z.enum(['max_covering', 'p_median']).default('max_covering'),
  /** Candidate sites the planner placed, [lon, lat]; without them a grid over the zones is generated. */
  candidates: z.array(z.tuple([z.number().finite(), z.number().finite()])).max(2000).optional(),
  gridSpacingMeters: z.number().finite().min(50).max(5000).default(400),
  includePipeline: z.boolean().default(true),
  constraints: z
    .object({
      avoidRedLine: z.boolean().default(true),
      avoidFarmland: z.boolean().default(true),
      avoidParcels: z.boolean().default(true),
      maxDistanceToGasMeters: z.number().finite().positive().max(50_000).optional(),
    })
    .default({ avoidRedLine: true, avoidFarmland: true, avoidParcels: true }),
  /** The solver's budget; more than MAX_SITING_MILLISECONDS is cut to it (the answer echoes the value used). */
  maxMilliseconds: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(MAX_SITING_MILLISECONDS)
    .transform((ms) => Math.min(ms, MAX_SITING_MILLISECONDS)),
});

export const sitingSchema = z.object({
  /** The request as solved, defaults filled in (maxMilliseconds cut to the budget): reading it again gives it back. */
  request: sitingRequestSchema,
  sites: z.array(
    stationCoverageSchema.extend({
      id: z.string(),
      position,
      radiusMeters: z.number(),
      candidateIndex: z.number(),
      newlyCoveredParcelIds: z.array(id),
      newlyCoveredKilowatts: z.number(),
      alreadyCoveredKilowatts: z.number(),
    }),
  ),
  totalDemandKilowatts: z.number(),
  coveredKilowatts: z.number(),
  uncoveredKilowatts: z.number(),
  solver: z.object({
    objective: z.number(),
    objectiveUnit: z.string(),
    bound: z.number(),
    gap: z.number(),
    optimal: z.boolean(),
    nodes: z.number(),
    solveMilliseconds: z.number(),
    prepareMilliseconds: z.number(),
    greedyObjective: z.number(),
    candidatesGiven: z.number(),
    candidatesKept: z.number(),
    candidatesSearched: z.number(),
    rejected: z.number(),
  }),
  comparison: z.object({
    planned: z.array(stationCoverageSchema.extend({ name: z.string(), status: z.string(), position, radiusMeters: z.number() })),
    plannedCoveredKilowatts: z.number(),
    suggestedCoveredKilowatts: z.number(),
    /** The suggested sites' radius; each planned station carries its own. */
    radiusMeters: z.number(),
    radiusBasis: bilingual,
    gainKilowatts: z.number(),
    gainShare: z.number().nullable(),
  }),
});
export type SitingResult = z.output<typeof sitingSchema>;
export type SuggestedSite = SitingResult['sites'][number];
