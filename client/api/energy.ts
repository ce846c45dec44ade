/**
 * The energy API (server/routes/energy.ts): each parcel's demand in kW and
 * where it came from, coverage of the stored stations, and optimal siting.
 * Responses are checked with zod like every other read; siting returns its
 * refusal (422) as a problem rather than throwing, so the form can show it.
 */
import type { Position } from 'geojson';
import type { z } from 'zod';
import { coverageSchema, demandSchema, sitingSchema, type CoverageReport, type DemandReport, type SitingResult, type sitingRequestSchema } from '$domain/api/energy.schema';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';

export type { CoverageReport, CoveredStation, DemandByOrigin, DemandReport, MeasuredBasisRow, ParcelDemandRow, ScenarioRow, SideLoadRow, SitingResult, StationCoverageRow, StationLoadRow, SuggestedSite } from '$domain/api/energy.schema';

export function fetchDemand(includePipeline: boolean, signal?: AbortSignal): Promise<DemandReport> {
  return getJson(`/api/energy/demand?includePipeline=${includePipeline}`, demandSchema, signal);
}

export function fetchCoverage(includePipeline: boolean, signal?: AbortSignal): Promise<CoverageReport> {
  return getJson(`/api/energy/coverage?includePipeline=${includePipeline}`, coverageSchema, signal);
}

/** POST /api/energy/siting body as the server validates it (omitted fields take the server's defaults). */
export type SitingRequest = z.input<typeof sitingRequestSchema>;
export type SitingObjective = NonNullable<SitingRequest['objective']>;

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
