/**
 * The energy assumptions (GET/PUT /api/energy/assumptions): 负荷同时率 per
 * scenario and the intensity factors of the low/high scenarios. Admins
 * replace them with If-Match "assumptions-v{n}".
 */
import type { z } from 'zod';
import { assumptionsBodySchema } from '$domain/api/energySettings.schema';
import type { EnergyAssumptions } from '$domain/siting/energyAssumptions';
import { settingsEtag } from '$domain/api/etags';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_ASSUMPTIONS = '/api/energy/assumptions';

export type AssumptionsBody = z.output<typeof assumptionsBodySchema> & { etag: string };

async function read(response: Response): Promise<AssumptionsBody> {
  const body = assumptionsBodySchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? settingsEtag('assumptions', body.version) };
}

export async function fetchEnergyAssumptions(): Promise<AssumptionsBody> {
  const response = await fetch(URL_ASSUMPTIONS, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return read(response);
}

export function saveEnergyAssumptions(etag: string, assumptions: EnergyAssumptions): Promise<PutOutcome<AssumptionsBody>> {
  return putWithIfMatch(URL_ASSUMPTIONS, etag, { assumptions }, read);
}
