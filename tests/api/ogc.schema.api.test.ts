/**
 * OGC API – Features Part 5 schemas, Part 3 queryables and CQL2-text
 * filters, and JSON 404s under /ogc and /api, over a fresh seeded store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCql2, parseCql2Text, type QueryableKind } from '../../domain/cql2';
import { GEOMETRY_FORMAT_TYPES, type GeometryFormat } from '../../domain/featureSchema';
import { createApp } from '../../server/app';
import { COLLECTIONS } from '../../server/store/collections';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let clientDir: string;
const BASE = 'http://ledger.test';
const get = (path: string) => app.request(`${BASE}${path}`);
const all: Record<string, Feature[]> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  clientDir = mkdtempSync(join(tmpdir(), 'll-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>');
  app = createApp(t.db, { clientDir });
  for (const id of Object.keys(COLLECTIONS)) {
    const fc = (await (await get(`/ogc/collections/${id}/items?limit=10000`)).json()) as FeatureCollection;
    all[id] = fc.features;
  }
});
afterAll(async () => {
  rmSync(clientDir, { recursive: true, force: true });
  await t.dispose();
});

describe('Part 5 schema', () => {
  it('is announced in the conformance classes and linked from each collection', async () => {
    const conformance = await (await get('/ogc/conformance')).json();
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas');
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/cql2/1.0/conf/cql2-text');
    const collection = await (await get('/ogc/collections/parcels')).json();
    const link = collection.links.find((l: any) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/schema');
    expect(link).toMatchObject({ href: `${BASE}/ogc/collections/parcels/schema`, type: 'application/schema+json' });
  });

  it.each(Object.keys(COLLECTIONS))('%s: every served feature is valid against its schema, geometry type included', async (id) => {
    const res = await get(`/ogc/collections/${id}/schema`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const schema = await res.json();
    const required = new Set<string>(schema.required);
    const { geometry, id: idProp, ...properties } = schema.properties as Record<string, any>;
    expect(geometry['x-ogc-role']).toBe('primary-geometry');
    expect(idProp['x-ogc-role']).toBe('id');
    // QGIS takes a field's type only from a single `type` string.
    for (const p of Object.values(properties)) expect(typeof p.type).toBe('string');
    // A property not in `required` may be null (QGIS needs one type string, so null is not listed as a type).
    const validators = Object.fromEntries(
      Object.entries(properties).map(([name, p]) => {
        const v = z.fromJSONSchema(p);
        return [name, required.has(name) ? v : v.nullable()];
      }),
    );
    const types = GEOMETRY_FORMAT_TYPES[geometry.format as GeometryFormat];
    expect(all[id]!.length).toBeGreaterThan(0);
    for (const f of all[id]!) {
      expect(types).toContain(f.geometry.type);
      expect(typeof f.id).toBe(idProp.type === 'integer' ? 'number' : 'string');
      for (const key of Object.keys(f.properties!)) expect(Object.keys(properties), `${id} ${key}`).toContain(key);
      for (const [name, v] of Object.entries(validators)) {
        const r = v.safeParse(f.properties![name]);
        expect(r.success, `${id} ${f.id} ${name}=${JSON.stringify(f.properties![name])}`).toBe(true);
      }
    }
  });

  it('parcels: MultiPolygon is admitted (one is served), numeric fields typed with units, computed ones read-only', async () => {
    expect(all.parcels!.some((f) => f.geometry.type === 'MultiPolygon')).toBe(true);
    const schema = await (await get('/ogc/collections/parcels/schema')).json();
    expect(schema.properties.geometry.format).toBe('geometry-polygon-or-multipolygon');
    expect(schema.properties.powerDemandKilowatts).toMatchObject({ type: 'number', 'x-ogc-unit': 'kW' });
    expect(schema.properties.supplyYear.type).toBe('integer');
    expect(schema.properties.areaSquareMeters).toMatchObject({ type: 'number', readOnly: true, 'x-ogc-unit': 'm2' });
    for (const name of ['version', 'updatedAt', 'areaMu', 'zones', 'zoneCells', 'zoneCodes', 'illustrative']) {
      expect(schema.properties[name].readOnly, name).toBe(true);
    }
    expect(schema.properties.name.readOnly).toBeUndefined();
  });

  it('the OpenAPI document describes features with the same generated properties', async () => {
    const api = await (await get('/ogc/api')).json();
    const schema = await (await get('/ogc/collections/parcels/schema')).json();
    const props = api.components.schemas.parcels_properties.properties;
    expect(props.powerDemandKilowatts).toEqual(schema.properties.powerDemandKilowatts);
    expect(props.geometry).toBeUndefined();
    const items = api.paths['/collections/parcels/items'].get;
    expect(items.responses['200'].content['application/geo+json'].schema.properties.features.items.$ref).toBe('#/components/schemas/parcels_feature');
    expect(items.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['filter', 'crs', 'bbox-crs']));
  });

  it('parcels carry zoneCodes as flat text matching their zones (for QGIS 3.22)', () => {
    const withZones = all.parcels!.filter((f) => (f.properties!.zones as unknown[]).length > 0);
    expect(withZones.length).toBeGreaterThan(0);
    for (const f of all.parcels!) {
      expect(f.properties!.zoneCodes).toBe((f.properties!.zones as { code: string }[]).map((z) => z.code).join(','));
    }
  });
});

describe('Part 3 queryables and CQL2-text filters', () => {
  let kinds: Record<string, QueryableKind>;
  beforeAll(async () => {
    const q = await (await get('/ogc/collections/parcels/queryables')).json();
    kinds = Object.fromEntries(Object.entries(q.properties).map(([k, v]: [string, any]) => [k, v.type]));
  });

  it('queryables are typed as the schema types them', () => {
    expect(kinds).toMatchObject({ status: 'string', supplyYear: 'integer', investmentYi: 'number', name: 'string' });
  });

  const filters = [
    "status='supplied' AND supplyYear>=2023",
    "status = 'supplied' OR status = 'in_production'",
    "NOT (status = 'planned')",
    "(NOT (\"status\" = 'planned'))",
    "status IN ('planned','reserved') AND NOT supplyYear IS NULL",
    'supplyYear IS NULL',
    'supplyYear IS NOT NULL AND (investmentYi > 1 OR powerDemandKilowatts BETWEEN 100 AND 5000)',
    "status NOT IN ('supplied')",
    "name LIKE '%园%'",
    "enterprise LIKE '%Co%' OR industryChain <> 'new_energy'",
    "enterprise LIKE '%co%'",
    'areaSquareMeters < 50000 AND supplyYear <> 2024',
    "landUseCode = '100101' AND (supplyYear < 2020 OR supplyYear > 2025)",
  ];

  it.each(filters)('%s: the server returns what the same filter returns in JS over every feature', async (text) => {
    const parsed = parseCql2Text(text, kinds);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const expected = all.parcels!.filter((f) => evaluateCql2(parsed.expr, f.properties!) === true).map((f) => f.id);
    const res = await get(`/ogc/collections/parcels/items?limit=10000&filter=${encodeURIComponent(text)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as FeatureCollection & { numberMatched: number };
    expect(body.features.map((f) => f.id)).toEqual(expected);
    expect(body.numberMatched).toBe(expected.length);
  });

  it('the filters above are not all trivially empty or full', () => {
    const counts = filters.map((text) => {
      const p = parseCql2Text(text, kinds);
      return p.ok ? all.parcels!.filter((f) => evaluateCql2(p.expr, f.properties!) === true).length : -1;
    });
    expect(counts.filter((n) => n > 0 && n < all.parcels!.length).length).toBeGreaterThanOrEqual(8);
  });

  it('combines with bbox and paging', async () => {
    const text = "status <> 'planned'";
    const box = '106.6,28.9,107.0,29.1';
    const full = (await (await get(`/ogc/collections/parcels/items?limit=10000&bbox=${box}`)).json()) as FeatureCollection;
    const parsed = parseCql2Text(text, kinds);
    if (!parsed.ok) throw new Error(parsed.reason);
    const expected = full.features.filter((f) => evaluateCql2(parsed.expr, f.properties!) === true).map((f) => f.id);
    const page = await (await get(`/ogc/collections/parcels/items?limit=2&offset=1&bbox=${box}&filter=${encodeURIComponent(text)}`)).json();
    expect(page.numberMatched).toBe(expected.length);
    expect(page.features.map((f: Feature) => f.id)).toEqual(expected.slice(1, 3));
  });

  it.each([
    ["owner = 'x'", /owner is not a queryable/],
    ["supplyYear = '2023'", /supplyYear is a number/],
    ['status = 5', /status is text/],
    ["status > 'a'", /applies to numeric queryables/],
    ["status = 'supplied' AND", /expected a property name/],
    ["(status = 'supplied'", /expected "\)"/],
    ["status = 'unterminated", /unterminated string/],
    ["status; DROP TABLE parcels", /unexpected character/],
  ])('%s is refused with 400 and the reason', async (text, reason) => {
    const res = await get(`/ogc/collections/parcels/items?filter=${encodeURIComponent(text)}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.detail).toMatch(reason);
  });

  it('a quote inside a string literal is a value, not SQL', async () => {
    const res = await get(`/ogc/collections/parcels/items?filter=${encodeURIComponent("name = 'x'' OR 1=1 --'")}`);
    expect(res.status).toBe(200);
    expect((await res.json()).numberMatched).toBe(0);
  });
});

describe('unknown paths', () => {
  it.each(['/ogc/collections/parcels/nothing', '/ogc/nothing', '/api/nothing', '/api/parcels/1/nothing/else'])('%s answers a JSON 404, not the app', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()).code).toBe('NOT_FOUND');
  });

  it('the app itself is still served outside /ogc and /api', async () => {
    const res = await get('/some/client/route');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
  });
});
