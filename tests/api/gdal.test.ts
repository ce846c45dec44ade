/**
 * GDAL (Debian's gdal-bin) opens the service as an OAPIF data source — the
 * same driver QGIS uses — and sees every layer, the right feature counts and
 * the served attributes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { listen, type RunningServer } from '../support/httpServer';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { hasOgrinfo, skipWithout } from '../support/tools';
import { addUsers } from '../support/users';

const run = promisify(execFile);
const skip = skipWithout('ogrinfo (gdal-bin)', hasOgrinfo());

describe.skipIf(skip)('GDAL OAPIF reads the OGC API', () => {
  let t: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await listen(createApp(t.db));
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  const ogrinfo = async (...args: string[]) => (await run('ogrinfo', ['-ro', ...args], { timeout: 60_000 })).stdout;

  it('lists the five collections as layers with their geometry types', async () => {
    const out = await ogrinfo(`OAPIF:${server.url}/ogc`);
    expect(out).toMatch(/zones .*\(Polygon\)/);
    expect(out).toMatch(/parcels .*\(Polygon\)/);
    expect(out).toMatch(/energy_stations .*\(Point\)/);
    expect(out).toMatch(/energy_lines .*\(Line String\)/);
    expect(out).toMatch(/constraints .*\(Polygon\)/);
  });

  it('counts every parcel, following the paging links', async () => {
    const api = await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=1`)).json();
    // -al -so would use numberMatched; reading all features with a page size of 20 exercises the next links.
    const out = await ogrinfo('-oo', 'PAGE_SIZE=20', '-q', '-al', `OAPIF:${server.url}/ogc`, 'parcels');
    const features = out.match(/^OGRFeature\(parcels\):/gm) ?? [];
    expect(features.length).toBe(api.numberMatched);
    expect(api.numberMatched).toBeGreaterThanOrEqual(40);
  });

  it('reads the attributes the API serves, official area included', async () => {
    const feature = await (await fetch(`${server.url}/ogc/collections/parcels/items/3`)).json();
    const out = await ogrinfo('-q', `OAPIF:${server.url}/ogc`, 'parcels', '-fid', '3');
    expect(out).toContain(`landUseCode (String) = ${feature.properties.landUseCode}`);
    expect(out).toContain(`status (String) = ${feature.properties.status}`);
    const area = Number(/areaSquareMeters \(Real\) = ([\d.]+)/.exec(out)![1]);
    expect(area).toBeCloseTo(feature.properties.areaSquareMeters, 6);
  });

  it('after a PATCH and a PUT (and a QGIS write that only warns), reads the new values, shape and version', async () => {
    const auth = await addUsers(t.db);
    const item = `${server.url}/ogc/collections/parcels/items/4`;
    const read = await fetch(item);
    const before = await read.json();
    const patched = await fetch(item, {
      method: 'PATCH',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/merge-patch+json', 'If-Match': read.headers.get('ETag')! },
      body: JSON.stringify({ properties: { notes: 'GDAL 读回', supplyYear: 2027 } }),
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    // A PUT moving the parcel outside every zone, sent the way QGIS sends it: no If-Match, no confirmation, the version it read.
    const moved = { type: 'Polygon', coordinates: [[[107.3, 29.3], [107.3005, 29.3], [107.3005, 29.3005], [107.3, 29.3005], [107.3, 29.3]]] };
    const put = await fetch(item, {
      method: 'PUT',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/geo+json', 'User-Agent': 'Mozilla/5.0 QGIS/33400/Debian GNU/Linux 12 (bookworm)' },
      body: JSON.stringify({ type: 'Feature', id: '4', geometry: moved, properties: { ...before.properties, notes: 'GDAL 读回', supplyYear: 2027, version: 2 } }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(put.headers.get('X-Accepted-Warnings')).toContain('OUTSIDE_ZONES');
    const served = await (await fetch(item)).json();
    const out = await ogrinfo('-q', `OAPIF:${server.url}/ogc`, 'parcels', '-fid', '4');
    expect(out).toContain('notes (String) = GDAL 读回');
    expect(out).toContain('supplyYear (Integer) = 2027');
    expect(out).toContain('version (Integer) = 3');
    expect(out).toContain('zoneCodes (String) = ');
    expect(out).toMatch(/POLYGON \(\(107\.3 29\.3,107\.3005 29\.3/);
    const area = Number(/areaSquareMeters \(Real\) = ([\d.]+)/.exec(out)![1]);
    expect(area).toBeCloseTo(served.properties.areaSquareMeters, 6);
    expect(area).not.toBeCloseTo(before.properties.areaSquareMeters, 0);
  });

  it('applies a bbox spatial filter', async () => {
    const bbox = [106.9, 28.95, 106.95, 28.99];
    const api = await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=10000&bbox=${bbox.join(',')}`)).json();
    const out = await ogrinfo('-q', '-al', '-spat', ...bbox.map(String), `OAPIF:${server.url}/ogc`, 'parcels');
    const ids = [...out.matchAll(/^OGRFeature\(parcels\):(\d+)/gm)].map((m) => Number(m[1]));
    expect(new Set(ids)).toEqual(new Set(api.features.map((f: any) => f.id)));
  });
});
