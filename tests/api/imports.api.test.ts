/**
 * POST /api/imports and /api/imports/{id}/commit over a fresh seeded
 * database: previews validated by the save rules, the 国土 TXT in GBK with a
 * hole and zone-prefixed coordinates, a shapefile in EPSG:4545, bad files
 * refused with a reason and nothing stored, atomic commits, remembered
 * field mappings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync, Zip, ZipDeflate } from 'fflate';
import iconv from 'iconv-lite';
import type { Feature, Polygon } from 'geojson';
import { areaSquareMeters } from '../../domain/area';
import { writeShapefileZip, writeShapefileParts } from '../../domain/io/shapefile';
import { encodeTxt, writeTxt } from '../../domain/io/txt';
import { writeCsv } from '../../domain/io/csv';
import type { ImportedFeature } from '../../domain/io/importResult';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, squareAt, type SeedLayers } from '../support/places';
import { BASE, commit, featureCollection, rowCounts, upload, vertexDistanceMeters } from '../support/importClient';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;
const spots: Polygon[] = [];
let nextSpot = 0;
const freshSpot = (): Polygon => {
  const spot = spots[nextSpot++];
  if (!spot) throw new Error('reserve more empty spots in beforeAll');
  return spot;
};

const get = async (path: string) => app.request(`${BASE}${path}`);

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers((p) => get(p));
  for (let i = 0; i < 17; i++) {
    const spot = emptySpotInZone(layers, 'A2', 0.001);
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => t.dispose());

const parcelProps = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: '测试企业' });
const feature = (geometry: Polygon, name: string): Feature<Polygon> => ({ type: 'Feature', geometry, properties: parcelProps(name) });

/** The spot with a square hole in its middle (a third of its side). */
function withHole(spot: Polygon): Polygon {
  const ring = spot.coordinates[0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const h = (x1 - x0) / 6;
  // Clockwise hole (RFC 7946).
  return { type: 'Polygon', coordinates: [ring, [[cx - h, cy - h], [cx - h, cy + h], [cx + h, cy + h], [cx + h, cy - h], [cx - h, cy - h]]] };
}

describe('preview', () => {
  it('validates each feature by the save rules: 2 valid, 1 overlapping an existing parcel (zh/en); nothing written', async () => {
    const existing = layers.parcels.features.find((f) => typeof f.id === 'number')!;
    const before = await rowCounts(t.db);
    const file = featureCollection([feature(freshSpot(), '导入一'), feature(freshSpot(), '导入二'), { type: 'Feature', geometry: existing.geometry, properties: parcelProps('重叠') }]);
    const res = await upload(app, auth.editor, 'parcels.geojson', file);
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview).toMatchObject({ format: 'geojson', crs: 'EPSG:4490', crsConfidence: expect.any(String), crsReason: expect.any(String) });
    expect(preview.features.map((f: any) => f.validation.valid)).toEqual([true, true, false]);
    const overlap = preview.features[2].validation.errors[0];
    expect(overlap).toMatchObject({ code: 'OVERLAPS_PARCEL', otherId: existing.id });
    expect(overlap.messageZh).toContain('重叠');
    expect(overlap.messageEn).toContain('Overlaps');
    expect(preview.features[0].geometry.type).toBe('Polygon');
    expect(preview.suggestedMapping).toMatchObject({ name: 'name', landUseCode: 'landUseCode', status: 'status' });
    const after = await rowCounts(t.db);
    expect(after.parcels).toBe(before.parcels);
    expect(after.imports).toBe(before.imports + 1);
  });

  it('flags features of one file that overlap each other', async () => {
    const spot = freshSpot();
    const res = await upload(app, auth.editor, 'twice.geojson', featureCollection([feature(spot, 'a'), feature(spot, 'b')]));
    const preview = await res.json();
    expect(preview.features.map((f: any) => f.validation.errors[0]?.code)).toEqual(['OVERLAPS_PARCEL', 'OVERLAPS_PARCEL']);
  });

  it('shows a feature with invalid geometry with its reason instead of refusing the file; commit takes the valid ones', async () => {
    // The last reserved spot, so the other tests keep the spots they always had.
    const spot = spots.pop()!;
    const [x0, y0] = spot.coordinates[0]![0] as [number, number];
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[x0 + 0.01, y0], [x0 + 0.011, y0 + 0.001], [x0 + 0.011, y0], [x0 + 0.01, y0 + 0.001], [x0 + 0.01, y0]]] };
    const before = await rowCounts(t.db);
    const res = await upload(app, auth.editor, 'mixed.geojson', featureCollection([feature(bowtie, '自相交'), feature(spot, '有效')]));
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview.features.map((f: any) => f.validation.valid)).toEqual([false, true]);
    expect(preview.features[0].validation.errors[0]).toMatchObject({ code: 'SELF_INTERSECTION' });
    expect(preview.features[0].validation.errors[0].messageZh).toContain('自相交');
    const committed = await commit(app, auth.editor, preview.id, {});
    expect(committed.status).toBe(201);
    const after = await rowCounts(t.db);
    expect(after.parcels).toBe(before.parcels + 1);
  });

  it('warns outside the zones and the urban boundary', async () => {
    const res = await upload(app, auth.editor, 'far.geojson', featureCollection([feature(squareAt(107.3, 29.3), '边界外')]));
    const preview = await res.json();
    expect(preview.features[0].validation.valid).toBe(true);
    expect(preview.features[0].validation.warnings.map((w: any) => w.code).sort()).toEqual(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']);
  });

  it('needs an editor: 401 anonymous, 403 viewer', async () => {
    const file = featureCollection([feature(squareAt(107.3, 29.3), 'x')]);
    const anonymous = new FormData();
    anonymous.append('file', new File([file], 'a.geojson'));
    expect((await app.request(`${BASE}/api/imports`, { method: 'POST', body: anonymous })).status).toBe(401);
    expect((await upload(app, auth.viewer, 'a.geojson', file)).status).toBe(403);
  });

  it('415 for a JSON body, 400 without a file', async () => {
    const json = await app.request(`${BASE}/api/imports`, { method: 'POST', headers: { Authorization: auth.editor, 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('other', 'x');
    expect((await app.request(`${BASE}/api/imports`, { method: 'POST', headers: { Authorization: auth.editor }, body: form })).status).toBe(400);
  });

  it('takes uploads above the 5 MB JSON limit (own limit), and refuses above its own', async () => {
    const spot = freshSpot();
    const padded = JSON.stringify({ type: 'FeatureCollection', features: [{ ...feature(spot, '大文件'), properties: { ...parcelProps('大文件'), notes: 'x'.repeat(1000), padding: 'p'.repeat(6 * 1024 * 1024) } }] });
    const res = await upload(app, auth.editor, 'big.geojson', padded);
    expect(res.status).toBe(201);
    const small = createApp(t.db, { maxImportBytes: 1000 });
    const refused = await upload(small, auth.editor, 'big.geojson', padded);
    expect(refused.status).toBe(413);
    expect((await refused.json()).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('the land bureau TXT', () => {
  it('reads GBK with a hole and zone-prefixed coordinates, and reports stated vs computed area', async () => {
    const geometry = withHole(freshSpot());
    const text = writeTxt([{ type: 'Feature', geometry, properties: { parcelCode: 'DK-01', name: '界址地块', landUseCode: '1001', landUseDescription: '工业用地' } }], { crs: 'EPSG:4524', producedOn: '2025-01-01' });
    // State an area 2% above the computed one, as a plane-area survey might.
    const computedHa = areaSquareMeters(geometry) / 10_000;
    const stated = text.replace(/^(\d+),([\d.]+),DK-01/m, (_m, n) => `${n},${(computedHa * 1.02).toFixed(4)},DK-01`);
    const bytes = encodeTxt(stated, 'gbk');
    expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes)).not.toContain('界址地块'); // really GBK
    expect(stated).toMatch(/J1,1,\d{7}\.\d{3},36\d{6}\.\d{3}/); // Y (easting) carries zone 36
    const res = await upload(app, auth.editor, '界址点.txt', bytes);
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview).toMatchObject({ format: 'txt', crs: 'EPSG:4524', crsConfidence: 'declared', encoding: 'gbk' });
    const f = preview.features[0];
    expect(f.geometry.coordinates).toHaveLength(2);
    expect(vertexDistanceMeters(f.geometry, geometry)).toBeLessThan(0.001);
    expect(f.properties).toMatchObject({ parcelCode: 'DK-01', name: '界址地块', landUseCode: '1001' });
    expect(f.properties.areaDifferenceRelative).toBeCloseTo(1 / 1.02 - 1, 4);
    expect(f.validation.warnings.map((w: any) => w.code)).toContain('AREA_DIFFERS');
    expect(f.validation.valid).toBe(true);
    // Commit with the default mapping: name and land-use code come from the file, status defaults to planned.
    const done = await commit(app, auth.editor, preview.id);
    expect(done.status).toBe(201);
    const { ids } = await done.json();
    const stored = await (await get(`/ogc/collections/parcels/items/${ids[0]}`)).json();
    expect(stored.properties).toMatchObject({ name: '界址地块', landUseCode: '1001', status: 'planned', illustrative: false });
    expect(stored.geometry.coordinates).toHaveLength(2);
    // Millimetre coordinates in the file: the area agrees to well under 1e-6.
    expect(Math.abs(stored.properties.areaSquareMeters / areaSquareMeters(geometry) - 1)).toBeLessThan(1e-6);
  });
});

describe('a shapefile in EPSG:4545 (3° zone 36, no prefix)', () => {
  it('is detected from its .prj, and its areas are the ellipsoidal areas of its features', async () => {
    const features: ImportedFeature[] = [freshSpot(), withHole(freshSpot())].map((g, i) => ({ type: 'Feature', geometry: g, properties: parcelProps(`投影${i}`) }));
    const zip = writeShapefileZip(features, { crs: 'EPSG:4545' }).zip;
    const res = await upload(app, auth.editor, 'gk36.zip', zip);
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview).toMatchObject({ format: 'shapefile', crs: 'EPSG:4545', crsConfidence: 'declared' });
    preview.features.forEach((f: any, i: number) => {
      const expected = areaSquareMeters(features[i]!.geometry);
      expect(Math.abs(f.areaSquareMeters - expected) / expected).toBeLessThan(1e-9);
      expect(vertexDistanceMeters(f.geometry, features[i]!.geometry)).toBeLessThan(0.001);
    });
  });

  it('the CRS can be overridden by the planner (form field crs)', async () => {
    const f: ImportedFeature = { type: 'Feature', geometry: squareAt(106.95, 28.95), properties: parcelProps('x') };
    const csv = writeCsv([f], { crs: 'EPSG:4545' });
    const detected = await (await upload(app, auth.editor, 'gk.csv', csv)).json();
    expect(detected).toMatchObject({ crs: 'EPSG:4545', crsConfidence: 'inferred' });
    const chosen = await (await upload(app, auth.editor, 'gk.csv', csv, { crs: 'EPSG:4545' })).json();
    expect(chosen).toMatchObject({ crs: 'EPSG:4545', crsConfidence: 'declared', crsReason: 'chosen by the user' });
    const bad = await upload(app, auth.editor, 'gk.csv', csv, { crs: 'EPSG:2385' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe('UNSUPPORTED_CRS');
  });
});

describe('bad files: 422 with the reason in Chinese and English, nothing stored', () => {
  function zipBomb(): Uint8Array {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, data) => {
      if (error) throw error;
      chunks.push(data);
    });
    const entry = new ZipDeflate('parcels.shp', { level: 9 });
    zip.add(entry);
    const megabyte = new Uint8Array(1 << 20);
    for (let i = 0; i < 300; i++) entry.push(megabyte, i === 299);
    zip.end();
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  const txt = () => writeTxt([{ type: 'Feature', geometry: squareAt(106.95, 28.95, 0.001), properties: { parcelCode: 'DK1', name: '地块' } }], { crs: 'EPSG:4524' });
  const geojson = () => featureCollection([feature(squareAt(106.95, 28.95), 'x')]);
  const parts = () => writeShapefileParts([{ type: 'Feature', geometry: squareAt(106.95, 28.95), properties: { name: 'x' } }]);

  const CASES: { label: string; file: () => [string, Uint8Array | string]; code: string }[] = [
    { label: 'a truncated TXT', file: () => ['cut.txt', encodeTxt(txt().split('\r\n').slice(0, 16).join('\r\n'), 'gbk')], code: 'TRUNCATED_FILE' },
    { label: 'a truncated GeoJSON', file: () => ['cut.geojson', geojson().slice(0, 100)], code: 'TRUNCATED_FILE' },
    { label: 'a TXT in UTF-16 without BOM (wrong encoding)', file: () => ['u16.txt', new Uint8Array(iconv.encode(txt(), 'utf16-le'))], code: 'BAD_ENCODING' },
    {
      label: 'a TXT with X and Y swapped',
      file: () => ['swap.txt', txt().replace(/^(J\d+,\d+),([\d.]+),([\d.]+)$/gm, '$1,$3,$2')],
      code: 'SWAPPED_AXES',
    },
    { label: 'a GeoJSON with latitude first', file: () => ['swap.geojson', geojson().replace(/\[(106\.\d+),(28\.\d+)\]/g, '[$2,$1]')], code: 'SWAPPED_AXES' },
    { label: 'a zip bomb', file: () => ['bomb.zip', zipBomb()], code: 'ARCHIVE_TOO_LARGE' },
    { label: 'a zip with ../ paths', file: () => ['evil.zip', zipSync({ '../../etc/a.shp': parts().shp, '../../etc/a.dbf': parts().dbf })], code: 'ARCHIVE_PATH_TRAVERSAL' },
    {
      label: 'too many features',
      file: () => ['many.geojson', featureCollection(Array.from({ length: 5001 }, (_, i) => feature(squareAt(106.9 + (i % 70) * 0.0003, 28.9 + Math.floor(i / 70) * 0.0003, 0.0001), `${i}`)))],
      code: 'TOO_MANY_FEATURES',
    },
    { label: 'a file of no known format', file: () => ['notes.bin', new Uint8Array([0, 1, 2, 3, 4, 5])], code: 'UNSUPPORTED_FORMAT' },
  ];

  for (const c of CASES) {
    it(c.label, async () => {
      const before = await rowCounts(t.db);
      const [name, bytes] = c.file();
      const res = await upload(app, auth.editor, name, bytes);
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.code).toBe(c.code);
      expect(body.messageZh).toBeTruthy();
      expect(body.messageEn).toBeTruthy();
      expect(await rowCounts(t.db)).toEqual(before);
    });
  }
});

describe('commit', () => {
  it('{} writes every valid feature in one go with history entries (create, by the user)', async () => {
    const existing = layers.parcels.features.find((f) => typeof f.id === 'number')!;
    const a = freshSpot();
    const b = freshSpot();
    const preview = await (await upload(app, auth.editor, 'two.geojson', featureCollection([feature(a, '提交一'), { type: 'Feature', geometry: existing.geometry, properties: parcelProps('重叠') }, feature(b, '提交二')]))).json();
    const before = await rowCounts(t.db);
    const res = await commit(app, auth.editor, preview.id);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.committed).toBe(2);
    const after = await rowCounts(t.db);
    expect(after.parcels - before.parcels).toBe(2);
    for (const id of body.ids) {
      const history = await (await get(`/api/parcels/${id}/history`)).json();
      expect(history.versions).toHaveLength(1);
      expect(history.versions[0]).toMatchObject({ action: 'create', username: 'editor' });
    }
    // A preview commits once.
    expect((await commit(app, auth.editor, preview.id)).status).toBe(409);
  });

  it('is atomic: a parcel saved between preview and commit over the 2nd feature → 422, zero rows written', async () => {
    const a = freshSpot();
    const b = freshSpot();
    const preview = await (await upload(app, auth.editor, 'race.geojson', featureCollection([feature(a, '原子一'), feature(b, '原子二')]))).json();
    expect(preview.features.every((f: any) => f.validation.valid)).toBe(true);
    const concurrent = await app.request(`${BASE}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: auth.admin },
      body: JSON.stringify(feature(b, '抢先保存')),
    });
    expect(concurrent.status).toBe(201);
    const before = await rowCounts(t.db);
    const res = await commit(app, auth.editor, preview.id);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', featureIndex: 1 });
    expect(body.errors[0].code).toBe('OVERLAPS_PARCEL');
    expect(body.messageZh).toBeTruthy();
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('warnings must be confirmed (confirmWarnings), as on a single save', async () => {
    const preview = await (await upload(app, auth.editor, 'far.geojson', featureCollection([feature(squareAt(107.31, 29.31), '边界外导入')]))).json();
    const before = await rowCounts(t.db);
    const refused = await commit(app, auth.editor, preview.id);
    expect(refused.status).toBe(422);
    expect((await refused.json()).code).toBe('WARNINGS_UNCONFIRMED');
    expect(await rowCounts(t.db)).toEqual(before);
    const ok = await commit(app, auth.editor, preview.id, { confirmWarnings: ['OUTSIDE_ZONES', 'OUTSIDE_URBAN_BOUNDARY'] });
    expect(ok.status).toBe(201);
  });

  it('invalid properties refuse the whole batch, naming the feature; defaults fill gaps', async () => {
    const noLandUse: Feature<Polygon> = { type: 'Feature', geometry: freshSpot(), properties: { name: '无地类' } };
    const preview = await (await upload(app, auth.editor, 'nolanduse.geojson', featureCollection([noLandUse]))).json();
    expect(preview.features[0].propertyIssues).toContain('landUseCode');
    const refused = await commit(app, auth.editor, preview.id);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'INVALID_PROPERTIES', featureIndex: 0 });
    const ok = await commit(app, auth.editor, preview.id, { defaults: { landUseCode: '1001', status: 'reserved' } });
    expect(ok.status).toBe(201);
    const stored = await (await get(`/ogc/collections/parcels/items/${(await ok.json()).ids[0]}`)).json();
    expect(stored.properties).toMatchObject({ name: '无地类', landUseCode: '1001', status: 'reserved' });
  });

  it('acceptedIndices picks features; unknown indices and bodies are refused', async () => {
    const preview = await (await upload(app, auth.editor, 'pick.geojson', featureCollection([feature(freshSpot(), '选中'), feature(freshSpot(), '未选')]))).json();
    expect((await commit(app, auth.editor, preview.id, { acceptedIndices: [7] })).status).toBe(422);
    expect((await commit(app, auth.editor, preview.id, { unknown: true })).status).toBe(400);
    expect((await commit(app, auth.viewer, preview.id, {})).status).toBe(403);
    // Another editor cannot commit someone else's preview.
    expect((await commit(app, auth.admin, preview.id, {})).status).toBe(404);
    const ok = await commit(app, auth.editor, preview.id, { acceptedIndices: [0] });
    expect((await ok.json()).committed).toBe(1);
  });

  it('remembers the field mapping per source and suggests it next time', async () => {
    const file = (spot: Polygon) => featureCollection([{ type: 'Feature', geometry: spot, properties: { 项目: '映射地块', DL: '1001', ZT: '储备' } }]);
    const first = await (await upload(app, auth.editor, 'survey-2024.geojson', file(freshSpot()))).json();
    expect(first.mappingRemembered).toBe(false);
    expect(first.suggestedMapping).toEqual({});
    const mapping = { 项目: 'name', DL: 'landUseCode', ZT: 'status' };
    const done = await commit(app, auth.editor, first.id, { mapping });
    expect(done.status).toBe(201);
    const stored = await (await get(`/ogc/collections/parcels/items/${(await done.json()).ids[0]}`)).json();
    expect(stored.properties).toMatchObject({ name: '映射地块', landUseCode: '1001', status: 'reserved' });
    const second = await (await upload(app, auth.editor, 'survey-2025.geojson', file(freshSpot()))).json();
    expect(second.mappingRemembered).toBe(true);
    expect(second.suggestedMapping).toEqual(mapping);
    expect(second.features[0].propertyIssues).toEqual([]);
  });
});
