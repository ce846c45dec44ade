/**
 * The attribute table in a real browser over the seeded park plus 20,000
 * synthetic parcels: the grid (role grid) holds only the rows on screen while
 * it counts them all; a status filter's count equals OGC items' numberMatched
 * for the same filter; sorting by area puts the largest first; "only what is
 * in view" counts what the API counts for the map's bounds; a row click
 * selects the parcel, and the map's selection is marked in the grid; and
 * axe-core finds no serious or critical violation with the table open.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startTestServer } from './harness';
import { openApp } from './page';

const require = createRequire(import.meta.url);
const SYNTHETIC_PARCELS = 20_000;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer({ syntheticParcels: SYNTHETIC_PARCELS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function apiJson<T>(path: string): Promise<T> {
  const response = await fetch(`${server!.url}${path}`);
  expect(response.ok, path).toBe(true);
  return (await response.json()) as T;
}

async function shownTotal(page: Page, expected?: number): Promise<number> {
  const count = page.locator('[data-testid="table-count"]');
  if (expected !== undefined) await expect.poll(async () => Number(await count.getAttribute('data-total')), { timeout: 15_000 }).toBe(expected);
  else await expect.poll(async () => (await count.getAttribute('data-total')) !== '', { timeout: 15_000 }).toBe(true);
  return Number(await count.getAttribute('data-total'));
}

describe('attribute table (browser)', () => {
  it('is virtualised, filters as the API counts, sorts, follows the view and syncs the selection', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await page.locator('[data-testid="table-toggle"]').click();
      const grid = page.getByRole('grid');
      await grid.waitFor();

      const all = (await apiJson<{ numberMatched: number }>('/ogc/collections/parcels/items?limit=1')).numberMatched;
      expect(all).toBeGreaterThan(SYNTHETIC_PARCELS);
      expect(await shownTotal(page, all)).toBe(all);
      expect(Number(await grid.getAttribute('aria-rowcount'))).toBe(all + 1);
      await grid.getByRole('row').nth(3).locator('.name').waitFor();
      const rendered = await grid.getByRole('row').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(100);

      // Filter: the same count as OGC items' numberMatched for the same filter.
      await page.locator('[data-testid="table-status"]').selectOption('supplied');
      const supplied = (await apiJson<{ numberMatched: number }>('/ogc/collections/parcels/items?limit=1&status=supplied')).numberMatched;
      expect(await shownTotal(page, supplied)).toBe(supplied);
      await grid.getByRole('row').nth(1).locator('.status').waitFor();
      const statuses = await grid.locator('[role="rowgroup"].body .status').allTextContents();
      expect(new Set(statuses)).toEqual(new Set(['已供地']));

      // Sort by area, largest first.
      await page.locator('[data-testid="table-status"]').selectOption('');
      await page.locator('button[data-sort="areaSquareMeters"]').click();
      await page.locator('button[data-sort="areaSquareMeters"]').click();
      await expect.poll(() => page.locator('[role="columnheader"].areaSquareMeters').getAttribute('aria-sort')).toBe('descending');
      const largest = (await apiJson<{ rows: { id: number }[] }>('/api/parcels/table?sort=areaSquareMeters&dir=desc&limit=1')).rows[0]!.id;
      await expect.poll(() => grid.locator('[role="rowgroup"].body [role="row"]').first().getAttribute('data-parcel-id'), { timeout: 15_000 }).toBe(String(largest));

      // A row click selects the parcel; the grid marks it.
      await grid.locator(`[role="row"][data-parcel-id="${largest}"]`).click();
      await page.locator(`.title-block[data-parcel-id="${largest}"]`).waitFor({ timeout: 10_000 });
      expect(await grid.locator(`[role="row"][data-parcel-id="${largest}"]`).getAttribute('aria-selected')).toBe('true');

      // Only what is in view: the count the API gives for the map's bounds.
      await page.evaluate(() => new Promise<void>((resolve) => {
        const map = window.__landLedgerMap!;
        map.once('moveend', () => resolve());
        map.jumpTo({ center: [106.93, 28.96], zoom: 15 });
      }));
      await page.locator('[data-testid="table-in-view"]').check();
      const bounds = await page.evaluate(() => window.__landLedgerMap!.getBounds().toArray().flat().map((v) => v.toFixed(6)).join(','));
      const inView = (await apiJson<{ total: number }>(`/api/parcels/table?limit=1&bbox=${bounds}`)).total;
      expect(inView).toBeLessThan(all);
      expect(await shownTotal(page, inView)).toBe(inView);

      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const serious = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      });
      expect(serious).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
