/**
 * GET /api/exports: scopes (all, selection, zone, target), formats and CRS,
 * file names, and round trips through the API for every format: import →
 * commit → export → import gives the same geometry within 1 mm and the same
 * attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { Feature, Polygon } from 'geojson';
import { attributeNames, defaultMapping, mapProperties } from '../../domain/io/fieldMapping';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { BASE, commit, featureCollection, upload, vertexDistanceMeters } from '../support/importClient';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;
let imported: Feature[] = [];
let ids: number[] = [];

const get = (path: string) => app.request(`${BASE}${path}`, { headers: { Authorization: auth.viewer } });

function withHole(spot: Polygon): Polygon {
  const ring = spot.coordinates[0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const h = (Math.max(...xs) - Math.min(...xs)) / 6;
  return { type: 'Polygon', coordinates: [ring, [[cx - h, cy - h], [cx - h, cy + h], [cx + h, cy + h], [cx + h, cy - h], [cx - h, cy - h]]] };
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
  const spots: Polygon[] = [];
  for (let i = 0; i < 2; i++) {
    const spot = emptySpotInZone(layers, 'A2', 0.001);
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
  imported = [
    {
      type: 'Feature',
      geometry: withHole(spots[0]!),
      properties: { name: '储能电芯三期，含"引号"', landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: '重庆某新能源有限公司', industryChain: 'new_energy', investmentYi: 12.5, outputYi: 30, factoryFloorSquareMeters: 42000, notes: '第一行\n第二行' },
    },
    { type: 'Feature', geometry: spots[1]!, properties: { name: '物流仓储地块', landUseCode: '1101', status: 'planned', supplyYear: null, enterprise: null, industryChain: 'logistics', investmentYi: null, outputYi: null, factoryFloorSquareMeters: null, notes: null } },
  ];
  const preview = await (await upload(app, auth.editor, 'roundtrip.geojson', featureCollection(imported))).json();
  const done = await commit(app, auth.editor, preview.id);
  expect(done.status).toBe(201);
  ids = (await done.json()).ids;
});
afterAll(async () => t.dispose());

/** The parcel properties a feature's attributes stand for, through the default mapping. */
function parcelFields(properties: Record<string, unknown>, only?: readonly string[]) {
  const mapped = parcelPropertiesSchema.parse(mapProperties(properties, defaultMapping(attributeNames([properties]))));
  return only ? Object.fromEntries(only.map((k) => [k, (mapped as Record<string, unknown>)[k]])) : mapped;
}

/** The TXT format separates fields with commas (either width) and ends records with @: a name's commas become 、, the rest spaces. */
const txtSafe = (p: Record<string, unknown>) => ({ ...p, name: String(p.name).replace(/[,，]/g, '、').replace(/[@\r\n]+/g, ' ') });

const ROUND_TRIPS: { format: string; crs?: string; extra?: string; fileName: string; only?: string[] }[] = [
  { format: 'geojson', fileName: 'a.geojson' },
  { format: 'shp', fileName: 'a.zip' },
  { format: 'shp', crs: 'EPSG:4545', fileName: 'a.zip' },
  { format: 'kml', fileName: 'a.kml' },
  { format: 'csv', fileName: 'a.csv' },
  { format: 'csv', crs: 'EPSG:4545', fileName: 'a.csv' },
  { format: 'txt', fileName: 'a.txt', only: ['name', 'landUseCode'] },
  { format: 'txt', crs: 'EPSG:4545', extra: '&encoding=utf-8', fileName: 'a.txt', only: ['name', 'landUseCode'] },
];

describe('round trips through the API: same geometry within 1 mm, same attributes', () => {
  for (const rt of ROUND_TRIPS) {
    it(`${rt.format}${rt.crs ? ` in ${rt.crs}` : ''}`, async () => {
      const res = await get(`/api/exports?format=${rt.format}&ids=${ids.join(',')}${rt.crs ? `&crs=${rt.crs}` : ''}${rt.extra ?? ''}`);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const again = await upload(app, auth.editor, rt.fileName, bytes);
      expect(again.status).toBe(201);
      const preview = await again.json();
      if (rt.crs) expect(preview.crs).toBe(rt.crs);
      expect(preview.features).toHaveLength(imported.length);
      imported.forEach((feature, i) => {
        const original = rt.format === 'txt' ? { ...feature, properties: txtSafe(feature.properties!) } : feature;
        const back = preview.features.find((f: any) => f.properties.name === original.properties!.name);
        expect(back, `feature ${i}`).toBeTruthy();
        expect(vertexDistanceMeters(back.geometry, original.geometry as Polygon)).toBeLessThan(0.001);
        expect(parcelFields(back.properties, rt.only)).toEqual(parcelFields(original.properties!, rt.only));
        // The same parcel: matched by the id the export carries (the TXT's 地块编号), unchanged, no overlap.
        expect(back.match, `feature ${i}`).toMatchObject({ parcelId: ids[i], geometryChanged: false, areaChangeSquareMeters: 0 });
        // The TXT cannot carry a comma in a name (it becomes 、): that is the only change it may bring back.
        const changed = back.match.fieldChanges.map((c: any) => c.field);
        if (rt.format === 'txt') expect(changed.filter((f: string) => f !== 'name')).toEqual([]);
        else expect(back.match.kind).toBe('unchanged');
        expect(back.validation.valid).toBe(true);
      });
    });
  }
});

