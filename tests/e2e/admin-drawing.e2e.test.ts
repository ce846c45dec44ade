/**
 * Admin drawing in a real browser against a freshly seeded server: an admin
 * signs in, draws a new zone around an empty area with the parcel drawing
 * tools (it is stored under its code), places an energy station with a
 * click and then edits its status (version 2), and raises one row of the
 * intensity table, after which the Energy tab's total demand is the
 * server's new figure, grown by exactly that row's parcels × the increase.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Polygon, Position } from 'geojson';
import { areaSquareMeters } from '../../domain/area';
import type { IndustryChain } from '../../domain/parcel.schema';
import { demandIntensityFor } from '../../domain/siting/demand';
import type { DemandIntensity } from '../../domain/siting/demandIntensities';
import { squareMetersToMu } from '../../domain/units';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { undoAndRedoFirstShape } from './toolbarUndo';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { centreOf, frame, openApp, signIn, toPagePixels } from './page';

const ADMIN: TestUser = Object.freeze({ username: 'zone-admin', password: 'long enough passphrase 42', role: 'admin' });

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let layers: SeedLayers;
let zoneSpot: Polygon;
let stationSpot: Polygon;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [ADMIN] });
  layers = await loadSeedLayers((path) => fetch(`${server!.url}${path}`));
  // Two distinct empty places: a ~200 m square for the zone, a small one for the station.
  zoneSpot = emptySpotInZone(layers, 'A2', 0.002);
  layers.parcels.features.push({ type: 'Feature', id: 'reserved-zone', geometry: zoneSpot, properties: { name: 'reserved' } });
  stationSpot = emptySpotInZone(layers, 'A2', 0.0005);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const getJson = async (path: string) => {
  const response = await fetch(`${server!.url}${path}`);
  return { status: response.status, etag: response.headers.get('ETag'), body: (await response.json()) as any };
};

async function openSignedIn(page: Page): Promise<void> {
  await openApp(page, server!.url);
  await signIn(page, ADMIN);
}




async function clickAt(page: Page, lonLat: Position): Promise<{ x: number; y: number }> {
  const p = await toPagePixels(page, lonLat);
  await page.mouse.move(p.x, p.y, { steps: 4 });
  await page.mouse.click(p.x, p.y);
  await page.waitForTimeout(120);
  return p;
}

describe('admin drawing (browser)', () => {
  it('draws a new zone around an empty area; the zone is stored under its code', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openSignedIn(page);
      await page.locator('[data-tab="review"]').click();
      await page.locator('[data-testid="zone-draw-new"]').click();
      await page.locator('[data-testid="sketch-kind"][data-kind="zone"]').waitFor();
      await page.locator('[data-tool="polygon"][aria-pressed="true"]').waitFor();
      // Snapping off so the corners are exactly where the test clicks.
      await page.locator('[data-testid="snap-toggle"]').click();

      const centre = centreOf(zoneSpot);
      await frame(page, centre, 16);
      const corners = zoneSpot.coordinates[0]!.slice(0, 4).map(([lon, lat]) => [centre[0]! + (lon! - centre[0]!) * 0.8, centre[1]! + (lat! - centre[1]!) * 0.8]);
      for (const corner of corners) await clickAt(page, corner);
      await clickAt(page, corners[0]!);
      await page.locator('[data-tool="select"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
      const drawnArea = Number(await page.locator('[data-testid="running-area"]').getAttribute('data-area-m2'));
      expect(drawnArea).toBeGreaterThan(10_000);
      // The same toolbar undo and redo work on a sketch (one undo stack for both drawing sessions).
      await undoAndRedoFirstShape(page, drawnArea);

      const form = page.locator('[data-testid="zone-draw-form"]');
      await form.locator('[data-field="zone-code"]').fill('T9');
      await form.locator('[data-field="zone-name-zh"]').fill('测试绘制片区');
      await form.locator('[data-field="zone-name-en"]').fill('Drawn test zone');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/ogc/collections/zones/items') && r.request().method() === 'POST'),
        page.locator('[data-testid="zone-draw-save"]').click(),
      ]);
      expect(response.status()).toBe(201);
      await page.locator('[data-testid="zone-draw-saved"]').waitFor({ timeout: 15_000 });

      const stored = await getJson('/ogc/collections/zones/items/T9');
      expect(stored.status).toBe(200);
      expect(stored.etag).toBe('"zones-T9-v1"');
      expect(stored.body.properties).toMatchObject({ code: 'T9', nameZh: '测试绘制片区', nameEn: 'Drawn test zone', kind: 'other' });
      expect(Math.abs(areaSquareMeters(stored.body.geometry) - drawnArea) / drawnArea).toBeLessThan(1e-6);
      // The sketch is closed and the new zone is on the map's data.
      expect(await page.locator('[data-testid="sketch-kind"]').count()).toBe(0);
      await page.locator('[data-testid="zone-redraw-select"] option[value="T9"]').waitFor({ state: 'attached' });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('places a station with a click, then edits its status to version 2', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openSignedIn(page);
      await page.locator('[data-tab="energy"]').click();
      await page.locator('[data-testid="energy-new-station"]').click();
      await page.locator('[data-tool="point"][aria-pressed="true"]').waitFor();

      const at = centreOf(stationSpot);
      await frame(page, at, 16);
      await clickAt(page, at);
      await page.locator('[data-tool="select"][aria-pressed="true"]').waitFor({ timeout: 10_000 });

      const form = page.locator('[data-testid="energy-form"][data-mode="new"]');
      await form.locator('[data-field="name"]').fill('黑山综合能源站（测试）');
      await form.locator('[data-field="capacityMW"]').fill('18');
      await form.locator('[data-field="serviceRadiusMeters"]').fill('2000');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/ogc/collections/energy_stations/items') && r.request().method() === 'POST'),
        page.locator('[data-testid="energy-save"]').click(),
      ]);
      expect(created.status()).toBe(201);
      const id = String(((await created.json()) as { id: number }).id);

      const list = await getJson('/ogc/collections/energy_stations/items?limit=1000');
      const station = list.body.features.find((f: any) => String(f.id) === id);
      expect(station.properties).toMatchObject({ name: '黑山综合能源站（测试）', kind: 'cchp', status: 'planned', capacityMW: 18, serviceRadiusMeters: 2000 });
      expect(station.geometry.coordinates[0]).toBeCloseTo(at[0]!, 5);
      expect(station.geometry.coordinates[1]).toBeCloseTo(at[1]!, 5);

      // The new station is selected; edit its status from its details.
      await page.locator('[data-testid="station-edit"]').click();
      const edit = page.locator(`[data-testid="energy-form"][data-mode="edit"]`);
      await edit.locator('[data-field="name"]').waitFor();
      expect(await edit.locator('[data-field="name"]').inputValue()).toBe('黑山综合能源站（测试）');
      await edit.locator('[data-field="status"]').selectOption('under_construction');
      const [patched] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/ogc/collections/energy_stations/items/${id}`) && r.request().method() === 'PATCH'),
        page.locator('[data-testid="energy-save"]').click(),
      ]);
      expect(patched.status()).toBe(200);
      await page.locator(`[data-testid="energy-notice"][data-id="${id}"][data-version="2"]`).waitFor({ timeout: 10_000 });

      const after = await getJson(`/ogc/collections/energy_stations/items/${id}`);
      expect(after.etag).toBe(`"energy_stations-${id}-v2"`);
      expect(after.body.properties).toMatchObject({ status: 'under_construction', capacityMW: 18, serviceRadiusMeters: 2000 });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('raises one intensity row; the Energy tab’s total demand becomes the server’s new figure', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const before = (await getJson('/api/energy/demand?includePipeline=true')).body as {
      totalKilowatts: number;
      parcels: { origin: string; industryChain: IndustryChain | null; landUseCode: string; areaSquareMeters: number }[];
    };
    const table = (await getJson('/api/energy/intensities')).body.intensities as DemandIntensity[];
    // The row behind the largest estimated parcel, found as the server finds it.
    const estimated = before.parcels.filter((p) => p.origin === 'estimated').sort((a, b) => b.areaSquareMeters - a.areaSquareMeters);
    const row = demandIntensityFor(estimated[0]!.industryChain, estimated[0]!.landUseCode, table);
    const usesRow = estimated.filter((p) => demandIntensityFor(p.industryChain, p.landUseCode, table) === row);
    const raiseKilowattsPerMu = 100;
    const expectedDelta = usesRow.reduce((sum, p) => sum + squareMetersToMu(p.areaSquareMeters) * raiseKilowattsPerMu, 0);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openSignedIn(page);
      await page.locator('[data-tab="energy"]').click();
      const total = page.locator('[data-testid="demand-summary"] [data-field="total-kw"]');
      await total.waitFor({ timeout: 30_000 });
      expect(Number(await total.getAttribute('data-total-kw'))).toBeCloseTo(before.totalKilowatts, 6);

      await page.locator('[data-testid="intensity-editor"] summary').click();
      const rowLocator = page.locator(`[data-testid="intensity-row"][data-chain="${row.industryChain ?? ''}"][data-class="${row.landUseClass ?? ''}"]`);
      await rowLocator.waitFor({ timeout: 15_000 });
      expect(await rowLocator.locator('[data-field="origin"]').getAttribute('data-origin')).toBe('assumption');
      await rowLocator.locator('[data-field="heat"]').fill(String(row.heatCoolingKilowattsPerMu + raiseKilowattsPerMu));
      await rowLocator.locator('[data-field="source"]').fill('园区能源专项规划（测试）');
      expect(await rowLocator.locator('[data-field="origin"]').getAttribute('data-origin')).toBe('source');

      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/energy/intensities') && r.request().method() === 'PUT'),
        page.locator('[data-testid="intensity-save"]').click(),
      ]);
      expect(saved.status()).toBe(200);
      await page.locator('[data-testid="intensity-saved"][data-version="1"]').waitFor({ timeout: 10_000 });

      const after = (await getJson('/api/energy/demand?includePipeline=true')).body as { totalKilowatts: number; intensityTable: string };
      expect(after.intensityTable).toBe('admin');
      expect(after.totalKilowatts - before.totalKilowatts).toBeCloseTo(expectedDelta, 3);
      await page.waitForFunction(
        (expected) => Math.abs(Number(document.querySelector('[data-testid="demand-summary"] [data-field="total-kw"]')?.getAttribute('data-total-kw')) - expected) < 1e-6,
        after.totalKilowatts,
        { timeout: 15_000 },
      );
      await page.locator('[data-testid="intensity-notice"]').getByText(/管理员修改|edited by an admin/).waitFor();
    } finally {
      await context.close();
    }
  }, 180_000);
});
