/**
 * Helpers for the import/export API suites: upload a file as multipart form
 * data, commit a preview, count rows, and compare geometries in metres.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema';

export const BASE = 'http://ledger.test';

type App = { request(url: string, init?: RequestInit): Response | Promise<Response> };

export async function upload(app: App, auth: string, fileName: string, bytes: Uint8Array | string, fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  form.append('file', new File([data as Uint8Array<ArrayBuffer>], fileName));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return app.request(`${BASE}/api/imports`, { method: 'POST', headers: { Authorization: auth }, body: form });
}

export async function commit(app: App, auth: string, id: string, body: unknown = {}): Promise<Response> {
  return app.request(`${BASE}/api/imports/${id}/commit`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export async function rowCounts(db: Kysely<Database>): Promise<{ parcels: number; changes: number; imports: number }> {
  const count = async (table: 'parcels' | 'changes' | 'imports') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { parcels: await count('parcels'), changes: await count('changes'), imports: await count('imports') };
}

export function featureCollection(features: Feature[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Ground distance in metres between nearby lon/lat positions (local equirectangular). */
export function distanceMeters(a: readonly number[], b: readonly number[]): number {
  const lat = (a[1]! * Math.PI) / 180;
  return Math.hypot((b[0]! - a[0]!) * 111_320 * Math.cos(lat), (b[1]! - a[1]!) * 110_574);
}

function rings(g: Polygon | MultiPolygon): number[][][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * Largest distance from any vertex of one geometry to the nearest vertex of
 * the matching ring of the other, both ways (formats may rewind rings or
 * start them elsewhere); Infinity when the ring structure differs.
 */
export function vertexDistanceMeters(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const ra = rings(a).map((r) => r.slice(0, -1));
  const rb = rings(b).map((r) => r.slice(0, -1));
  if (ra.length !== rb.length) return Infinity;
  let worst = 0;
  const used = new Set<number>();
  for (const x of ra) {
    // Match rings by nearest first vertex (parts and holes may be reordered).
    let best = -1;
    let bestD = Infinity;
    rb.forEach((y, j) => {
      if (used.has(j) || y.length !== x.length) return;
      const d = Math.min(...y.map((p) => distanceMeters(x[0]!, p)));
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    if (best < 0) return Infinity;
    used.add(best);
    const y = rb[best]!;
    for (const p of x) worst = Math.max(worst, Math.min(...y.map((q) => distanceMeters(p, q))));
    for (const q of y) worst = Math.max(worst, Math.min(...x.map((p) => distanceMeters(p, q))));
  }
  return worst;
}
