import { booleanIntersects, bboxPolygon } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../domain/area';
import { squareMetersToMu } from '../../domain/units';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const BASE = 'http://ledger.test:8080';
const get = (path: string, init?: RequestInit) => app.request(`${BASE}${path}`, init);

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
});
afterAll(async () => t.dispose());

describe('OGC API – Features: landing, conformance, collections', () => {
  it('landing page links are absolute and include service-desc, conformance and data', async () => {
    const res = await get('/ogc');
    expect(res.status).toBe(200);
    const body = await res.json();
    const rels = Object.fromEntries(body.links.map((l: any) => [l.rel, l.href]));
    expect(rels.conformance).toBe(`${BASE}/ogc/conformance`);
    expect(rels.data).toBe(`${BASE}/ogc/collections`);
    expect(rels['service-desc']).toBe(`${BASE}/ogc/api`);
    for (const l of body.links) expect(l.href).toMatch(/^http:\/\//);
  });

  it('declares Core and GeoJSON conformance', async () => {
    const body = await (await get('/ogc/conformance')).json();
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
  });

  it('serves an OpenAPI 3.0 document with every items path', async () => {
    const res = await get('/ogc/api');
    expect(res.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.0/);
    for (const id of ['zones', 'parcels', 'energy_stations', 'energy_lines', 'constraints']) {
      expect(doc.paths[`/collections/${id}/items`]).toBeDefined();
    }
  });

  it('lists the five collections with extents in CRS84', async () => {
    const body = await (await get('/ogc/collections')).json();
    const ids = body.collections.map((c: any) => c.id).sort();
    expect(ids).toEqual(['constraints', 'energy_lines', 'energy_stations', 'parcels', 'zones']);
    const parcels = body.collections.find((c: any) => c.id === 'parcels');
    const [minX, minY, maxX, maxY] = parcels.extent.spatial.bbox[0];
    expect(minX).toBeGreaterThan(106.5);
    expect(maxX).toBeLessThan(107.5);
    expect(minY).toBeGreaterThan(28.5);
    expect(maxY).toBeLessThan(29.5);
    expect(parcels.links.find((l: any) => l.rel === 'items').href).toBe(`${BASE}/ogc/collections/parcels/items`);
  });

  it('404s an unknown collection with a bilingual reason', async () => {
    const res = await get('/ogc/collections/nope/items');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.code).toBe('NOT_FOUND');
    expect(body.messageZh).toBeTruthy();
    expect(body.messageEn).toBeTruthy();
  });
});

