/**
 * Parcel labels and the hover tooltip in a real browser over a freshly seeded
 * server: a parcel's label is placed from zoom 15 and not below; the hover
 * tooltip shows its name, area in 亩 and enterprise; and a name written as
 * markup ("<b>…</b>") reads as typed in the tooltip, never as HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Feature, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import { squareMetersToMu } from '../../domain/units';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { frame, openApp, toPagePixels } from './page';
import { emptySpotInZone, loadSeedLayers } from '../support/places';

const EDITOR: TestUser = Object.freeze({ username: 'labeller', password: 'long enough passphrase 9', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer({ users: [EDITOR] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function parcel(id: number): Promise<Feature<Polygon>> {
  const response = await fetch(`${server!.url}/ogc/collections/parcels/items/${id}`);
  expect(response.ok).toBe(true);
  return (await response.json()) as Feature<Polygon>;
}

async function firstHit(q: string): Promise<number> {
  const response = await fetch(`${server!.url}/api/search?q=${encodeURIComponent(q)}`);
  return ((await response.json()) as { results: { id: number }[] }).results[0]!.id;
}

async function renderedLabelIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    window.__landLedgerMap!.queryRenderedFeatures(undefined, { layers: ['parcels-label'] }).map((f) => String(f.properties.llId)),
  );
}

describe('parcel labels and tooltip (browser)', () => {
  it('labels a parcel from zoom 15, with collision handling, and not at zoom 14', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      const target = await parcel(await firstHit('鱼田堡-13'));
      const inside = pointOnFeature(target).geometry.coordinates;

      await frame(page, inside, 17);
      expect(await renderedLabelIds(page)).toContain(String(target.id));
      expect(await page.evaluate(() => window.__landLedgerMap!.getLayoutProperty('parcels-label', 'text-allow-overlap'))).toBe(false);

      await frame(page, inside, 15);
      const atFifteen = await renderedLabelIds(page);
      expect(atFifteen.length).toBeGreaterThan(0);

      await frame(page, inside, 14);
      expect(await renderedLabelIds(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the hover tooltip shows name, area in 亩 and enterprise', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      const target = await parcel(await firstHit('鱼田堡-13'));
      const properties = target.properties as { name: string; enterprise: string; areaSquareMeters: number };
      const inside = pointOnFeature(target).geometry.coordinates;
      await frame(page, inside, 16);
      const at = await toPagePixels(page, inside);
      await page.mouse.move(at.x, at.y);
      await page.mouse.move(at.x + 1, at.y + 1);
      const tooltip = page.locator('[data-testid="parcel-tooltip"]');
      await tooltip.waitFor({ timeout: 10_000 });
      const text = (await tooltip.textContent())!;
      expect(text).toContain(properties.name);
      expect(text).toContain(properties.enterprise);
      expect(text).toContain(`${squareMetersToMu(properties.areaSquareMeters).toFixed(1)} 亩`);

      await page.mouse.move(5, 300);
      await tooltip.waitFor({ state: 'detached', timeout: 5_000 });
    } finally {
      await context.close();
    }
  });

  it('a name written as markup reads as typed', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const layers = await loadSeedLayers((p) => fetch(`${server!.url}${p}`));
    const spot = emptySpotInZone(layers, 'A2');
    const name = '<b>粗体</b><img src=x>地块';
    const created = await fetch(`${server.url}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
      body: JSON.stringify({ type: 'Feature', geometry: spot, properties: { name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 } }),
    });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      const inside = pointOnFeature(spot).geometry.coordinates;
      await frame(page, inside, 17);
      const at = await toPagePixels(page, inside);
      await page.mouse.move(at.x, at.y);
      await page.mouse.move(at.x + 1, at.y + 1);
      const tooltip = page.locator('[data-testid="parcel-tooltip"]');
      await tooltip.waitFor({ timeout: 10_000 });
      expect(await tooltip.locator('.ll-tip-name').textContent()).toBe(name);
      expect(await tooltip.locator('b, img').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
