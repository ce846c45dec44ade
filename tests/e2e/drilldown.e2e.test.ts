/**
 * Drill-down and the year slider in a real browser against a freshly seeded
 * server: target A0's parcel table adds up to the dashboard's secured figure
 * (and its totals row restates it exactly as formatted), sorts by area, and a
 * row click zooms the map to that parcel; moving the year slider to 2022
 * tallies the dashboard on the ledger as it stood then, equal to the API's
 * tally?year=2022 and smaller than today's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { centroid } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { formatFigure } from '../../domain/figureFormat';
import { launchBrowser, startTestServer } from './harness';
import { openApp, securedValue } from './page';

const PLAN_ID = 'wansheng-2023-2025';
/** The test reads raw values off the rows; the sum of the listed parcels must equal the figure to this much. */
const SUM_TOLERANCE_MU = 0.05;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer();
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

const a0Of = (tally: { targets: { code: string; secured: number }[] }) => tally.targets.find((t) => t.code === 'A0')!;


describe('target drill-down and year slider (browser)', () => {
  it('A0’s parcels sum to its secured figure, sort by area, and a row click zooms the map to the parcel', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server!.url);
      const row = page.locator('.dashboard [data-target="A0"]').first();
      await row.waitFor({ timeout: 30_000 });
      const secured = await securedValue(page, 'A0');
      expect(secured).toBeGreaterThan(0);
      const shownSecured = (await row.locator('[data-field="secured"]').textContent())!.trim();

      await row.locator('[data-testid="drill-open"]').click();
      const panel = page.locator('[data-testid="drill-panel"][data-target="A0"][data-status="ready"]');
      await panel.waitFor({ timeout: 15_000 });

      // The listed secured rows add up to the dashboard's figure.
      const securedRows = panel.locator('tbody tr[data-role="secured"]');
      const counted = (await securedRows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-counted-value'))))) as number[];
      expect(counted.length).toBeGreaterThan(3);
      const sum = counted.reduce((s, v) => s + v, 0);
      expect(Math.abs(sum - secured)).toBeLessThanOrEqual(SUM_TOLERANCE_MU);

      // The totals row restates it exactly as the dashboard and the report format it.
      const totalText = (await panel.locator('[data-testid="drill-total-secured"] [data-field="total"]').textContent())!.trim();
      expect(totalText).toBe(formatFigure(secured, 'mu'));
      expect(shownSecured.startsWith(`${totalText} `)).toBe(true);

      // Sort by area: descending first, then ascending.
      const areas = () => panel.locator('tbody tr[data-parcel-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-area-mu'))));
      await panel.locator('button[data-sort="areaMu"]').click();
      const descending = (await areas()) as number[];
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
      expect(await panel.locator('th[aria-sort="descending"] button[data-sort="areaMu"]').count()).toBe(1);
      await panel.locator('button[data-sort="areaMu"]').click();
      const ascending = (await areas()) as number[];
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(ascending.length).toBe(descending.length);

      // A row click zooms the map to that parcel.
      const target = panel.locator('tbody tr[data-role="secured"]').nth(2);
      const parcelId = await target.getAttribute('data-parcel-id');
      const parcel = await apiJson<{ geometry: Polygon | MultiPolygon }>(`/ogc/collections/parcels/items/${parcelId}`);
      const [lon, lat] = centroid(parcel.geometry).geometry.coordinates as [number, number];
      const zoomBefore = await page.evaluate(() => window.__landLedgerMap!.getZoom());
      await target.click();
      await page.waitForFunction(
        ([x, y, z0]) => {
          const map = window.__landLedgerMap!;
          return !map.isMoving() && map.getZoom() > z0! + 1 && map.getBounds().contains([x!, y!]);
        },
        [lon, lat, zoomBefore],
        { timeout: 10_000 },
      );
      expect(await page.evaluate(() => window.__landLedgerMap!.getZoom())).toBeGreaterThan(14);

      // "Filter map to this target" puts the row ids on the parcel layer's filter, and takes them off again.
      await panel.locator('[data-testid="drill-filter-map"]').check();
      const filter = await page.evaluate(() => JSON.stringify(window.__landLedgerMap!.getFilter('parcels-fill')));
      expect(filter).toContain(`"${parcelId}"`);
      await panel.locator('[data-testid="drill-filter-map"]').uncheck();
      expect(await page.evaluate(() => window.__landLedgerMap!.getFilter('parcels-fill') ?? null)).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('the year slider at 2022 tallies the ledger as it stood then: the API’s figure, smaller than now', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const now = a0Of(await apiJson(`/api/plans/${PLAN_ID}/tally`));
    const then = a0Of(await apiJson(`/api/plans/${PLAN_ID}/tally?year=2022`));
    expect(then.secured).toBeLessThan(now.secured);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server!.url);
      await page.locator('.dashboard [data-target="A0"]').first().waitFor({ timeout: 30_000 });
      expect(await securedValue(page, 'A0')).toBe(now.secured);

      await page.locator('[data-testid="year-range"]').fill('2022');
      await page.locator('[data-testid="as-of-banner"][data-year="2022"]').waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        (expected) => document.querySelector('.dashboard [data-target="A0"]')?.getAttribute('data-secured-value') === String(expected),
        then.secured,
        { timeout: 15_000 },
      );
      expect(await securedValue(page, 'A0')).toBeLessThan(now.secured);
      expect(await page.locator('[data-testid="as-of-label"]').textContent()).toContain('截至 2022 年末');
      expect(await page.locator('[data-testid="as-of-banner"]').textContent()).toContain('as of end of 2022');
      await page.locator('[data-testid="year-slider"][data-status="ready"]').waitFor({ timeout: 15_000 });
      // The report buttons follow the slider: the report as the ledger stood at the end of 2022.
      expect(await page.locator('[data-testid="report-xlsx"]').getAttribute('href')).toBe(`/api/plans/${PLAN_ID}/report.xlsx?year=2022`);
      const reportHref = await page.locator('[data-testid="report-csv"]').getAttribute('href');
      const reportCsv = await (await fetch(`${server!.url}${reportHref}`)).text();
      const a0Row = reportCsv.split('\r\n').find((line) => line.startsWith('A0,'))!;
      expect(a0Row.split(',')[8]).toBe(then.secured.toFixed(1));

      // 现状 / now puts today's figure back.
      await page.locator('[data-testid="year-now"]').click();
      await page.waitForFunction(
        (expected) => document.querySelector('.dashboard [data-target="A0"]')?.getAttribute('data-secured-value') === String(expected),
        now.secured,
        { timeout: 15_000 },
      );
      expect(await page.locator('[data-testid="as-of-banner"]').count()).toBe(0);
      expect(await page.locator('[data-testid="report-xlsx"]').getAttribute('href')).toBe(`/api/plans/${PLAN_ID}/report.xlsx`);
    } finally {
      await context.close();
    }
  });
});
