/**
 * The demand intensity table (GET/PUT /api/energy/intensities): kW per 亩 by
 * industry chain and land-use class, which the demand estimate multiplies a
 * parcel's area by. Admins replace it with If-Match "intensities-v{n}".
 */
import { z } from 'zod';
import { INDUSTRY_CHAINS } from '$domain/parcel.schema';
import type { DemandIntensity } from '$domain/siting/demandIntensities';
import { networkProblem, readProblem, type Problem } from './problem';

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
  const body = tableSchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? `"intensities-v${body.version}"` };
}

export async function saveIntensities(
  etag: string,
  intensities: readonly DemandIntensity[],
): Promise<{ ok: true; table: IntensityTableBody } | { ok: false; status: number; problem: Problem }> {
  let response: Response;
  try {
    response = await fetch(URL_INTENSITIES, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': etag },
      body: JSON.stringify({ intensities }),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  const body = tableSchema.parse(await response.json());
  return { ok: true, table: { ...body, etag: response.headers.get('ETag') ?? `"intensities-v${body.version}"` } };
}
