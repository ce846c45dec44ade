/**
 * The enterprise, 亩均 and land-status endpoints (issue 12). Reads throw
 * ApiError like getJson; the statistics import returns its outcome as data
 * so the panel can show the server's reason in both languages. Shapes are
 * the domain's own types (domain/efficiency.ts, domain/io/statisticsTable.ts).
 */
import type { EfficiencyMethod, EfficiencyResult } from '$domain/efficiency';
import type { RowFinding, StatisticsMapping, StatisticsRow, MoneyUnit } from '$domain/io/statisticsTable';
import type { enterpriseSchema, Statistics } from '$domain/enterprise';
import type { z } from 'zod';
import { ApiError } from './http';
import { networkProblem, readProblem, type Problem } from './problem';

export interface EfficiencyReport {
  year: number;
  method: EfficiencyMethod & { version: number; custom: boolean; indicators: { code: string; zh: string; en: string; unit: string }[]; landRule: { zh: string; en: string } };
  counts: Record<'A' | 'B' | 'C' | 'D' | 'unclassed', number>;
  enterprises: EfficiencyResult[];
}

export interface DetailParcel {
  id: number;
  name: string;
  status: string;
  areaMu: number;
  counted: boolean;
  enterpriseLabel: string | null;
  labelMatches?: boolean;
}

export interface EnterpriseDetail {
  enterprise: {
    id: number;
    name: string;
    creditCode: string | null;
    industryChain: string | null;
    scale: string;
    tags: string[];
    notes: string | null;
    rentedFloorSquareMeters: number | null;
    aboveScaleSinceYear: number | null;
    illustrative: boolean;
    version: number;
  };
  parcels: DetailParcel[];
  suggestedParcels: DetailParcel[];
  landMu: number;
  parcelLandMu: number;
  rentedLandMu: number;
  statistics: (Statistics & { year: number })[];
  landRule: { zh: string; en: string };
}

export interface LandStatusEntry {
  projectId: number;
  name: string;
  parcelIds?: number[];
  areaMu: number;
  daysPastAgreedStart?: number;
  agreedStart?: string;
  supplied?: string;
}

export interface LandStatus {
  asOf: string;
  rule: { zh: string; en: string };
  idle: LandStatusEntry[];
  reclaimable: LandStatusEntry[];
  suppliedNotUsed: LandStatusEntry[];
}

