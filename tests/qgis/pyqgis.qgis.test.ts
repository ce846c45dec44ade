/**
 * QGIS itself reads the ledger: Debian's QGIS (3.22 on bookworm) loads every
 * collection through its OAPIF provider, headless, from a real server
 * (scripts/qgis/oapif_read.py), and what QGIS made of the parcels must agree
 * with what the API serves — feature counts, a MultiPolygon kept as one
 * (two-part) feature, Chinese names intact, zone membership through the flat
 * zoneCodes text, and QGIS's own ellipsoidal area on CGCS2000 within 1 ppm of
 * the ledger's official area.
 *
 * Registered only where PyQGIS is installed (vitest.config.ts project
 * `qgis`; `npm run test:qgis`); elsewhere the run says it is not registered.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { createApp } from '../../server/app';
import { listen, type RunningServer } from '../support/httpServer';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const run = promisify(execFile);
const SCRIPT = 'scripts/qgis/oapif_read.py';

interface QgisRead {
  qgisVersion: string;
  valid: boolean;
  error?: string;
  layerGeometryType: string;
  featureCount: number;
  fields: { name: string; type: string }[];
  features: { fid: number; name: string | null; zoneCodes: string | null; zonesRead: boolean | null; geometryType: string; parts: number; ellipsoidalAreaSquareMeters: number | null }[];
}

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

async function qgisRead(collection: string): Promise<QgisRead> {
  const { stdout } = await run('/usr/bin/python3', [SCRIPT, `${server.url}/ogc`, collection], {
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: '/tmp' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as QgisRead;
}

async function served(collection: string): Promise<FeatureCollection & { numberMatched: number }> {
  return (await fetch(`${server.url}/ogc/collections/${collection}/items?limit=10000`)).json();
}

describe('PyQGIS (OAPIF provider) reads the ledger as the API serves it', () => {
  it('every collection loads with the served feature count', async () => {
    for (const collection of ['zones', 'parcels', 'energy_stations', 'energy_lines', 'constraints']) {
      const [read, api] = await Promise.all([qgisRead(collection), served(collection)]);
      expect(read.valid, `${collection}: ${read.error ?? ''}`).toBe(true);
      expect(read.featureCount, collection).toBe(api.numberMatched);
      expect(read.features.length, collection).toBe(api.numberMatched);
    }
  }, 300_000);

  it('parcels: names in Chinese, the MultiPolygon, zone codes and the ellipsoidal area', async () => {
    const [read, api] = await Promise.all([qgisRead('parcels'), served('parcels')]);
    expect(read.valid, read.error).toBe(true);
    console.log(`QGIS ${read.qgisVersion}: parcels layer typed ${read.layerGeometryType}, ${read.featureCount} features`);
    const byName = new Map(read.features.map((f) => [f.name, f]));
    // Names are unique in the seed, so they pair QGIS's features with the served ones (QGIS 3.22 exposes no served id).
    expect(byName.size).toBe(api.features.length);
    let multi = 0;
    let worstPpm = 0;
    for (const f of api.features as Feature<MultiPolygon, Record<string, any>>[]) {
      const q = byName.get(f.properties.name);
      expect(q, `QGIS lost or garbled "${f.properties.name}"`).toBeDefined();
      expect(q!.geometryType).toBe(f.geometry.type);
      if (f.geometry.type === 'MultiPolygon') {
        multi += 1;
        expect(q!.parts).toBe(f.geometry.coordinates.length);
      }
      expect(q!.zoneCodes).toBe(f.properties.zoneCodes);
      const ppm = (Math.abs(q!.ellipsoidalAreaSquareMeters! - f.properties.areaSquareMeters) / f.properties.areaSquareMeters) * 1e6;
      worstPpm = Math.max(worstPpm, ppm);
    }
    expect(multi).toBeGreaterThan(0);
    expect(worstPpm).toBeLessThan(1);
    expect(api.features.some((f) => /[\u4e00-\u9fff]/.test(String(f.properties!.name)))).toBe(true);
    console.log(`QGIS ellipsoidal area vs the ledger: worst ${worstPpm.toFixed(3)} ppm over ${api.features.length} parcels; ${multi} MultiPolygon kept whole`);
  }, 300_000);
});
