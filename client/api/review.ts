/**
 * The endpoints behind the review tools (issue 4): a target's parcels and
 * timeline, the ledger as it stood at the end of a year, ledger health, and
 * the admin writes on plans, targets and zones. Reads are checked with zod;
 * writes return their outcome as data (never throw) so 409/412/422 reasons
 * reach the planner in both languages.
 */
import { z } from 'zod';
import { drillDownSchema, ledgerHealthSchema, timelineSchema, type DrillDownBody, type LedgerHealthBody, type TimelineBody } from '$domain/api/review.schema';
import { planSummarySchema } from '$domain/api/tally.schema';
import { targetDefinitionSchema, type TargetDefinition } from '$domain/target.schema';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';
import type { OgcFeatureCollection, ParcelFeature } from './types';
import { planEtag, targetEtag } from '$domain/api/etags';

const plan = (planId: string) => `/api/plans/${encodeURIComponent(planId)}`;
const yearQuery = (year: number | null) => (year === null ? '' : `?year=${year}`);

// ---- Drill-down -----------------------------------------------------------

export type { DrillDownBody, DrillParcel, DrillStation, TimelineBody } from '$domain/api/review.schema';

export function fetchDrillDown(planId: string, code: string, year: number | null, signal?: AbortSignal): Promise<DrillDownBody> {
  return getJson(`${plan(planId)}/targets/${encodeURIComponent(code)}/parcels${yearQuery(year)}`, drillDownSchema, signal);
}

export function fetchTimeline(planId: string, code: string, year: number | null, signal?: AbortSignal): Promise<TimelineBody> {
  return getJson(`${plan(planId)}/targets/${encodeURIComponent(code)}/timeline${yearQuery(year)}`, timelineSchema, signal);
}

// ---- The ledger as it stood --------------------------------------------------

const snapshotSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  asOf: z.string(),
  features: z.array(z.looseObject({ type: z.literal('Feature'), properties: z.record(z.string(), z.unknown()) })),
});

export async function fetchSnapshot(year: number, signal?: AbortSignal): Promise<{ asOf: string; parcels: OgcFeatureCollection<ParcelFeature> }> {
  const body = await getJson(`/api/snapshot?year=${year}`, snapshotSchema, signal);
  // Same feature shape as /ogc/collections/parcels/items (server/store/snapshot.ts).
  return { asOf: body.asOf, parcels: body as unknown as OgcFeatureCollection<ParcelFeature> };
}

// ---- Ledger health ----------------------------------------------------------

export type { LedgerHealthBody, LedgerHealthItem } from '$domain/api/review.schema';

export function fetchLedgerHealth(signal?: AbortSignal): Promise<LedgerHealthBody> {
  return getJson('/api/health/ledger', ledgerHealthSchema, signal);
}

// ---- Admin: plans and targets -------------------------------------------------

const storedTargetSchema = targetDefinitionSchema.extend({ version: z.number(), retired: z.boolean() });
export type StoredTarget = z.output<typeof storedTargetSchema>;

const versionedPlanSchema = planSummarySchema.extend({ version: z.number() });
export type VersionedPlan = z.output<typeof versionedPlanSchema>;

const planTargetsSchema = z.object({ plan: versionedPlanSchema, targets: z.array(storedTargetSchema) });
export type PlanTargets = z.output<typeof planTargetsSchema>;

export function fetchPlanTargets(planId: string, signal?: AbortSignal): Promise<PlanTargets> {
  return getJson(`${plan(planId)}/targets`, planTargetsSchema, signal);
}

export type AdminResult = { ok: true; status: number; etag: string | null } | { ok: false; status: number; problem: Problem };

async function send(method: string, url: string, body: unknown, ifMatch?: string): Promise<AdminResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/geo+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(ifMatch ? { 'If-Match': ifMatch } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  return { ok: true, status: response.status, etag: response.headers.get('ETag') };
}

/** ETags as the server builds them (domain/api/etags.ts); the versions come from GET …/targets. */
export { planEtag, targetEtag };

export interface PlanFields {
  nameZh: string;
  nameEn: string;
  periodStart: number;
  periodEnd: number;
  sourceDocument: string | null;
}

export const createPlan = (fields: PlanFields & { id: string }) => send('POST', '/api/plans', { ...fields, targets: [] });

export const patchPlan = (planId: string, version: number, fields: Partial<PlanFields>) =>
  send('PATCH', plan(planId), fields, planEtag(planId, version));

export interface PlanCopyFields {
  id: string;
  name: string;
  nameEn?: string;
  periodStart: number;
  periodEnd: number;
}

export const copyPlan = (planId: string, fields: PlanCopyFields) => send('POST', `${plan(planId)}/copy`, fields);

export const createTarget = (planId: string, definition: TargetDefinition) => send('POST', `${plan(planId)}/targets`, definition);

export const replaceTarget = (planId: string, version: number, definition: TargetDefinition) =>
  send('PUT', `${plan(planId)}/targets/${encodeURIComponent(definition.code)}`, definition, targetEtag(planId, definition.code, version));

export const retireTarget = (planId: string, code: string, version: number) =>
  send('DELETE', `${plan(planId)}/targets/${encodeURIComponent(code)}`, undefined, targetEtag(planId, code, version));

// ---- Admin: zones --------------------------------------------------------------

const ZONE_ITEMS = '/ogc/collections/zones/items';

/** The zone's current ETag (If-Match for a write), or null when it is gone. */
export async function fetchZoneEtag(code: string): Promise<string | null> {
  const response = await fetch(`${ZONE_ITEMS}/${encodeURIComponent(code)}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/geo+json' },
    cache: 'no-store',
  });
  if (!response.ok) return null;
  return response.headers.get('ETag');
}

export const renameZone = (code: string, etag: string, names: { nameZh: string; nameEn: string }) =>
  send('PATCH', `${ZONE_ITEMS}/${encodeURIComponent(code)}`, { properties: names }, etag);

export interface ZoneFromParcelsFields {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  parcelIds: number[];
}

export const createZoneFromParcels = (fields: ZoneFromParcelsFields) => send('POST', '/api/zones/from-parcels', fields);

// ---- Report links ----------------------------------------------------------------

/** The report in each format; with `asOfYear`, the ledger as it stood at the end of that year (as the year slider shows it). */
export const reportUrls = (planId: string, asOfYear: number | null = null) => {
  const year = asOfYear === null ? '' : `year=${asOfYear}`;
  return {
    html: `${plan(planId)}/report${year ? `?${year}` : ''}`,
    xlsx: `${plan(planId)}/report.xlsx${year ? `?${year}` : ''}`,
    csv: `${plan(planId)}/report.csv${year ? `?${year}` : ''}`,
    parcelsCsv: (code: string) => `${plan(planId)}/report.csv?table=parcels&target=${encodeURIComponent(code)}${year ? `&${year}` : ''}`,
  };
};
