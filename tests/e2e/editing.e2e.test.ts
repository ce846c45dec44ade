/**
 * Editing in a real browser against a freshly seeded server: an editor signs
 * in through the login dialog, draws a polygon with the mouse in an empty
 * part of zone A2, tags it and saves it; the dashboard's A2 row grows by
 * exactly the saved parcel's area in 亩, and a second, anonymous browser
 * context sees the parcel and the new figure arrive live (no reload). A
 * parcel named with HTML is shown as text in its details and history,
 * never run. Merging two parcels in the editor is one request that the
 * server applies as one transaction. When another planner saved first, the
 * save comes back 412 and the conflict view merges both edits field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Polygon, Position } from 'geojson';
import { areaSquareMeters } from '../../domain/area';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { undoAndRedoFirstShape } from './toolbarUndo';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { centreOf, frame, openApp, securedValue, signIn, toPagePixels } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'planner', password: 'long enough passphrase 42', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;
const ITEMS = '/ogc/collections/parcels/items';

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let layers: SeedLayers;
const spots: Polygon[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  layers = await loadSeedLayers((path) => fetch(`${server!.url}${path}`));
  // Distinct empty spots, 100 m across: each found spot is added to the layer so the next differs.
  for (let i = 0; i < 4; i++) {
    const spot = emptySpotInZone(layers, 'A2', 0.001);
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});







describe('editing parcels (browser)', () => {
  it('draws, tags and saves a parcel; the dashboard grows by its area; a second context sees it live', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const editorContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const viewerContext = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    try {
      const page = await editorContext.newPage();
      const viewer = await viewerContext.newPage();
      await Promise.all([openApp(page, server!.url), openApp(viewer, server!.url)]);
      await viewer.locator('[data-testid="live-status"][data-connected="true"]').waitFor({ timeout: 15_000 });
      expect(await viewer.locator('[data-testid="edit-toolbar"]').count()).toBe(0);

      await signIn(page, EDITOR);
      await page.locator('[data-testid="edit-toolbar"]').waitFor();

      await page.locator('[data-tool="polygon"]').click();
      // Snapping is on by default; off here so the clicked corners are exactly where the test puts them.
      await page.locator('[data-testid="snap-toggle"]').click();
      expect(await page.locator('[data-testid="snap-toggle"]').getAttribute('aria-pressed')).toBe('false');

      const spot = spots[0]!;
      const centre = centreOf(spot);
      await frame(page, centre, 17);
      // A quadrilateral inside the empty square (80% of it, slightly skewed), drawn corner by corner.
      const ring = spot.coordinates[0]!.slice(0, 4);
      const inset = ring.map(([lon, lat], i) => [centre[0]! + (lon! - centre[0]!) * (i === 2 ? 0.7 : 0.8), centre[1]! + (lat! - centre[1]!) * 0.8]);
      const pixels = [];
      for (const corner of inset) pixels.push(await toPagePixels(page, corner));
      for (const p of pixels) {
        await page.mouse.move(p.x, p.y, { steps: 4 });
        await page.mouse.click(p.x, p.y);
        await page.waitForTimeout(120);
      }
      // Close on the first vertex.
      await page.mouse.move(pixels[0]!.x, pixels[0]!.y, { steps: 4 });
      await page.mouse.click(pixels[0]!.x, pixels[0]!.y);
      await page.locator('[data-tool="select"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
      const runningArea = Number(await page.locator('[data-testid="running-area"]').getAttribute('data-area-m2'));
      expect(runningArea).toBeGreaterThan(1000);
      // The toolbar's undo takes the shape back and redo restores it (the editor as a DrawingSession).
      await undoAndRedoFirstShape(page, runningArea);

      const form = page.locator('[data-testid="parcel-form"]');
      await form.locator('[data-field="name"]').fill('鱼田堡储能配套地块');
      await form.locator('[data-field="landUseCode"]').selectOption('100102');
      await form.locator('[data-field="status"]').selectOption('supplied');
      await form.locator('[data-field="supplyYear"]').fill('2024');
      await form.locator('[data-field="enterprise"]').fill('重庆示例储能科技有限公司');
      await form.locator('[data-field="industryChain"]').selectOption('new_energy');
      await form.locator('[data-field="investmentYi"]').fill('3.5');

      await page.locator('[data-testid="live-checks"]').getByText(/未发现问题|No problems/).waitFor();
      await page.locator('[data-testid="tally-preview"] [data-target="A2"]').waitFor({ timeout: 10_000 });

      const before = await securedValue(page, 'A2');
      const beforeOnViewer = await securedValue(viewer, 'A2');
      expect(beforeOnViewer).toBe(before);

      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(ITEMS) && r.request().method() === 'POST'),
        page.locator('[data-testid="save-parcel"]').click(),
      ]);
      expect(response.status()).toBe(201);
      const created = (await response.json()) as { id: number };
      const stored = (await (await fetch(`${server.url}${ITEMS}/${created.id}`)).json()) as { properties: { areaMu: number; areaSquareMeters: number } };
      expect(Math.abs(stored.properties.areaSquareMeters - runningArea)).toBeLessThan(1e-3);

      await page.waitForFunction(
        (old) => Number(document.querySelector('[data-target="A2"]')?.getAttribute('data-secured-value')) !== old,
        before,
        { timeout: 15_000 },
      );
      const after = await securedValue(page, 'A2');
      expect(Math.abs(after - before - stored.properties.areaMu)).toBeLessThan(1e-6);

      // The anonymous viewer: the parcel arrives in its map source, and its dashboard follows.
      await viewer.waitForFunction(
        async (id) => {
          const source = window.__landLedgerMap?.getSource('ll-parcels') as { getData(): Promise<{ features: { properties: Record<string, unknown> }[] }> } | undefined;
          const data = await source?.getData();
          return data?.features.some((f) => f.properties.llId === id) ?? false;
        },
        String(created.id),
        { timeout: 15_000 },
      );
      await viewer.waitForFunction(
        (expected) => Math.abs(Number(document.querySelector('[data-target="A2"]')?.getAttribute('data-secured-value')) - expected) < 1e-9,
        after,
        { timeout: 15_000 },
      );
    } finally {
      await editorContext.close();
      await viewerContext.close();
    }
  }, 180_000);

  it('merges two parcels with one request: the picked parcel is gone, the edited one holds both areas', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const spot = spots[2]!;
    const ring = spot.coordinates[0]!;
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const xm = (x0 + x1) / 2;
    const rect = (a: number, b: number): Polygon => ({ type: 'Polygon', coordinates: [[[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]]] });
    const create = async (geometry: Polygon, name: string) => {
      const res = await fetch(`${server!.url}${ITEMS}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
        body: JSON.stringify({ type: 'Feature', geometry, properties: { name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 } }),
      });
      expect(res.status).toBe(201);
      return String(((await res.json()) as { id: number }).id);
    };
    const westId = await create(rect(x0, xm), '合并测试-西');
    const eastId = await create(rect(xm, x1), '合并测试-东');

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      const writes: string[] = [];
      page.on('request', (r) => {
        if (r.method() !== 'GET') writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
      });
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      await frame(page, centreOf(spot), 17);
      const westPixel = await toPagePixels(page, [(x0 + xm) / 2, (y0 + y1) / 2]);
      const eastPixel = await toPagePixels(page, [(xm + x1) / 2, (y0 + y1) / 2]);
      await page.mouse.click(westPixel.x, westPixel.y);
      await expect.poll(() => page.locator('#ll-panel-details [data-field="name"]').textContent(), { timeout: 15_000 }).toBe('合并测试-西');
      await page.locator('[data-testid="edit-parcel"]').click();
      await page.locator('[data-testid="op-merge"]').click();
      await page.mouse.click(eastPixel.x, eastPixel.y);
      await expect.poll(async () => Number(await page.locator('[data-testid="running-area"]').getAttribute('data-area-m2')), { timeout: 10_000 }).toBeGreaterThan(0);
      writes.length = 0;
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/parcels/edits') && r.request().method() === 'POST'),
        page.locator('[data-testid="save-parcel"]').click(),
      ]);
      expect(response.status(), await response.text()).toBe(200);
      expect(writes).toEqual(['POST /api/parcels/edits']);
      expect((await fetch(`${server.url}${ITEMS}/${eastId}`)).status).toBe(404);
      const merged = (await (await fetch(`${server.url}${ITEMS}/${westId}`)).json()) as { properties: { areaSquareMeters: number; version: number } };
      expect(merged.properties.version).toBe(2);
      expect(Math.abs(merged.properties.areaSquareMeters - areaSquareMeters(spot)) / areaSquareMeters(spot)).toBeLessThan(1e-6);
      const whole = (await fetch(`${server.url}${ITEMS}?bbox=${x0},${y0},${x1},${y1}`).then((r) => r.json())) as { features: { id: number }[] };
      expect(whole.features.map((f) => String(f.id))).toEqual([westId]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a save after someone else’s opens the conflict view; the merge keeps my field and theirs', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const spot = spots[3]!;
    const created = await fetch(`${server.url}${ITEMS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
      body: JSON.stringify({ type: 'Feature', geometry: spot, properties: { name: '冲突测试地块', landUseCode: '100102', status: 'supplied', supplyYear: 2024 } }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as { id: number }).id);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      await frame(page, centreOf(spot), 17);
      const pixel = await toPagePixels(page, centreOf(spot));
      await page.mouse.click(pixel.x, pixel.y);
      await expect.poll(() => page.locator('#ll-panel-details [data-field="name"]').textContent(), { timeout: 15_000 }).toBe('冲突测试地块');
      await page.locator('[data-testid="edit-parcel"]').click();
      const form = page.locator('[data-testid="parcel-form"]');
      await form.locator('[data-field="notes"]').fill('我的备注：已现场核实');

      // Meanwhile another planner saves version 2 with an enterprise.
      const theirs = await fetch(`${server.url}${ITEMS}/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', Authorization: BASIC, 'If-Match': `"parcels-${id}-v1"` },
        body: JSON.stringify({ properties: { enterprise: '他人录入的企业' } }),
      });
      expect(theirs.status).toBe(200);

      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`${ITEMS}/${id}`) && r.request().method() === 'PUT'),
        page.locator('[data-testid="save-parcel"]').click(),
      ]);
      expect(refused.status()).toBe(412);
      const view = page.locator('[data-testid="conflict-view"]');
      await view.waitFor({ timeout: 10_000 });
      // Only the fields that differ, each defaulting to the side that changed it.
      expect(await view.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['enterprise', 'notes']);
      expect(await view.locator('tr[data-field="notes"] td').first().locator('input').isChecked()).toBe(true);
      expect(await view.locator('tr[data-field="enterprise"] td').nth(1).locator('input').isChecked()).toBe(true);

      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`${ITEMS}/${id}`) && r.request().method() === 'PUT'),
        page.locator('[data-testid="conflict-merge"]').click(),
      ]);
      expect(saved.status(), await saved.text()).toBe(200);
      const stored = (await (await fetch(`${server.url}${ITEMS}/${id}`)).json()) as { properties: Record<string, unknown> };
      expect(stored.properties).toMatchObject({ version: 3, notes: '我的备注：已现场核实', enterprise: '他人录入的企业', name: '冲突测试地块' });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows HTML in a parcel’s name and enterprise as text, in details and history, without running it', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const name = '<img src=x onerror="window.__xss=1">';
    const enterprise = '<script>window.__xss=2</script>';
    const spot = spots[1]!;
    const response = await fetch(`${server.url}${ITEMS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
      body: JSON.stringify({ type: 'Feature', geometry: spot, properties: { name, landUseCode: '1001', status: 'planned', enterprise } }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: number };

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server!.url);
      const centre = centreOf(spot);
      await frame(page, centre, 17);
      const at = await toPagePixels(page, centre);
      await page.mouse.click(at.x, at.y);

      const details = page.locator(`[data-parcel-id="${created.id}"]`);
      await details.waitFor({ timeout: 10_000 });
      expect(await page.locator('#ll-panel-details [data-field="name"]').textContent()).toBe(name);
      expect(await page.locator('#ll-panel-details [data-field="enterprise"]').textContent()).toBe(enterprise);
      const historyName = page.locator('[data-testid="parcel-history"] [data-field="history-name"]').first();
      await historyName.waitFor({ timeout: 10_000 });
      expect(await historyName.textContent()).toBe(name);

      expect(await page.locator('#ll-panel-details img').count()).toBe(0);
      expect(await page.locator('#ll-panel-details script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    } finally {
      await context.close();
    }
  }, 120_000);
});
