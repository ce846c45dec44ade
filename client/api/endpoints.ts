/**
 * The server endpoints the client reads. Responses are checked with zod so a
 * server change shows up as a readable error rather than a blank dashboard.
 */
import { z } from 'zod';
import { COMPARATORS, enterpriseFilterSchema, METRICS } from '$domain/target.schema';
import { figureLevelFields } from '$domain/targetWords';
import { METRIC_UNIT_CODES } from '$domain/units';
import { getJson } from './http';
import type { CollectionId, Collections, Meta, Tally } from './types';

/** Upper bound on features per collection; the park has a few hundred. */
const COLLECTION_LIMIT = 10000;

const featureCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.looseObject({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      geometry: z.looseObject({ type: z.string() }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

export async function fetchCollection<K extends CollectionId>(id: K, signal?: AbortSignal): Promise<Collections[K]> {
  const url = `/ogc/collections/${encodeURIComponent(id)}/items?limit=${COLLECTION_LIMIT}`;
  const body = await getJson(url, featureCollectionSchema, signal);
  // Shape checked above; property-level schemas are enforced by the server.
  return body as unknown as Collections[K];
}

/** Most ids the server takes in one `ids=` request (server/routes/ogc.ts MAX_IDS). */
const IDS_PER_REQUEST = 500;

/**
 * The current parcels among `ids`, read in requests of at most 500 ids (one
 * request for any ordinary burst of changes); an id missing from the answer
 * no longer exists.
 */
export async function fetchParcelsByIds(ids: readonly string[], signal?: AbortSignal): Promise<Collections['parcels']['features']> {
  const out: Collections['parcels']['features'] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const chunk = ids.slice(i, i + IDS_PER_REQUEST);
    const url = `/ogc/collections/parcels/items?limit=${chunk.length}&ids=${chunk.map(encodeURIComponent).join(',')}`;
    const body = (await getJson(url, featureCollectionSchema, signal)) as unknown as Collections['parcels'];
    out.push(...body.features);
  }
  return out;
}

/** The newest change id: data read after this answer is at least that fresh, so the change stream resumes from it. */
export async function fetchChangeHead(signal?: AbortSignal): Promise<number> {
  return (await getJson('/api/changes/head', z.object({ last: z.number().int().nonnegative() }), signal)).last;
}

const metaSchema = z.object({
  illustrative: z.boolean(),
  provenanceZh: z.string().default(''),
  provenanceEn: z.string().default(''),
});

export function fetchMeta(signal?: AbortSignal): Promise<Meta> {
  return getJson('/api/meta', metaSchema, signal);
}

const planSchema = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  periodStart: z.number(),
  periodEnd: z.number(),
  sourceDocument: z.string().nullable().default(null),
});

const plansSchema = z.object({ plans: z.array(planSchema) });

export async function fetchPlans(signal?: AbortSignal) {
  const body = await getJson('/api/plans', plansSchema, signal);
  return body.plans;
}

const stringList = z.array(z.string()).default([]);

const targetTallySchema = z.object({
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  metric: z.enum(METRICS),
  unit: z.enum(METRIC_UNIT_CODES),
  comparator: z.enum(COMPARATORS).default('gte'),
  floor: z.number(),
  stretch: z.number().nullable().default(null),
  ...figureLevelFields,
  secured: z.number(),
  pipeline: z.number(),
  remaining: z.number(),
  met: z.boolean(),
  stretchMet: z.boolean().nullable().default(null),
  source: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  definition: z
    .object({
      zoneCodes: stringList,
      landUseCodes: stringList,
      securedStatuses: stringList,
      pipelineStatuses: stringList,
      stationKinds: stringList,
      supplyYearFrom: z.number().nullable().default(null),
      supplyYearTo: z.number().nullable().default(null),
      enterpriseFilter: enterpriseFilterSchema.optional(),
      rule: z.object({ zh: z.string(), en: z.string() }).optional(),
      countedYear: z.number().nullable().optional(),
    })
    .prefault({}),
});

const tallySchema = z.object({
  plan: planSchema,
  computedAt: z.string(),
  targets: z.array(targetTallySchema),
});

/** The plan's tally now, or as the ledger stood at the end of `year` (the map's year slider). */
export function fetchTally(planId: string, signal?: AbortSignal, year: number | null = null): Promise<Tally> {
  const query = year === null ? '' : `?year=${year}`;
  return getJson(`/api/plans/${encodeURIComponent(planId)}/tally${query}`, tallySchema, signal);
}
