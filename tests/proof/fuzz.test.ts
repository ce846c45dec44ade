/**
 * Bad input, property-based: malformed GeoJSON, huge coordinate arrays,
 * NaN/1e400, deep nesting, `__proto__` keys, wrong content types and
 * oversize bodies thrown at every write endpoint. Never a 5xx, never a
 * partial write (the row and change counts only move on a 2xx), and the
 * server keeps answering.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db, { maxBodyBytes: 256 * 1024 });
  auth = await addUsers(t.db);
});
afterAll(async () => {
  await t.dispose();
});

const counts = async () => {
  const r = await sql<{ rows: number; changes: number }>`SELECT (SELECT count(*) FROM parcels) + (SELECT count(*) FROM energy_stations) + (SELECT count(*) FROM plans) + (SELECT count(*) FROM targets) AS rows, (SELECT count(*) FROM changes) AS changes`.execute(t.db);
  const row = r.rows[0]!;
  return { rows: Number(row.rows), changes: Number(row.changes) };
};

const ENDPOINTS: { method: string; path: string }[] = [
  { method: 'POST', path: '/ogc/collections/parcels/items' },
  { method: 'PUT', path: '/ogc/collections/parcels/items/1' },
  { method: 'PATCH', path: '/ogc/collections/parcels/items/1' },
  { method: 'POST', path: '/ogc/collections/energy_stations/items' },
  { method: 'PATCH', path: '/ogc/collections/energy_stations/items/1' },
  { method: 'POST', path: '/api/parcels/1/restore' },
  { method: 'POST', path: '/api/parcels/edits' },
  { method: 'POST', path: '/api/energy/siting' },
  { method: 'PUT', path: '/api/energy/intensities' },
  { method: 'PUT', path: '/api/settings/basemaps' },
  { method: 'POST', path: '/api/auth/login' },
  { method: 'POST', path: '/api/plans' },
  { method: 'POST', path: '/api/enterprises' },
  { method: 'PATCH', path: '/api/enterprises/1' },
  { method: 'PUT', path: '/api/enterprises/1/parcels' },
  { method: 'PUT', path: '/api/enterprises/1/statistics/2024' },
  { method: 'POST', path: '/api/enterprise-statistics/imports' },
  { method: 'POST', path: '/api/enterprise-statistics/imports/00000000-0000-0000-0000-000000000000/commit' },
  { method: 'PUT', path: '/api/efficiency/method' },
  { method: 'POST', path: '/api/projects' },
  { method: 'PATCH', path: '/api/projects/1' },
];

const coordinate = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -0, 106.93, 28.96),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
);
const ring = fc.array(fc.array(coordinate, { maxLength: 4 }), { maxLength: 12 });
const geometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 'GeometryCollection', 'Nope'), coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), ring, fc.anything()) }),
  fc.anything(),
);
const properties = fc.oneof(
  fc.dictionary(fc.constantFrom('name', 'landUseCode', 'status', 'supplyYear', 'investmentYi', '__proto__', 'constructor', 'kind', 'capacityMW'), fc.anything()),
  fc.record({ name: fc.string(), landUseCode: fc.constantFrom('1001', '100102', 'x', ''), status: fc.constantFrom('planned', 'supplied', 'bogus'), supplyYear: fc.oneof(fc.integer(), fc.double()) }),
  fc.anything(),
);
const featureBody = fc.record({ type: fc.constantFrom('Feature', 'FeatureCollection', 'feature'), geometry, properties });
const versionedId = fc.oneof(fc.record({ id: fc.oneof(fc.integer({ min: -2, max: 100 }), fc.double()), version: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string()) }), fc.anything());
const jsonBody = fc.oneof(
  featureBody.map((o) => JSON.stringify(o)),
  // Multi-parcel edits (merge/split): every part may be malformed, and a refused part must leave nothing written.
  fc
    .record({ target: fc.oneof(fc.constant(null), versionedId), feature: fc.oneof(featureBody, fc.anything()), absorb: fc.array(versionedId, { maxLength: 4 }), pieces: fc.array(featureBody, { maxLength: 4 }) }, { requiredKeys: ['feature'] })
    .map((o) => JSON.stringify(o)),
  fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e400,28.9],[106.9,28.9],[106.9,29],[1e400,28.9]]]},"properties":{"name":"x","landUseCode":"1001","status":"planned"}}',
    '{"__proto__":{"isAdmin":true},"type":"Feature","geometry":null,"properties":{"__proto__":{"status":"supplied"}}}',
    `${'['.repeat(20000)}${']'.repeat(20000)}`,
    `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[${Array.from({ length: 20000 }, (_, i) => `[${106.9 + i * 1e-7},28.9]`).join(',')}]]},"properties":{"name":"huge","landUseCode":"1001","status":"planned"}}`,
    '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.9,28.9],[106.91,28.9]]]},"properties":null',
  ),
);
const contentType = fc.constantFrom('application/json', 'application/geo+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '');
const role = fc.constantFrom<keyof Awaited<ReturnType<typeof addUsers>> | 'anonymous'>('anonymous', 'viewer', 'editor', 'admin');
const ifMatch = fc.constantFrom(undefined, '"parcels-1-v1"', '"energy_stations-1-v1"', '"intensities-v0"', '*', 'garbage');

describe('fuzzing every write endpoint', () => {
  it('never answers 5xx and never writes partially', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), jsonBody, contentType, role, ifMatch, async (endpoint, body, type, who, match) => {
        const before = await counts();
        const headers: Record<string, string> = {};
        if (type) headers['Content-Type'] = type;
        if (who !== 'anonymous') headers.Authorization = auth[who];
        if (match) headers['If-Match'] = match;
        const res = await app.request(`http://ledger.test${endpoint.path}`, { method: endpoint.method, headers, body });
        expect(res.status, `${endpoint.method} ${endpoint.path} → ${res.status}`).toBeLessThan(500);
        const after = await counts();
        if (res.status >= 400) {
          expect(after).toEqual(before);
        } else if (after.rows !== before.rows || after.changes !== before.changes) {
          // A successful write logs exactly one change per feature written.
          expect(after.changes).toBeGreaterThan(before.changes);
        }
      }),
      { numRuns: 400 },
    );
    // Still answering.
    expect((await app.request('http://ledger.test/api/health')).status).toBe(200);
  }, 120_000);

  it('refuses oversize bodies with 413 and writes nothing', async () => {
    const before = await counts();
    const res = await app.request('http://ledger.test/ogc/collections/parcels/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: auth.editor },
      body: JSON.stringify({ type: 'Feature', geometry: null, properties: { notes: 'x'.repeat(300 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('a __proto__ key in a body pollutes nothing', async () => {
    await app.request('http://ledger.test/ogc/collections/parcels/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: auth.editor },
      body: '{"type":"Feature","geometry":null,"properties":{"__proto__":{"polluted":true},"name":"p"}}',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});
