/**
 * An offline vector basemap in a real browser: the server's basemap folder
 * holds a vector PMTiles archive (a water body and land, made by
 * tests/support/pmtiles.ts); choosing it draws Land Ledger's quiet style
 * under the data layers, read through HTTP Range requests, with the water
 * where the archive has it and nowhere else, and no request leaving the host.
 * An admin names the archive in the basemap settings and the planners'
 * picker shows that name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { vectorPmtiles } from '../support/pmtiles';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { frame, openApp, signIn, toPagePixels } from './page';

const ADMIN: TestUser = Object.freeze({ username: 'gis-admin', password: 'long enough passphrase 9', role: 'admin' });

const BOUNDS: [number, number, number, number] = [106.88, 28.93, 106.98, 28.99];
/** The lake: the east part of the archive's extent. */
const LAKE = [106.94, 28.945, 106.975, 28.985] as const;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let dir = '';

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-e2e-basemap-'));
  const polygon = (w: number, s: number, e: number, n: number, kind: string): FeatureCollection => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { kind }, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } }],
  });
  writeFileSync(
    join(dir, 'district.pmtiles'),
    vectorPmtiles({ earth: polygon(BOUNDS[0], BOUNDS[1], BOUNDS[2], BOUNDS[3], 'earth'), water: polygon(LAKE[0], LAKE[1], LAKE[2], LAKE[3], 'lake') }, BOUNDS, 8, 14),
  );
  server = await startTestServer({ basemapDir: dir, users: [ADMIN] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('offline vector basemap (browser)', () => {
  it('draws the archive’s water and land under the data layers, from this server only', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    try {
      const page = await context.newPage();
      const offHost: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server!.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offHost.push(r.url());
      });
      await openApp(page, server.url);
      await page.locator('[data-testid="basemap-select"] option[value="pmtiles-district"]').waitFor({ state: 'attached' });
      expect(await page.locator('[data-testid="basemap-select"] option[value="pmtiles-district"]').textContent()).toContain('本地矢量底图');
      await page.locator('[data-testid="basemap-select"]').selectOption('pmtiles-district');
      await frame(page, [106.94, 28.965], 13);

      const ids = await page.evaluate(() => window.__landLedgerMap!.getStyle().layers.map((l) => l.id));
      const basemapIds = ids.filter((id) => id.startsWith('basemap-v-'));
      expect(basemapIds.length).toBeGreaterThan(5);
      // All of them between the background and the first data layer.
      expect(ids.slice(1, 1 + basemapIds.length)).toEqual(basemapIds);
      expect(await page.evaluate(() => window.__landLedgerMap!.getSource('basemap')!.type)).toBe('vector');

      const waterAt = async (lon: number, lat: number) => {
        const p = await toPagePixels(page, [lon, lat]);
        return page.evaluate(([x, y]) => {
          const map = window.__landLedgerMap!;
          const box = map.getCanvas().getBoundingClientRect();
          return map.queryRenderedFeatures([x! - box.left, y! - box.top], { layers: ['basemap-v-water', 'basemap-v-earth'] }).map((f) => f.layer.id);
        }, [p.x, p.y] as const);
      };
      await expect.poll(() => waterAt(106.96, 28.965), { timeout: 15_000 }).toContain('basemap-v-water');
      expect(await waterAt(106.91, 28.965)).toEqual(['basemap-v-earth']);
      expect(offHost).toEqual([]);

      // Back to no basemap: every basemap layer and the source go.
      await page.locator('[data-testid="basemap-select"]').selectOption('offline');
      await page.waitForFunction(() => !window.__landLedgerMap!.getStyle().layers.some((l) => l.id.startsWith('basemap-')));
      expect(await page.evaluate(() => window.__landLedgerMap!.getSource('basemap') === undefined)).toBe(true);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('an admin names the archive; the picker offers it under that name', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, ADMIN);
      await page.locator('[data-tab="importExport"]').click();
      const entry = page.locator('[data-testid="basemap-local"][data-file="district"]');
      await entry.waitFor({ timeout: 15_000 });
      expect(await entry.textContent()).toContain('district.pmtiles');
      await entry.locator('[data-field="local-name-zh"]').fill('万盛区县矢量底图');
      await entry.locator('[data-field="local-name-en"]').fill('Wansheng district (vector)');
      await page.locator('[data-testid="basemap-settings-save"]').click();
      await page.locator('[data-testid="basemap-settings-saved"]').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator('[data-testid="basemap-select"] option[value="pmtiles-district"]').textContent(), { timeout: 10_000 }).toContain('万盛区县矢量底图');
    } finally {
      await context.close();
    }
  }, 120_000);
});
