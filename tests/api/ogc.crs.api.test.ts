/**
 * OGC API – Features Part 2: items and single features in CRS84, EPSG:4490
 * (latitude first), EPSG:4545 and EPSG:4524 (northing first), bbox-crs,
 * Content-Crs on reads and on writes. Projected coordinates are checked
 * against proj4 with the EPSG definitions written out here.
 */
import proj4 from 'proj4';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers } from '../support/places';

const EPSG = (n: number) => `http://www.opengis.net/def/crs/EPSG/0/${n}`;
/** EPSG:4545, CGCS2000 / 3-degree Gauss-Kruger CM 108E, as epsg.io gives it. */
const DEF_4545 = '+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const DEF_4524 = '+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=36500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const LONLAT = '+proj=longlat +ellps=GRS80 +no_defs';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let crs84: FeatureCollection;
const BASE = 'http://ledger.test';
const get = async (path: string) => app.request(`${BASE}${path}`);

const positions = (g: any): Position[] => (typeof g[0] === 'number' ? [g] : g.flatMap(positions));

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  crs84 = await (await get('/ogc/collections/parcels/items?limit=10000')).json();
});
afterAll(async () => t.dispose());

describe('Part 2 CRS', () => {
  it('each collection lists the four CRSs and stores CRS84; conformance declares Part 2', async () => {
    const collections = await (await get('/ogc/collections')).json();
    for (const c of collections.collections) {
      expect(c.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84', EPSG(4490), EPSG(4545), EPSG(4524)]);
      expect(c.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    }
    expect((await (await get('/ogc/conformance')).json()).conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
  });

  it('crs=EPSG:4545: every coordinate equals proj4’s (northing, easting) to 1 mm, with Content-Crs', async () => {
    const res = await get(`/ogc/collections/parcels/items?limit=10000&crs=${encodeURIComponent(EPSG(4545))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Crs')).toBe(`<${EPSG(4545)}>`);
    const projected = (await res.json()) as FeatureCollection;
    expect(projected.features.map((f) => f.id)).toEqual(crs84.features.map((f) => f.id));
    const forward = proj4(LONLAT, DEF_4545);
    let checked = 0;
    let worstMeters = 0;
    projected.features.forEach((f, i) => {
      const served = positions((f.geometry as Polygon).coordinates);
      const source = positions((crs84.features[i]!.geometry as Polygon).coordinates);
      expect(served.length).toBe(source.length);
      source.forEach((p, j) => {
        const [e, n] = forward.forward([p[0]!, p[1]!]);
        worstMeters = Math.max(worstMeters, Math.abs(served[j]![0]! - n!), Math.abs(served[j]![1]! - e!));
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(100);
    expect(worstMeters).toBeLessThan(0.001);
    // Northing first: ~3.2 million m north of the equator, easting near the 500 km false easting.
    const first = positions((projected.features[0]!.geometry as Polygon).coordinates)[0]!;
    expect(first[0]).toBeGreaterThan(3_000_000);
    expect(first[1]).toBeGreaterThan(300_000);
    expect(first[1]).toBeLessThan(700_000);
  });

  it('crs=EPSG:4524 is the same plane with the zone number in the easting', async () => {
    const projected = (await (await get(`/ogc/collections/parcels/items?limit=5&crs=EPSG:4524`)).json()) as FeatureCollection;
    const forward = proj4(LONLAT, DEF_4524);
    projected.features.forEach((f, i) => {
      const p = positions((crs84.features[i]!.geometry as Polygon).coordinates)[0]!;
      const [e, n] = forward.forward([p[0]!, p[1]!]);
      const served = positions((f.geometry as Polygon).coordinates)[0]!;
      expect(Math.abs(served[0]! - n!)).toBeLessThan(0.001);
      expect(Math.abs(served[1]! - e!)).toBeLessThan(0.001);
      expect(served[1]).toBeGreaterThan(36_000_000);
    });
  });

  it('crs=EPSG:4490 is latitude, longitude', async () => {
    const res = await get(`/ogc/collections/parcels/items/${crs84.features[0]!.id}?crs=${encodeURIComponent(EPSG(4490))}`);
    expect(res.headers.get('Content-Crs')).toBe(`<${EPSG(4490)}>`);
    const f = (await res.json()) as Feature;
    const served = positions((f.geometry as Polygon).coordinates);
    const source = positions((crs84.features[0]!.geometry as Polygon).coordinates);
    served.forEach((p, j) => expect(p).toEqual([source[j]![1], source[j]![0]]));
  });

  it('bbox-crs=EPSG:4545 takes the box in northing, easting order', async () => {
    const target = crs84.features[3]!;
    const forward = proj4(LONLAT, DEF_4545);
    const ne = positions((target.geometry as Polygon).coordinates).map((p) => forward.forward([p[0]!, p[1]!])).map(([e, n]) => [n!, e!]);
    const box = [Math.min(...ne.map((p) => p[0]!)), Math.min(...ne.map((p) => p[1]!)), Math.max(...ne.map((p) => p[0]!)), Math.max(...ne.map((p) => p[1]!))];
    const res = await get(`/ogc/collections/parcels/items?bbox=${box.join(',')}&bbox-crs=${encodeURIComponent(EPSG(4545))}`);
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as FeatureCollection).features.map((f) => f.id);
    expect(ids).toContain(target.id);
    expect(ids.length).toBeLessThan(crs84.features.length);
    const swapped = await get(`/ogc/collections/parcels/items?bbox=${[box[1], box[0], box[3], box[2]].join(',')}&bbox-crs=EPSG:4545`);
    expect(((await swapped.json()) as FeatureCollection).features.map((f) => f.id)).not.toContain(target.id);
  });

  it.each(['EPSG:3857', 'http://www.opengis.net/def/crs/EPSG/0/4326', 'nonsense'])('crs=%s is refused with 400 naming the offered ones', async (crs) => {
    const res = await get(`/ogc/collections/parcels/items?crs=${encodeURIComponent(crs)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain(EPSG(4545));
    expect((await get(`/ogc/collections/parcels/items?bbox=0,0,1,1&bbox-crs=${encodeURIComponent(crs)}`)).status).toBe(400);
  });

  it('a write with Content-Crs EPSG:4545 (northing, easting at 6 decimals, as QGIS sends) is stored in CRS84', async () => {
    const layers = await loadSeedLayers(get);
    const spot = emptySpotInZone(layers, 'A2');
    const forward = proj4(LONLAT, DEF_4545);
    const ring = spot.coordinates[0]!.map((p) => forward.forward([p[0]!, p[1]!])).map(([e, n]) => [Number(n!.toFixed(6)), Number(e!.toFixed(6))]);
    const res = await app.request(`${BASE}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/geo+json', 'Content-Crs': EPSG(4545), 'User-Agent': 'Mozilla/5.0 QGIS/33400/Debian GNU/Linux 12 (bookworm)' },
      body: JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { name: '投影坐标地块', landUseCode: '100102', status: 'planned' } }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await res.json()) as Feature;
    const back = positions((stored.geometry as Polygon).coordinates);
    spot.coordinates[0]!.forEach((p, j) => {
      expect(Math.abs(back[j]![0]! - p[0]!)).toBeLessThan(1e-8);
      expect(Math.abs(back[j]![1]! - p[1]!)).toBeLessThan(1e-8);
    });
    const bad = await app.request(`${BASE}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/geo+json', 'Content-Crs': '<http://www.opengis.net/def/crs/EPSG/0/3857>' },
      body: JSON.stringify({ type: 'Feature', geometry: spot, properties: { name: 'x', landUseCode: '100102', status: 'planned' } }),
    });
    expect(bad.status).toBe(400);
  });
});
