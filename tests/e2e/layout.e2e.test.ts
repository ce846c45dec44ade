/**
 * Layout and drawing fixes in a real browser: every sidebar tab is on screen
 * and unclipped in both languages at 1280 and 1024 px, and the tabs move with
 * the arrow keys; the legend never covers the year slider; a 20 m hole drawn
 * at zoom 17 keeps its four corners (the ring closes on its first vertex only
 * when the click is a few pixels from it); after a 412 the conflict view is
 * in sight and has the focus; and loading the map asks nothing about deleted
 * parcels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Polygon, Position } from 'geojson';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { centreOf, frame, openApp, signIn, toPagePixels } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'layout', password: 'long enough passphrase 5', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;
const ITEMS = '/ogc/collections/parcels/items';
const TABS = ['dashboard', 'layers', 'details', 'edit', 'energy', 'enterprises', 'review', 'importExport'] as const;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let layers: SeedLayers;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  layers = await loadSeedLayers((path) => fetch(`${server!.url}${path}`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh empty square spot in A2, `sideDegrees` across, reserved so the next call finds another. */
function reserveSpot(sideDegrees: number): Polygon {
  const spot = emptySpotInZone(layers, 'A2', sideDegrees);
  layers.parcels.features.push({ type: 'Feature', id: `reserved-${layers.parcels.features.length}`, geometry: spot, properties: { name: 'reserved' } });
  return spot;
}

async function createParcel(geometry: Polygon, name: string): Promise<{ id: number; etag: string }> {
  const res = await fetch(`${server!.url}${ITEMS}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
    body: JSON.stringify({ type: 'Feature', geometry, properties: { name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 } }),
  });
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { id: number }).id, etag: res.headers.get('ETag')! };
}

async function withPage(width: number, height: number, lang: 'zh' | 'en', run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser!.newContext({ viewport: { width, height } });
  try {
    const page = await context.newPage();
    await page.addInitScript((l) => localStorage.setItem('landLedger.lang', l), lang);
    await run(page);
  } finally {
    await context.close();
  }
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layout (browser)', () => {
  for (const lang of ['en', 'zh'] as const) {
    for (const width of [1280, 1024]) {
      it(`every tab is on screen and unclipped, and the legend clears the year slider (${lang}, ${width} px)`, async (ctx) => {
        if (!browser || !server) return ctx.skip();
        await withPage(width, 768, lang, async (page) => {
          await openApp(page, server!.url);
          const sidebar = (await page.locator('aside.sidebar').boundingBox())!;
          for (const tab of TABS) {
            const button = page.locator(`[role="tab"][data-tab="${tab}"]`);
            const box = (await button.boundingBox())!;
            expect(box.x, tab).toBeGreaterThanOrEqual(sidebar.x - 0.5);
            expect(box.x + box.width, tab).toBeLessThanOrEqual(Math.min(width, sidebar.x + sidebar.width) + 0.5);
            expect(await button.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${tab} text fits`).toBe(true);
            await button.click();
            expect(await page.locator(`#ll-panel-${tab}`).isVisible(), tab).toBe(true);
          }
          await page.locator('[role="tab"][data-tab="dashboard"]').click();
          const legend = (await page.locator('section.legend.floating').boundingBox())!;
          const slider = (await page.locator('[data-testid="year-slider"]').boundingBox())!;
          expect(overlaps(legend, slider), JSON.stringify({ legend, slider })).toBe(false);
        });
      });
    }
  }

  it('the tabs are a keyboard tab list: arrows move the selection and the focus', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    await withPage(1280, 800, 'zh', async (page) => {
      await openApp(page, server!.url);
      const first = page.locator('[role="tab"][data-tab="dashboard"]');
      expect(await first.getAttribute('tabindex')).toBe('0');
      expect(await page.locator('[role="tab"][data-tab="layers"]').getAttribute('tabindex')).toBe('-1');
      await first.focus();
      await page.keyboard.press('ArrowRight');
      const layersTab = page.locator('[role="tab"][data-tab="layers"]');
      expect(await layersTab.getAttribute('aria-selected')).toBe('true');
      expect(await layersTab.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await page.locator('#ll-panel-layers').isVisible()).toBe(true);
      await page.keyboard.press('End');
      expect(await page.locator('[role="tab"][data-tab="importExport"]').getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowRight');
      expect(await first.getAttribute('aria-selected')).toBe('true');
    });
  });
});

