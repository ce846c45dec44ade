/**
 * Splitting and undoing in a real browser (issue 15): an editor splits a
 * parcel carrying 3.5 亿元 with the split tool; the pieces share the money
 * by area (the ledger's total stays 3.5), the edit log lists the split with
 * what it moved, and undoing it there brings the parcel back whole — its id,
 * shape, area and figures — with the dashboard row where it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Polygon } from 'geojson';
import { emptySpotInZone, loadSeedLayers } from '../support/places';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { centreOf, frame, openApp, securedValue, signIn, toPagePixels } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'undoer', password: 'long enough passphrase 43', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;
const ITEMS = '/ogc/collections/parcels/items';

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let spot: Polygon;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  spot = emptySpotInZone(await loadSeedLayers((path) => fetch(`${server!.url}${path}`)), 'B1', 0.001);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const investmentTotal = async () => {
  const all = (await (await fetch(`${server!.url}${ITEMS}?limit=10000`)).json()) as { features: { properties: { investmentYi: number | null } }[] };
  return Math.round(all.features.reduce((s, f) => s + (f.properties.investmentYi ?? 0), 0) * 1e4) / 1e4;
};

describe('split and undo (browser)', () => {
  it('splits with the tool, sharing the money by area; undo in the edit log brings the parcel back whole', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const created = await fetch(`${server.url}${ITEMS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Authorization: BASIC },
      body: JSON.stringify({ type: 'Feature', geometry: spot, properties: { name: '拆分撤销', landUseCode: '100102', status: 'supplied', supplyYear: 2024, investmentYi: 3.5 } }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as { id: number }).id);
    const original = (await (await fetch(`${server.url}${ITEMS}/${id}`)).json()) as { geometry: Polygon; properties: { areaSquareMeters: number } };
    const totalBefore = await investmentTotal();

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      const b1Before = { land: await securedValue(page, 'B1.land'), money: await securedValue(page, 'B1.investment') };
      const ring = spot.coordinates[0]!;
      const xs = ring.map((p) => p[0]!);
      const ys = ring.map((p) => p[1]!);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      await frame(page, centreOf(spot), 17);
      const inside = await toPagePixels(page, [x0 + (x1 - x0) * 0.25, (y0 + y1) / 2]);
      await page.mouse.click(inside.x, inside.y);
      await expect.poll(() => page.locator('#ll-panel-details [data-field="name"]').textContent(), { timeout: 15_000 }).toBe('拆分撤销');
      await page.locator('[data-testid="edit-parcel"]').click();
      await page.locator('[data-testid="snap-toggle"]').click();
      await page.locator('[data-testid="op-split"]').click();
      // A north–south line through the parcel at 40% of its width, finished by clicking its last point again.
      const xm = x0 + (x1 - x0) * 0.4;
      const top = await toPagePixels(page, [xm, y1 + (y1 - y0) * 0.2]);
      const bottom = await toPagePixels(page, [xm, y0 - (y1 - y0) * 0.2]);
      await page.mouse.click(top.x, top.y);
      await page.mouse.click(bottom.x, bottom.y);
      await page.mouse.click(bottom.x, bottom.y);
      await page.locator('[data-testid="edit-panel"]').getByText(/分割后另存为新地块|Pieces saved as new parcels/).first().waitFor({ timeout: 10_000 });

      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/parcels/edits') && r.request().method() === 'POST'),
        page.locator('[data-testid="save-parcel"]').click(),
      ]);
      const saved = (await response.json()) as { editId: number; pieces: { id: number; properties: { investmentYi: number } }[]; feature: { properties: { investmentYi: number } } };
      expect(response.status(), JSON.stringify(saved)).toBe(200);
      expect(saved.pieces).toHaveLength(1);
      // Shared by area (≈ 40 : 60), to the 万元, summing to the whole.
      const kept = saved.feature.properties.investmentYi;
      const piece = saved.pieces[0]!.properties.investmentYi;
      expect(Math.round((kept + piece) * 1e4)).toBe(35_000);
      expect(Math.min(kept, piece) / 3.5).toBeGreaterThan(0.35);
      expect(Math.min(kept, piece) / 3.5).toBeLessThan(0.45);
      expect(await investmentTotal()).toBe(totalBefore);
      // The dashboard's park money does not move on a split.
      await page.waitForTimeout(1500);
      expect(await securedValue(page, 'B1.investment')).toBe(b1Before.money);

      // The edit log (on the 编辑 tab) lists the split and undoes it.
      await page.locator('[data-tab="edit"]').click();
      await page.locator('[data-testid="edit-panel"] [data-testid="edit-log"]').waitFor({ timeout: 15_000 });
      const row = page.locator(`[data-testid="edit-log"] li[data-edit-id="${saved.editId}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('data-kind')).toBe('split');
      const [undone] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/edits/${saved.editId}/undo`)),
        row.locator('[data-testid="undo-edit"]').click(),
      ]);
      expect(undone.status()).toBe(200);
      expect((await fetch(`${server.url}${ITEMS}/${saved.pieces[0]!.id}`)).status).toBe(404);
      const back = (await (await fetch(`${server.url}${ITEMS}/${id}`)).json()) as { geometry: Polygon; properties: { areaSquareMeters: number; investmentYi: number } };
      expect(back.geometry).toEqual(original.geometry);
      expect(back.properties.areaSquareMeters).toBe(original.properties.areaSquareMeters);
      expect(back.properties.investmentYi).toBe(3.5);
      await expect.poll(() => securedValue(page, 'B1.land'), { timeout: 15_000 }).toBe(b1Before.land);
      expect(await securedValue(page, 'B1.investment')).toBe(b1Before.money);
      await page.locator(`[data-testid="edit-log"] li[data-edit-id="${saved.editId}"]`).getByText(/已撤销|Undone/).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: '/tmp/undo-e2e.png' });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('re-importing an edited export updates the parcels it came from: no duplicates, the target moves shown before the commit', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const all = (await (await fetch(`${server.url}${ITEMS}?limit=10000`)).json()) as { features: { id: number; properties: { name: string; status: string } }[] };
    const mine = all.features.filter((f) => f.properties.status === 'supplied').slice(0, 2).map((f) => f.id);
    const exported = (await (await fetch(`${server.url}/api/exports?format=geojson&ids=${mine.join(',')}`)).json()) as { features: { properties: Record<string, unknown> }[] };
    exported.features[0]!.properties.status = 'planned';
    const countBefore = all.features.length;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      await page.locator('[data-tab="importExport"]').click();
      await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'edited-export.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(exported)) });
      await page.locator('[data-testid="import-feature"]').first().waitFor({ timeout: 30_000 });
      const kinds = await page.locator('[data-testid="import-match"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(kinds.sort()).toEqual(['unchanged', 'update']);
      await page.locator('[data-testid="import-check-moves"]').click();
      await page.locator('[data-testid="import-moves"] table tr[data-target]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="import-moves"] table tr[data-target]').count()).toBeGreaterThan(0);
      const [response] = await Promise.all([
        page.waitForResponse((r) => /\/api\/imports\/[^/]+\/commit$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'),
        page.locator('[data-testid="import-commit"]').click(),
      ]);
      expect(response.status()).toBe(201);
      const done = page.locator('[data-testid="import-done"]');
      await done.waitFor();
      expect([await done.getAttribute('data-created'), await done.getAttribute('data-updated'), await done.getAttribute('data-unchanged')]).toEqual(['0', '1', '1']);
      const after = (await (await fetch(`${server.url}${ITEMS}?limit=10000`)).json()) as { features: { id: number; properties: { status: string } }[] };
      expect(after.features.length).toBe(countBefore);
      expect(after.features.find((f) => f.id === mine[0])!.properties.status).toBe('planned');
      await page.screenshot({ path: '/tmp/reimport-e2e.png' });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('undoes an edit from the parcel history panel: the figure someone typed goes back, as a new version', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const all = (await (await fetch(`${server.url}${ITEMS}?limit=10000`)).json()) as { features: { id: number; properties: { name: string; version: number; outputYi: number | null } }[] };
    const target = all.features.find((f) => f.properties.name === '拆分撤销')!;
    const patched = await fetch(`${server.url}${ITEMS}/${target.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', Authorization: BASIC, 'If-Match': `"parcels-${target.id}-v${target.properties.version}"` },
      body: JSON.stringify({ properties: { outputYi: 99 } }),
    });
    expect(patched.status).toBe(200);
    const editId = Number(patched.headers.get('X-Edit-Id'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      const ring = spot.coordinates[0]!;
      await frame(page, centreOf(spot), 17);
      const inside = await toPagePixels(page, [ring[0]![0]! + (ring[2]![0]! - ring[0]![0]!) * 0.25, (ring[0]![1]! + ring[2]![1]!) / 2]);
      await page.mouse.click(inside.x, inside.y);
      const history = page.locator('#ll-panel-details [data-testid="parcel-history"]');
      await history.locator('[data-testid="history-undo"]').first().waitFor({ timeout: 20_000 });
      expect(await history.locator('[data-edit-kind="attributes"]').count()).toBeGreaterThan(0);
      // The version's shapes before and after go on the map (before dashed, after solid).
      await history.locator('[data-testid="history-show"]').first().click();
      const sides = () =>
        page.evaluate(() => {
          const data = (window.__landLedgerMap!.getSource('ll-history-preview') as unknown as { serialize(): { data: { features: { properties: { side: string } }[] } } }).serialize().data;
          return data.features.map((f) => f.properties.side).sort();
        });
      await expect.poll(sides, { timeout: 10_000 }).toEqual(['after', 'before']);
      const [undone] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/edits/${editId}/undo`)),
        history.locator('[data-testid="history-undo"]').first().click(),
      ]);
      expect(undone.status()).toBe(200);
      const back = (await (await fetch(`${server.url}${ITEMS}/${target.id}`)).json()) as { properties: { outputYi: number | null; version: number } };
      expect(back.properties.outputYi).toBe(target.properties.outputYi);
      expect(back.properties.version).toBe(target.properties.version + 2);
      await history.locator(`li[data-version="${target.properties.version + 2}"][data-action="restore"]`).waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  }, 180_000);
});
