/**
 * The energy API (server/routes/energy.ts): each parcel's demand in kW and
 * where it came from, coverage of the stored stations, and optimal siting.
 * Responses are checked with zod like every other read; siting returns its
 * refusal (422) as a problem rather than throwing, so the form can show it.
 */
import type { Position } from 'geojson';
import { z } from 'zod';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';

const id = z.union([z.string(), z.number()]);
const position = z.array(z.number()).min(2) as unknown as z.ZodType<Position>;

const parcelDemandSchema = z.object({
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

const demandSchema = z.object({
  includePipeline: z.boolean(),
  byOrigin: byOriginSchema,
  measuredBasis: measuredBasisSchema,
  /** 'admin' when an admin edited the intensity table, else the shipped planning assumptions. */
  intensityTable: z.string(),
  totalKilowatts: z.number(),
  parcels: z.array(parcelDemandSchema),
});
export type DemandReport = z.output<typeof demandSchema>;

const stationCoverageSchema = z.object({
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

const coverageSchema = z.object({
  rule: z.string(),
  ruleZh: z.string(),
  radiusBasis: bilingual,
  method: bilingual,
  assumptions: z.object({
    simultaneityFactor: z.object({ low: z.number(), central: z.number(), high: z.number() }),
    intensityFactor: z.object({ low: z.number(), high: z.number() }),
    custom: z.boolean(),
    simultaneityUsualRange: z.object({ low: z.number(), high: z.number() }),
  }),
  measuredBasis: measuredBasisSchema,
  byOrigin: byOriginSchema,
  includePipeline: z.boolean(),
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

export function fetchDemand(includePipeline: boolean, signal?: AbortSignal): Promise<DemandReport> {
  return getJson(`/api/energy/demand?includePipeline=${includePipeline}`, demandSchema, signal);
}

export function fetchCoverage(includePipeline: boolean, signal?: AbortSignal): Promise<CoverageReport> {
  return getJson(`/api/energy/coverage?includePipeline=${includePipeline}`, coverageSchema, signal);
}

export type SitingObjective = 'max_covering' | 'p_median';

/** POST /api/energy/siting body; omit `candidates` to let the server lay a grid over the zones. */
export interface SitingRequest {
  k: number;
  radiusMeters: number;
  objective: SitingObjective;
  candidates?: Position[];
  gridSpacingMeters?: number;
  includePipeline: boolean;
  constraints: { avoidRedLine: boolean; avoidFarmland: boolean; avoidParcels: boolean; maxDistanceToGasMeters?: number };
}

const sitingSchema = z.object({
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

export type SitingOutcome = { ok: true; result: SitingResult } | { ok: false; problem: Problem };

export async function postSiting(request: SitingRequest, signal?: AbortSignal): Promise<SitingOutcome> {
  let response: Response;
  try {
    response = await fetch('/api/energy/siting', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
      signal,
    });
  } catch (cause) {
    return { ok: false, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  const parsed = sitingSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    return { ok: false, problem: { code: 'INVALID_RESPONSE', messageZh: '选址结果格式异常', messageEn: 'Unexpected siting response', detail: parsed.error.issues[0]?.message } };
  }
  return { ok: true, result: parsed.data };
}

export interface NewStation {
  name: string;
  position: Position;
  capacityMW: number | null;
  serviceRadiusMeters: number;
}

/** Creates a planned CCHP station (editor or admin) at a suggested site. */
export async function createCchpStation(station: NewStation): Promise<{ ok: true; id: number } | { ok: false; problem: Problem }> {
  const body = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: station.position },
    properties: { name: station.name, kind: 'cchp', status: 'planned', capacityMW: station.capacityMW, serviceRadiusMeters: station.serviceRadiusMeters },
  };
  let response: Response;
  try {
    response = await fetch('/ogc/collections/energy_stations/items', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/geo+json', Accept: 'application/geo+json' },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    return { ok: false, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  const created = (await response.json()) as { id: number };
  return { ok: true, id: created.id };
}