/** A JSON read with its ETag; a network failure or a refusal throws ApiError (with the server's reason). */
export async function readJsonVersioned<T>(url: string, signal?: AbortSignal): Promise<{ body: T; etag: string }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(url, 0, `network error: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!response.ok) throw new ApiError(url, response.status, `HTTP ${response.status} – ${(await readProblem(response)).messageEn}`);
  return { body: (await response.json()) as T, etag: response.headers.get('ETag') ?? '' };
}

const readJson = async <T>(url: string, signal?: AbortSignal): Promise<T> => (await readJsonVersioned<T>(url, signal)).body;

export const fetchEfficiency = (year: number, signal?: AbortSignal) => readJson<EfficiencyReport>(`/api/efficiency?year=${year}`, signal);
export const fetchEnterprise = (id: number, signal?: AbortSignal) => readJson<EnterpriseDetail>(`/api/enterprises/${id}`, signal);
export const fetchLandStatus = (asOf: string, signal?: AbortSignal) => readJson<LandStatus>(`/api/land-status?asOf=${asOf}`, signal);

export interface ImportRow extends StatisticsRow {
  enterpriseName: string | null;
  action: 'create' | 'update' | null;
  errors: (RowFinding & { messageZh: string; messageEn: string })[];
}

export interface StatisticsImportPreview {
  id: string;
  fileName: string;
  header: string[];
  mapping: StatisticsMapping;
  moneyUnit: MoneyUnit;
  counts: { rows: number; valid: number; invalid: number; create: number; update: number };
  rows: ImportRow[];
}

export type Outcome<T> = { ok: true; body: T } | { ok: false; status: number; problem: Problem };

async function send<T>(url: string, init: RequestInit, okStatus: number[]): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (okStatus.includes(response.status)) return { ok: true, body: (await response.json()) as T };
  return { ok: false, status: response.status, problem: await readProblem(response) };
}

export function uploadStatistics(file: File): Promise<Outcome<StatisticsImportPreview>> {
  const form = new FormData();
  form.append('file', file, file.name);
  return send('/api/enterprise-statistics/imports', { method: 'POST', body: form }, [201]);
}

export function previewStatistics(id: string, options: { mapping: StatisticsMapping; moneyUnit: MoneyUnit }): Promise<Outcome<StatisticsImportPreview>> {
  return send(`/api/enterprise-statistics/imports/${id}/preview`, { method: 'POST', body: JSON.stringify(options), headers: { 'Content-Type': 'application/json' } }, [200]);
}

export function commitStatistics(id: string, options: { mapping: StatisticsMapping; moneyUnit: MoneyUnit }): Promise<Outcome<{ editId: number; created: number; updated: number }>> {
  return send(`/api/enterprise-statistics/imports/${id}/commit`, { method: 'POST', body: JSON.stringify(options), headers: { 'Content-Type': 'application/json' } }, [201]);
}

/** An enterprise as read with its ETag, for a write under If-Match. */
export async function fetchEnterpriseVersioned(id: number, signal?: AbortSignal): Promise<{ detail: EnterpriseDetail; etag: string }> {
  const { body, etag } = await readJsonVersioned<EnterpriseDetail>(`/api/enterprises/${id}`, signal);
  return { detail: body, etag };
}

/** The register's row as listed (GET /api/enterprises). */
export interface EnterpriseListItem {
  id: number;
  name: string;
  scale: string;
  landMu: number;
  version: number;
}

export const fetchEnterpriseList = (signal?: AbortSignal) => readJson<{ enterprises: EnterpriseListItem[] }>('/api/enterprises?limit=10000', signal);
/** The enterprise occupying a parcel: an empty list when none does. */
export const fetchEnterpriseOfParcel = (parcelId: string, signal?: AbortSignal) =>
  readJson<{ enterprises: EnterpriseListItem[] }>(`/api/enterprises?parcelId=${encodeURIComponent(parcelId)}`, signal);

export interface ParcelEfficiency {
  parcelId: number;
  enterpriseId: number;
  class: 'A' | 'B' | 'C' | 'D' | null;
  unclassedReason: string | null;
}
export const fetchParcelEfficiency = (year: number, signal?: AbortSignal) => readJson<{ year: number; parcels: ParcelEfficiency[] }>(`/api/efficiency/parcels?year=${year}`, signal);

/** Replaces the parcels an enterprise occupies (If-Match of the enterprise); refusals come back as data. */
export function putEnterpriseParcels(id: number, etag: string, parcelIds: number[]): Promise<Outcome<{ parcelIds: number[]; version: number }>> {
  return send(`/api/enterprises/${id}/parcels`, { method: 'PUT', body: JSON.stringify({ parcelIds }), headers: { 'Content-Type': 'application/json', 'If-Match': etag } }, [200]);
}

/** The enterprise fields a planner writes (domain/enterprise.ts enterpriseSchema validates them on the server). */
export type EnterpriseWrite = z.input<typeof enterpriseSchema>;

/** Creates an enterprise (editor). */
export function createEnterprise(body: EnterpriseWrite): Promise<Outcome<{ id: number; version: number }>> {
  return send('/api/enterprises', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }, [201]);
}

/** Changes an enterprise's fields under its ETag (editor). */
export function patchEnterprise(id: number, etag: string, body: Partial<EnterpriseWrite>): Promise<Outcome<{ id: number; version: number }>> {
  return send(`/api/enterprises/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'If-Match': etag } }, [200]);
}
