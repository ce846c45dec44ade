/**
 * The measuring tool in a real browser: a 100 m × 100 m parcel is saved
 * through the API, then measured by clicking a few pixels off each corner —
 * the clicks snap to the parcel's vertices, so the read-out is the square's
 * own area: 10,000 m² (15 亩) within 0.1%, and a side 100 m within 0.1%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Position } from 'geojson';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { frame, openApp, toPagePixels } from './page';
import { emptySpotInZone, loadSeedLayers } from '../support/places';

const EDITOR: TestUser = Object.freeze({ username: 'surveyor', password: 'long enough passphrase 8', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;
/** How far off each corner the test clicks, px: within the snapping tolerance (12 px), far enough to matter (~2 m at z17). */
const OFF_CORNER_PX = 3;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let square: Position[] = [];

/** A point `east` and `north` metres from `origin` on CGCS2000, by the local radii of curvature (exact to a millimetre at 100 m). */
function offsetMeters(origin: Position, east: number, north: number): Position {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const phi = (origin[1]! * Math.PI) / 180;
  const w = Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  return [origin[0]! + ((east / ((a / w) * Math.cos(phi))) * 180) / Math.PI, origin[1]! + ((north / ((a * (1 - e2)) / w ** 3)) * 180) / Math.PI];
}

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  const spot = emptySpotInZone(await loadSeedLayers((p) => fetch(`${server!.url}${p}`)), 'A2', 0.0013);
  const west = Math.min(...spot.coordinates[0]!.map((p) => p[0]!));
  const south = Math.min(...spot.coordinates[0]!.map((p) => p[1]!));
  const origin = offsetMeters([west, south], 5, 5);
  square = [origin, offsetMeters(origin, 100, 0), offsetMeters(origin, 100, 100), offsetMeters(origin, 0, 100)];
  const created = await fetch(`${server.url}/ogc/collections/parcels/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
    body: JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[...square, square[0]]] },
      properties: { name: '百米方地', landUseCode: '100102', status: 'supplied', supplyYear: 2024 },
    }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Clicks OFF_CORNER_PX inside the square from `corner` (towards the centre). */
async function clickNear(page: Page, corner: Position, centre: Position): Promise<void> {
  const at = await toPagePixels(page, corner);
  const c = await toPagePixels(page, centre);
  const dx = Math.sign(c.x - at.x) * OFF_CORNER_PX;
  const dy = Math.sign(c.y - at.y) * OFF_CORNER_PX;
  await page.mouse.move(at.x + dx, at.y + dy);
  await page.mouse.click(at.x + dx, at.y + dy);
}

describe('measure (browser)', () => {
  it('a 100 m square measured by its snapped corners reads 10,000 m² and 15 亩 within 0.1%', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      const centre = offsetMeters(square[0]!, 50, 50);
      await frame(page, centre, 17);

      await page.getByRole('button', { name: '测面积' }).click();
      for (const corner of square) await clickNear(page, corner, centre);
      await clickNear(page, square[0]!, centre);

      const readout = page.locator('[data-testid="measure-area-value"]');
      await page.getByRole('button', { name: '完成' }).and(page.locator(':disabled')).waitFor({ timeout: 5_000 });
      const areaSquareMeters = Number(await readout.getAttribute('data-area-square-meters'));
      const areaMu = Number(await readout.getAttribute('data-area-mu'));
      expect(Math.abs(areaSquareMeters - 10_000) / 10_000).toBeLessThan(0.001);
      expect(Math.abs(areaMu - 15) / 15).toBeLessThan(0.001);
      expect(await readout.textContent()).toMatch(/15\.00 亩/);
      // Measuring never selected the parcel under the clicks.
      expect(await page.locator('.title-block[data-parcel-id]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a side of the square measured as a distance reads 100 m within 0.1%', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => localStorage.setItem('landLedger.lang', 'en'));
      await openApp(page, server.url);
      const centre = offsetMeters(square[0]!, 50, 50);
      await frame(page, centre, 17);

      await page.getByRole('button', { name: 'Distance' }).click();
      await clickNear(page, square[0]!, centre);
      await clickNear(page, square[1]!, centre);
      await page.keyboard.press('Enter');
      const readout = page.locator('[data-testid="measure-length"]');
      const lengthMeters = Number(await readout.getAttribute('data-length-meters'));
      expect(Math.abs(lengthMeters - 100) / 100).toBeLessThan(0.001);

      await page.keyboard.press('Escape');
      await readout.waitFor({ state: 'detached', timeout: 5_000 });
    } finally {
      await context.close();
    }
  });
});