/** `east` and `north` metres from `origin` (local radii of curvature on CGCS2000; exact enough at 100 m). */
function offsetMeters(origin: Position, east: number, north: number): Position {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const phi = (origin[1]! * Math.PI) / 180;
  const w = Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  return [origin[0]! + ((east / ((a / w) * Math.cos(phi))) * 180) / Math.PI, origin[1]! + ((north / ((a * (1 - e2)) / w ** 3)) * 180) / Math.PI];
}

async function openForEditing(page: Page, spot: Polygon, name: string): Promise<void> {
  await openApp(page, server!.url);
  await signIn(page, EDITOR);
  await frame(page, centreOf(spot), 17);
  const pixel = await toPagePixels(page, offsetMeters(spot.coordinates[0]![0]!, 10, 10));
  await page.mouse.click(pixel.x, pixel.y);
  await expect.poll(() => page.locator('#ll-panel-details [data-field="name"]').textContent(), { timeout: 15_000 }).toBe(name);
  await page.locator('[data-testid="edit-parcel"]').click();
}

describe('drawing and conflicts (browser)', () => {
  it('a 20 m hole drawn at zoom 17 keeps its four corners', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const spot = reserveSpot(0.001);
    const { id } = await createParcel(spot, '挖洞测试地块');
    await withPage(1400, 900, 'zh', async (page) => {
      await openForEditing(page, spot, '挖洞测试地块');
      await page.locator('[data-testid="op-hole"]').click();
      const sw = offsetMeters(centreOf(spot), -10, -10);
      const corners = [sw, offsetMeters(sw, 20, 0), offsetMeters(sw, 20, 20), offsetMeters(sw, 0, 20)];
      for (const corner of [...corners, corners[0]!]) {
        const p = await toPagePixels(page, corner);
        await page.mouse.move(p.x, p.y);
        await page.mouse.click(p.x, p.y);
        await page.waitForTimeout(150);
      }
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`${ITEMS}/${id}`) && r.request().method() === 'PUT'),
        page.locator('[data-testid="save-parcel"]').click(),
      ]);
      expect(response.status(), await response.text()).toBe(200);
      const stored = (await (await fetch(`${server!.url}${ITEMS}/${id}`)).json()) as { geometry: Polygon };
      expect(stored.geometry.coordinates).toHaveLength(2);
      // Four corners and the closing repeat of the first.
      expect(stored.geometry.coordinates[1]).toHaveLength(5);
    });
  }, 120_000);

  it('after a 412 the conflict view is in sight and has the focus', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const spot = reserveSpot(0.001);
    const { id, etag } = await createParcel(spot, '冲突视图测试');
    await withPage(1024, 700, 'zh', async (page) => {
      await openForEditing(page, spot, '冲突视图测试');
      await page.locator('[data-testid="parcel-form"] [data-field="notes"]').fill('我的备注');
      const theirs = await fetch(`${server!.url}${ITEMS}/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', Authorization: BASIC, 'If-Match': etag },
        body: JSON.stringify({ properties: { enterprise: '他人录入的企业' } }),
      });
      expect(theirs.status).toBe(200);
      await page.locator('[data-testid="save-parcel"]').click();
      const view = page.locator('[data-testid="conflict-view"]');
      await view.waitFor({ timeout: 10_000 });
      await expect.poll(() => view.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
      const inSight = await view.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight - 40;
      });
      expect(inSight).toBe(true);
    });
  }, 120_000);

  it('loading the map asks nothing about a deleted parcel', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const spot = reserveSpot(0.001);
    const { id, etag } = await createParcel(spot, '将被删除的地块');
    const deleted = await fetch(`${server.url}${ITEMS}/${id}`, { method: 'DELETE', headers: { Authorization: BASIC, 'If-Match': etag } });
    expect(deleted.status).toBe(204);
    await withPage(1280, 800, 'zh', async (page) => {
      const asked: string[] = [];
      page.on('response', (r) => {
        if (r.status() === 404 || new RegExp(`/${id}(/|$|\\?)`).test(new URL(r.url()).pathname)) asked.push(`${r.status()} ${r.url()}`);
      });
      await openApp(page, server!.url);
      await page.waitForLoadState('networkidle');
      // Every panel, too: the review panel's ledger health and the history read parcels by id.
      for (const tab of TABS) {
        await page.locator(`[role="tab"][data-tab="${tab}"]`).click();
        await page.waitForLoadState('networkidle');
      }
      expect(asked).toEqual([]);
    });
  }, 120_000);
});
