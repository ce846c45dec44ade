/**
 * Importing and basemaps in a real browser against a freshly seeded server:
 * an editor uploads a GeoJSON of 2 parcels in empty parts of zone A2 and 1
 * overlapping an existing parcel; the preview lists 2 valid and 1 invalid
 * and draws them on the map; the commit adds the 2 and the dashboard's A2
 * row grows by exactly their area. Then the basemap: choosing OSM puts a
 * raster layer under the data, a blocked network falls back to the offline
 * map with a notice, and a reload keeps the choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Polygon } from 'geojson';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, securedValue, signIn } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'importer', password: 'long enough passphrase 43', role: 'editor' });

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let layers: SeedLayers;
const spots: Polygon[] = [];

/** A 1×1 transparent PNG, served for every OSM tile while the network is "up". */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  layers = await loadSeedLayers((path) => fetch(`${server!.url}${path}`));
  for (let i = 0; i < 2; i++) {
    const spot = emptySpotInZone(layers, 'A2', 0.001);
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});




const mapLayerIds = (page: Page) => page.evaluate(() => window.__landLedgerMap!.getStyle().layers.map((l) => l.id));

describe('import preview and commit (browser)', () => {
  it('previews 2 valid and 1 overlapping parcel, commits the 2, and the dashboard grows by their area', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server!.url);
      await signIn(page, EDITOR);
      const existing = layers.parcels.features.find((f) => typeof f.id === 'number')!;
      const properties = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, enterprise: '导入测试企业' });
      const file = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: spots[0], properties: properties('导入地块一') },
          { type: 'Feature', geometry: existing.geometry, properties: properties('与已有地块重叠') },
          { type: 'Feature', geometry: spots[1], properties: properties('导入地块二') },
        ],
      };
      const before = await securedValue(page, 'A2');

      await page.locator('[data-tab="importExport"]').click();
      await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'parcels.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
      await page.locator('[data-testid="import-counts"][data-valid="2"][data-invalid="1"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="import-feature"][data-valid="false"] [data-code="OVERLAPS_PARCEL"]').count()).toBe(1);
      expect(await page.locator('[data-testid="import-crs"]').getAttribute('data-crs')).toBe('EPSG:4490');
      const ids = await mapLayerIds(page);
      expect(ids).toContain('import-preview-fill');

      const [response] = await Promise.all([
        page.waitForResponse((r) => /\/api\/imports\/[^/]+\/commit$/.test(r.url())),
        page.locator('[data-testid="import-commit"]').click(),
      ]);
      expect(response.status()).toBe(201);
      const { ids: created } = (await response.json()) as { ids: number[] };
      expect(created).toHaveLength(2);
      await page.locator('[data-testid="import-done"]').waitFor();
      expect(await mapLayerIds(page)).not.toContain('import-preview-fill');

      let addedMu = 0;
      for (const id of created) {
        const stored = (await (await fetch(`${server.url}/ogc/collections/parcels/items/${id}`)).json()) as { properties: { areaMu: number } };
        addedMu += stored.properties.areaMu;
      }
      await page.waitForFunction(
        (expected) => Math.abs(Number(document.querySelector('[data-target="A2"]')?.getAttribute('data-secured-value')) - expected) < 1e-6,
        before + addedMu,
        { timeout: 15_000 },
      );
      expect(Math.abs((await securedValue(page, 'A2')) - before - addedMu)).toBeLessThan(1e-6);
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe('basemap switch (browser)', () => {
  it('OSM adds a raster layer under the data; a blocked network falls back with a notice; a reload keeps the choice', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    try {
      let networkUp = true;
      await context.route('https://tile.openstreetmap.org/**', (route) => (networkUp ? route.fulfill({ status: 200, contentType: 'image/png', body: PNG_1X1 }) : route.abort('internetdisconnected')));
      const page = await context.newPage();
      await openApp(page, server!.url);
      expect(await mapLayerIds(page)).not.toContain('basemap-raster');
      await page.locator('[data-testid="basemap-select"] option[value="osm"]').waitFor({ state: 'attached' });
      await page.locator('[data-testid="basemap-select"]').selectOption('osm');
      await page.waitForFunction(() => window.__landLedgerMap!.getStyle().layers.some((l) => l.id === 'basemap-raster'));
      const ids = await mapLayerIds(page);
      // Beneath every data layer: directly above the background.
      expect(ids.indexOf('basemap-raster')).toBe(ids.indexOf('background') + 1);
      await page.waitForTimeout(1000);
      expect(await page.locator('[data-testid="basemap-notice"]').count()).toBe(0);

      networkUp = false;
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      expect(await page.locator('[data-testid="basemap-select"]').inputValue()).toBe('osm');
      await page.locator('[data-testid="basemap-notice"]').waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => !window.__landLedgerMap!.getStyle().layers.some((l) => l.id === 'basemap-raster'));
      // The choice itself is kept; the fallback is for this failure only.
      expect(await page.evaluate(() => localStorage.getItem('landLedger.basemap'))).toBe('osm');
    } finally {
      await context.close();
    }
  }, 180_000);
});
