/**
 * The energy assumptions (GET/PUT /api/energy/assumptions): 负荷同时率 per
 * scenario and the intensity factors of the low/high scenarios. Admins
 * replace them with If-Match "assumptions-v{n}".
 */
import { z } from 'zod';
import type { EnergyAssumptions } from '$domain/siting/energyAssumptions';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_ASSUMPTIONS = '/api/energy/assumptions';

const bodySchema = z.object({
  assumptions: z.object({
    simultaneityFactor: z.object({ low: z.number(), central: z.number(), high: z.number() }),
    intensityFactor: z.object({ low: z.number(), high: z.number() }),
    measuredLoadFactor: z.number(),
  }),
  version: z.number(),
  custom: z.boolean(),
  simultaneityUsualRange: z.object({ low: z.number(), high: z.number() }),
  /** The stated basis of demand derived from reported tce/a (GET/PUT answer both carry it). */
  measuredBasis: z
    .object({
      kilowattHoursPerTce: z.number(),
      conversionSource: z.object({ zh: z.string(), en: z.string() }),
      loadFactorSource: z.object({ zh: z.string(), en: z.string() }),
    })
    .optional(),
});

export type AssumptionsBody = z.output<typeof bodySchema> & { etag: string };

async function read(response: Response): Promise<AssumptionsBody> {
  const body = bodySchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? `"assumptions-v${body.version}"` };
}

export async function fetchEnergyAssumptions(): Promise<AssumptionsBody> {
  const response = await fetch(URL_ASSUMPTIONS, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return read(response);
}

export function saveEnergyAssumptions(etag: string, assumptions: EnergyAssumptions): Promise<PutOutcome<AssumptionsBody>> {
  return putWithIfMatch(URL_ASSUMPTIONS, etag, { assumptions }, read);
}
