/**
 * GDAL (ogr2ogr from Debian's gdal-bin) reads every export and sees what the
 * API serves: the same feature count, the same attributes, and areas that
 * agree with the API's areaSquareMeters to 1e-6 when computed by
 * domain/area.ts from the geometry GDAL read (projected exports reprojected
 * back to EPSG:4490 by GDAL/PROJ itself). The 国土 TXT has no GDAL driver;
 * its round trip is covered in exports.api.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { areaSquareMeters } from '../../domain/area';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { hasOgrinfo, skipWithout } from '../support/tools';
import { BASE } from '../support/importClient';

const skip = skipWithout('ogrinfo (gdal-bin)', hasOgrinfo());

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let dir: string;
let served: Map<number, Record<string, any>>;

beforeAll(async () => {
  if (skip) return;
  t = await createTestDatabase();
  app = createApp(t.db);
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-gdal-'));
  const all = await (await app.request(`${BASE}/api/exports?format=geojson`)).json();
  served = new Map(all.features.map((f: any) => [f.properties.id, f.properties]));
});
afterAll(async () => {
  if (skip) return;
  rmSync(dir, { recursive: true, force: true });
  await t.dispose();
});

const CASES: { format: string; crs?: string; file: string; source: (path: string) => string; args?: string[] }[] = [
  { format: 'geojson', file: 'parcels.geojson', source: (p) => p },
  { format: 'shp', file: 'parcels.zip', source: (p) => `/vsizip/${p}/parcels.shp` },
  { format: 'shp', crs: 'EPSG:4545', file: 'parcels-4545.zip', source: (p) => `/vsizip/${p}/parcels.shp` },
  { format: 'kml', file: 'parcels.kml', source: (p) => p },
  { format: 'csv', file: 'parcels.csv', source: (p) => p, args: ['-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-s_srs', 'EPSG:4490'] },
  { format: 'csv', crs: 'EPSG:4545', file: 'parcels-4545.csv', source: (p) => p, args: ['-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-s_srs', 'EPSG:4545'] },
];

describe.skipIf(skip)('GDAL reads every export', () => {
  for (const c of CASES) {
    it(`${c.format}${c.crs ? ` in ${c.crs}` : ''}: same count, attributes and areas`, async () => {
      const res = await app.request(`${BASE}/api/exports?format=${c.format}${c.crs ? `&crs=${c.crs}` : ''}`);
      expect(res.status).toBe(200);
      const input = join(dir, c.file);
      writeFileSync(input, new Uint8Array(await res.arrayBuffer()));
      const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', ...(c.args?.filter((a, i, all) => all[i - 1] === '-oo' || a === '-oo') ?? []), c.source(input)], { encoding: 'utf8' });
      expect(info).toContain(`Feature Count: ${served.size}`);
      const output = join(dir, `${c.file}.out.geojson`);
      execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4490', '-lco', 'COORDINATE_PRECISION=10', ...(c.args ?? []), output, c.source(input)], { stdio: 'pipe' });
      const read = JSON.parse(readFileSync(output, 'utf8'));
      expect(read.features).toHaveLength(served.size);
      for (const f of read.features) {
        const p = f.properties;
        // dBase and CSV give the id back as a number or text; KML as text.
        const api = served.get(Number(p.id ?? p.ID));
        expect(api, JSON.stringify(p)).toBeTruthy();
        // KML carries the name in <name>, which GDAL calls "Name".
        expect(p.name ?? p.NAME ?? p.Name).toBe(api!.name);
        expect(String(p.landUseCode ?? p.LANDUSE)).toBe(api!.landUseCode);
        expect(p.status ?? p.STATUS).toBe(api!.status);
        const area = areaSquareMeters(f.geometry);
        expect(Math.abs(area / api!.areaSquareMeters - 1), `parcel ${api!.id}`).toBeLessThan(1e-6);
      }
    });
  }
});
