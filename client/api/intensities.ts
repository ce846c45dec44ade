/**
 * The demand intensity table (GET/PUT /api/energy/intensities): kW per 亩 by
 * industry chain and land-use class, which the demand estimate multiplies a
 * parcel's area by. Admins replace it with If-Match "intensities-v{n}".
 */
import { z } from 'zod';
import { INDUSTRY_CHAINS } from '$domain/parcel.schema';
import type { DemandIntensity } from '$domain/siting/demandIntensities';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_INTENSITIES = '/api/energy/intensities';

const tableSchema = z.object({
  intensities: z.array(
    z.object({
      industryChain: z.enum(INDUSTRY_CHAINS).nullable(),
      landUseClass: z.string().nullable(),
      heatCoolingKilowattsPerMu: z.number(),
      powerKilowattsPerMu: z.number(),
      source: z.string(),
      assumption: z.string(),
    }),
  ),
  version: z.number(),
  /** False while the shipped planning assumptions are in use. */
  custom: z.boolean(),
});

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
  const body = tableSchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? `"intensities-v${body.version}"` };
}

export function saveIntensities(etag: string, intensities: readonly DemandIntensity[]): Promise<PutOutcome<IntensityTableBody>> {
  return putWithIfMatch(URL_INTENSITIES, etag, { intensities }, readTable);
}