describe('OGC API – Features: items', () => {
  it('pages with limit/offset, numberMatched/numberReturned and absolute next/prev links', async () => {
    const all = (await (await get('/ogc/collections/parcels/items?limit=10000')).json()) as FeatureCollection & Record<string, any>;
    const total = all.numberMatched;
    expect(total).toBeGreaterThanOrEqual(40);
    expect(all.numberReturned).toBe(total);
    expect(all.links.some((l: any) => l.rel === 'next')).toBe(false);

    const res = await get('/ogc/collections/parcels/items?limit=10&offset=10');
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const page = await res.json();
    expect(page.numberReturned).toBe(10);
    expect(page.numberMatched).toBe(total);
    expect(page.features.map((f: any) => f.id)).toEqual(all.features.slice(10, 20).map((f) => f.id));
    const next = page.links.find((l: any) => l.rel === 'next').href;
    expect(next).toBe(`${BASE}/ogc/collections/parcels/items?limit=10&offset=20`);
    expect(page.links.find((l: any) => l.rel === 'prev').href).toBe(`${BASE}/ogc/collections/parcels/items?limit=10&offset=0`);

    // Walking the next links visits every parcel once.
    const seen: unknown[] = [];
    let url: string | undefined = `/ogc/collections/parcels/items?limit=25`;
    while (url) {
      const p: any = await (await get(url)).json();
      seen.push(...p.features.map((f: any) => f.id));
      const n = p.links.find((l: any) => l.rel === 'next');
      url = n ? n.href.slice(BASE.length) : undefined;
    }
    expect(seen).toEqual(all.features.map((f) => f.id));
  });

  it('bbox returns exactly the features whose geometry intersects the box', async () => {
    const all = (await (await get('/ogc/collections/parcels/items?limit=10000')).json()) as FeatureCollection;
    const box: [number, number, number, number] = [106.9, 28.95, 106.95, 28.99];
    const expected = all.features.filter((f) => booleanIntersects(f.geometry, bboxPolygon(box))).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.features.length);
    const page = await (await get(`/ogc/collections/parcels/items?limit=10000&bbox=${box.join(',')}`)).json();
    expect(page.features.map((f: any) => f.id)).toEqual(expected);
    expect(page.numberMatched).toBe(expected.length);
  });

  it('filters by properties (status, supplyYear, zone)', async () => {
    const all = (await (await get('/ogc/collections/parcels/items?limit=10000')).json()) as FeatureCollection;
    const supplied = await (await get('/ogc/collections/parcels/items?limit=10000&status=supplied&supplyYear=2024')).json();
    const expected = all.features.filter((f) => f.properties!.status === 'supplied' && f.properties!.supplyYear === 2024);
    expect(supplied.numberMatched).toBe(expected.length);
    expect(supplied.features.every((f: any) => f.properties.status === 'supplied' && f.properties.supplyYear === 2024)).toBe(true);

    const inA3 = await (await get('/ogc/collections/parcels/items?limit=10000&zone=A3')).json();
    const expectedA3 = all.features.filter((f) => (f.properties!.zones as any[]).some((z) => z.code === 'A3'));
    expect(inA3.features.map((f: any) => f.id)).toEqual(expectedA3.map((f) => f.id));
    expect(expectedA3.length).toBeGreaterThan(0);
  });

  it('refuses bad paging and bbox parameters with 400 and a reason', async () => {
    for (const q of ['limit=0', 'limit=abc', 'offset=-1', 'bbox=1,2,3', 'bbox=107,29,106,28', 'bbox=a,b,c,d', 'supplyYear=twenty']) {
      const res = await get(`/ogc/collections/parcels/items?${q}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.code).toBe('INVALID_REQUEST');
      expect(body.detail).toBeTruthy();
    }
  });

  it('caps limit at 10000', async () => {
    const page = await (await get('/ogc/collections/parcels/items?limit=999999')).json();
    expect(page.links.find((l: any) => l.rel === 'self').href).toContain('limit=10000');
  });

  it('parcels carry read-only official area in m² and mu, and per-zone shares that add up', async () => {
    const all = (await (await get('/ogc/collections/parcels/items?limit=10000')).json()) as FeatureCollection;
    for (const f of all.features) {
      const p = f.properties as any;
      expect(p.areaSquareMeters).toBeCloseTo(areaSquareMeters(f.geometry as any), 6);
      expect(p.areaMu).toBeCloseTo(squareMetersToMu(p.areaSquareMeters), 9);
      for (const z of p.zones) {
        expect(z.areaSquareMeters).toBeLessThanOrEqual(p.areaSquareMeters * (1 + 1e-12));
        expect(z.fraction).toBeCloseTo(z.areaSquareMeters / p.areaSquareMeters, 9);
      }
      expect(p.illustrative).toBe(true);
    }
  });

  it('serves one feature with an ETag and 404s a missing one', async () => {
    const res = await get('/ogc/collections/zones/items/A3');
    expect(res.status).toBe(200);
    const zone = await res.json();
    expect(zone.id).toBe('A3');
    expect(zone.properties.nameZh).toContain('循环经济');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"zones-A3-v\d+"$/);
    expect((await get('/ogc/collections/zones/items/A3', { headers: { 'If-None-Match': etag! } })).status).toBe(304);
    expect((await get('/ogc/collections/parcels/items/999999')).status).toBe(404);
    expect((await get('/ogc/collections/parcels/items/1%20OR%201=1')).status).toBe(404);
  });
});
