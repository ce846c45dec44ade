/**
 * The demand intensity table (GET/PUT /api/energy/intensities): kW per 亩 by
 * industry chain and land-use class, which the demand estimate multiplies a
 * parcel's area by. Admins replace it with If-Match "intensities-v{n}".
 */
import { intensityTableBodySchema } from '$domain/api/energySettings.schema';
import type { DemandIntensity } from '$domain/siting/demandIntensities';
import { settingsEtag } from '$domain/api/etags';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_INTENSITIES = '/api/energy/intensities';

export interface IntensityTableBody {
  intensities: DemandIntensity[];
  version: number;
  custom: boolean;
  etag: string;
}

export async function fetchIntensities(): Promise<IntensityTableBody> {
  const response = await fetch(URL_INTENSITIES, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return readTable(response);
}

async function readTable(response: Response): Promise<IntensityTableBody> {
  const body = intensityTableBodySchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? settingsEtag('intensities', body.version) };
}

export function saveIntensities(etag: string, intensities: readonly DemandIntensity[]): Promise<PutOutcome<IntensityTableBody>> {
  return putWithIfMatch(URL_INTENSITIES, etag, { intensities }, readTable);
}
