/** The siting form's values and the POST /api/energy/siting body they make (pure, for tests). */
import type { Position } from 'geojson';
import type { SitingObjective, SitingRequest } from '../api/energy';

export type CandidateSource = 'grid' | 'placed';

/** What the siting form holds, as plain values. */
export interface SitingFormValues {
  k: number;
  radiusMeters: number;
  objective: SitingObjective;
  candidateSource: CandidateSource;
  gridSpacingMeters: number;
  avoidRedLine: boolean;
  avoidFarmland: boolean;
  avoidParcels: boolean;
  maxDistanceToGasMeters: number | null;
  placedCandidates: readonly Position[];
}

/** The request the form describes; pure so it can be unit-tested. */
export function sitingRequestOf(form: Readonly<SitingFormValues>, includePipeline: boolean): SitingRequest {
  const constraints: NonNullable<SitingRequest['constraints']> = { avoidRedLine: form.avoidRedLine, avoidFarmland: form.avoidFarmland, avoidParcels: form.avoidParcels };
  if (form.maxDistanceToGasMeters !== null && form.maxDistanceToGasMeters > 0) constraints.maxDistanceToGasMeters = form.maxDistanceToGasMeters;
  const request: SitingRequest = { k: form.k, radiusMeters: form.radiusMeters, objective: form.objective, includePipeline, constraints };
  if (form.candidateSource === 'placed') request.candidates = form.placedCandidates.map((p) => [p[0]!, p[1]!]);
  else request.gridSpacingMeters = form.gridSpacingMeters;
  return request;
}