describe('scopes', () => {
  async function geojson(query: string) {
    const res = await get(`/api/exports?format=geojson${query}`);
    expect(res.status).toBe(200);
    return res.json();
  }

  it('all parcels by default, as RFC 7946 without styling or internals', async () => {
    const all = await geojson('');
    const count = (await (await get('/ogc/collections/parcels/items?limit=1')).json()).numberMatched;
    expect(all.features).toHaveLength(count);
    expect(all.crs).toBeUndefined();
    const keys = Object.keys(all.features[0].properties);
    expect(keys).toEqual(expect.arrayContaining(['id', 'name', 'landUseCode', 'status', 'areaSquareMeters', 'areaMu']));
    expect(keys).not.toEqual(expect.arrayContaining(['zoneCells']));
    expect(keys.some((k) => /fill|stroke/.test(k))).toBe(false);
  });

  it('a zone: the parcels with area in it', async () => {
    const zone = await geojson('&zone=A2');
    const expected = (await (await get('/ogc/collections/parcels/items?zone=A2&limit=10000')).json()).features.map((f: any) => f.id).sort();
    expect(zone.features.map((f: any) => f.properties.id).sort()).toEqual(expected);
  });

  it("a target's parcels: the drill-down's parcels", async () => {
    const target = await geojson('&target=wansheng-2023-2025:A2');
    const drill = await (await get('/api/plans/wansheng-2023-2025/targets/A2/parcels')).json();
    expect(target.features.map((f: any) => f.properties.id).sort()).toEqual(drill.parcels.map((p: any) => p.id).sort());
    expect(target.features.length).toBeGreaterThan(0);
  });

  it('a selection, with a file name saying so', async () => {
    const res = await get(`/api/exports?format=shp&crs=EPSG:4545&ids=${ids[0]}`);
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment; filename="land-ledger-parcels-selection-EPSG4545\.zip"; filename\*=UTF-8''/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['parcels.cpg', 'parcels.dbf', 'parcels.prj', 'parcels.shp', 'parcels.shx']);
    expect(new TextDecoder().decode(files['parcels.cpg'])).toBe('UTF-8');
    expect(new TextDecoder().decode(files['parcels.prj'])).toContain('CGCS2000_3_Degree_GK_CM_108E');
    expect(res.headers.get('X-Feature-Count')).toBe('1');
  });

  it('TXT in GBK by default', async () => {
    const res = await get(`/api/exports?format=txt&ids=${ids.join(',')}`);
    expect(res.headers.get('Content-Type')).toContain('GBK');
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk');
    expect(text).toContain('[地块坐标]');
    expect(text).toContain('带号=36');
  });

  it('refuses what cannot be written: 400 for a projected GeoJSON or a geographic TXT, 404 for unknown scopes', async () => {
    expect((await get('/api/exports?format=geojson&crs=EPSG:4545')).status).toBe(400);
    expect((await get('/api/exports?format=txt&crs=EPSG:4490')).status).toBe(400);
    expect((await get('/api/exports?format=dwg')).status).toBe(400);
    expect((await get('/api/exports?format=csv&crs=EPSG:9999')).status).toBe(400);
    expect((await get('/api/exports?zone=ZZ')).status).toBe(404);
    expect((await get('/api/exports?ids=99999999')).status).toBe(404);
    expect((await get('/api/exports?target=wansheng-2023-2025:NOPE')).status).toBe(404);
  });

  it('is open to anonymous readers like the rest of the read API', async () => {
    expect((await app.request(`${BASE}/api/exports?format=kml&ids=${ids[0]}`)).status).toBe(200);
  });
});
