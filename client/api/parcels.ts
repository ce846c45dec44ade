/**
 * Parcel reads and writes the editor needs: OGC API – Features Part 4 on
 * /ogc/collections/parcels/items (ETag / If-Match), history and restore on
 * /api/parcels/{id}. Writes return the outcome as data (never throw) so the
 * editor can show 412 conflicts and 422 reasons.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { parcelHistorySchema, type ParcelHistory, type parcelEditResultSchema } from '$domain/api/parcels.schema';
import type { ParcelPropertiesInput } from '$domain/parcel.schema';
import { targetDefinitionSchema, type TargetDefinition } from '$domain/target.schema';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';
import type { ParcelFeature } from './types';

const ITEMS = '/ogc/collections/parcels/items';

export type WriteResult =
  | { ok: true; status: number; feature: ParcelFeature | null; etag: string | null }
  | { ok: false; status: number; problem: Problem };

export interface ParcelDraft {
  geometry: Polygon | MultiPolygon;
  properties: ParcelPropertiesInput;
}

async function send(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<WriteResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/geo+json, application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  const etag = response.headers.get('ETag');
  if (response.status === 204) return { ok: true, status: 204, feature: null, etag };
  // The server validated what it stored; the shape is the OGC feature it serves on GET.
  const feature = (await response.json()) as ParcelFeature;
  return { ok: true, status: response.status, feature, etag };
}

const confirmQuery = (confirm: readonly string[]) =>
  confirm.length > 0 ? `?confirm=${confirm.map(encodeURIComponent).join(',')}` : '';

const asFeature = (draft: ParcelDraft, id?: string) => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id: Number(id) }),
  geometry: draft.geometry,
  properties: draft.properties,
});

/** The parcel as stored now, with the ETag to write against; null when it no longer exists. */
export async function fetchParcel(id: string): Promise<{ feature: ParcelFeature; etag: string } | null> {
  const response = await fetch(`${ITEMS}/${encodeURIComponent(id)}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/geo+json' },
    cache: 'no-store',
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET parcel ${id}: HTTP ${response.status}`);
  const etag = response.headers.get('ETag');
  if (!etag) throw new Error(`GET parcel ${id}: no ETag`);
  return { feature: (await response.json()) as ParcelFeature, etag };
}

export function createParcel(draft: ParcelDraft, confirm: readonly string[] = []): Promise<WriteResult> {
  return send('POST', `${ITEMS}${confirmQuery(confirm)}`, asFeature(draft), { 'Content-Type': 'application/geo+json' });
}

export function replaceParcel(id: string, etag: string, draft: ParcelDraft, confirm: readonly string[] = [], editKind?: 'hole' | 'clip'): Promise<WriteResult> {
  return send('PUT', `${ITEMS}/${encodeURIComponent(id)}${confirmQuery(confirm)}`, asFeature(draft, id), {
    'Content-Type': 'application/geo+json',
    'If-Match': etag,
    ...(editKind ? { 'X-Edit-Kind': editKind } : {}),
  });
}

export function deleteParcel(id: string, etag: string): Promise<WriteResult> {
  return send('DELETE', `${ITEMS}/${encodeURIComponent(id)}`, undefined, { 'If-Match': etag });
}

export function restoreParcel(id: string, etag: string, version: number, confirm: readonly string[] = []): Promise<WriteResult> {
  return send('POST', `/api/parcels/${encodeURIComponent(id)}/restore${confirmQuery(confirm)}`, { version }, {
    'Content-Type': 'application/json',
    'If-Match': etag,
  });
}

/** The shared body (domain/api/parcels.schema.ts), its features typed as the parcels the server serves. */
export type ParcelEditResult = Omit<z.output<typeof parcelEditResultSchema>, 'feature' | 'pieces'> & { feature: ParcelFeature; pieces: ParcelFeature[] };

/**
 * A merge or split as one server transaction (POST /api/parcels/edits): the
 * target at the version read, parcels absorbed at the versions picked, and
 * the extra pieces. Refused as a whole (404/412/422 naming the part) or done.
 */
export async function editParcels(
  edit: {
    target: { id: string; version: number } | null;
    draft: ParcelDraft;
    absorb: readonly { id: string; version: number }[];
    pieces: readonly ParcelDraft[];
  },
  confirm: readonly string[] = [],
): Promise<{ ok: true; result: ParcelEditResult } | { ok: false; status: number; problem: Problem }> {
  let response: Response;
  try {
    response = await fetch(`/api/parcels/edits${confirmQuery(confirm)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: edit.target ? { id: Number(edit.target.id), version: edit.target.version } : null,
        feature: asFeature(edit.draft),
        absorb: edit.absorb.map((a) => ({ id: Number(a.id), version: a.version })),
        pieces: edit.pieces.map((p) => asFeature(p)),
      }),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  // The shape is the shared schema's (tests/api/contract.api.test.ts holds the server to it).
  return { ok: true, result: (await response.json()) as ParcelEditResult };
}

export type { ParcelHistory, ParcelVersion } from '$domain/api/parcels.schema';

export function fetchHistory(id: string, signal?: AbortSignal): Promise<ParcelHistory> {
  return getJson(`/api/parcels/${encodeURIComponent(id)}/history`, parcelHistorySchema, signal);
}

const planDefinitionsSchema = z.object({ id: z.string(), targets: z.array(targetDefinitionSchema) });

/** A plan's target definitions (GET /api/plans/{id}), for previewing the tally while drawing. */
export async function fetchTargetDefinitions(planId: string, signal?: AbortSignal): Promise<TargetDefinition[]> {
  const plan = await getJson(`/api/plans/${encodeURIComponent(planId)}`, planDefinitionsSchema, signal);
  return plan.targets;
}
