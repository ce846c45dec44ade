/**
 * OGC API – Features Part 4 writes on the zone and energy collections
 * (server/routes/zones.writes.ts, energy.writes.ts): read an item with its
 * ETag, then POST, PUT, PATCH or DELETE with that ETag as If-Match. Outcomes
 * are data, never thrown, so 412 and 422 reasons reach the form in both languages.
 * The bodies are the envelopes the server validates (domain/api/features.schema.ts).
 */
import type { Feature, Geometry } from 'geojson';
import type { FeaturePatchBody, FeatureWriteBody } from '$domain/api/features.schema';
import { networkProblem, readProblem, type Problem } from './problem';

export type WritableCollection = 'zones' | 'energy_stations' | 'energy_lines';

const itemsUrl = (collection: WritableCollection) => `/ogc/collections/${collection}/items`;
const itemUrl = (collection: WritableCollection, id: string | number) => `${itemsUrl(collection)}/${encodeURIComponent(String(id))}`;

export interface StoredFeature<F extends Feature = Feature> {
  feature: F;
  /** Send back as If-Match to write this version. */
  etag: string;
}

/** The item as stored now and its ETag; null when it is gone. Throws only on network failure. */
export async function fetchStoredFeature<F extends Feature>(collection: WritableCollection, id: string | number): Promise<StoredFeature<F> | null> {
  const response = await fetch(itemUrl(collection, id), {
    credentials: 'same-origin',
    headers: { Accept: 'application/geo+json' },
    cache: 'no-store',
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const etag = response.headers.get('ETag');
  if (!etag) throw new Error('no ETag');
  return { feature: (await response.json()) as F, etag };
}

export type WriteOutcome<F extends Feature = Feature> =
  | { ok: true; status: number; feature: F | null; etag: string | null }
  | { ok: false; status: number; problem: Problem };

/** A PATCH: what changes (the server's merge-patch envelope, geometry typed as GeoJSON here). */
export type FeatureBody = Omit<FeaturePatchBody, 'type' | 'geometry'> & { geometry?: Geometry };
/** A POST or PUT: the whole feature but its `type`, added when sent. */
export type WholeFeatureBody = Omit<FeatureWriteBody, 'type' | 'id' | 'geometry'> & { geometry: Geometry };

async function send<F extends Feature>(method: string, url: string, body: FeatureWriteBody | FeaturePatchBody | undefined, ifMatch?: string): Promise<WriteOutcome<F>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/geo+json, application/json',
        ...(body === undefined ? {} : { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/geo+json' }),
        ...(ifMatch ? { 'If-Match': ifMatch } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  const feature = response.status === 204 ? null : ((await response.json().catch(() => null)) as F | null);
  return { ok: true, status: response.status, feature, etag: response.headers.get('ETag') };
}

export const createFeature = <F extends Feature>(collection: WritableCollection, body: WholeFeatureBody) =>
  send<F>('POST', itemsUrl(collection), { type: 'Feature', ...body } satisfies FeatureWriteBody);

export const replaceFeature = <F extends Feature>(collection: WritableCollection, id: string | number, etag: string, body: WholeFeatureBody) =>
  send<F>('PUT', itemUrl(collection, id), { type: 'Feature', ...body } satisfies FeatureWriteBody, etag);

export const patchFeature = <F extends Feature>(collection: WritableCollection, id: string | number, etag: string, body: FeatureBody) =>
  send<F>('PATCH', itemUrl(collection, id), body satisfies FeaturePatchBody, etag);

export const deleteFeature = <F extends Feature = Feature>(collection: WritableCollection, id: string | number, etag: string) =>
  send<F>('DELETE', itemUrl(collection, id), undefined, etag);
