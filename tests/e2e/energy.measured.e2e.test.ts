/**
 * Measured demand in a real browser: once an enterprise reports its annual
 * energy use, the Energy tab counts its parcel as 实测 / Measured with the
 * kW the API serves, states the tce → kWh conversion and the load factor
 * with their sources, and marks the parcel's row measured.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startTestServer, type TestUser } from './harness';

const EDITOR: TestUser = Object.freeze({ username: 'energy-measurer', password: 'long enough passphrase 6', role: 'editor' });
const BASIC = `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`;
const SECURED = ['supplied', 'under_construction', 'in_production'];

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

describe('measured demand (browser)', () => {
  it('shows a parcel with a reported energy use as measured, with the kW and the stated basis', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const write = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server!.url}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: BASIC, ...headers }, body: JSON.stringify(body) });
    const parcels = (await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=10000`)).json()).features;
    const linked = parcels.find((f: any) => f.properties.enterprise && SECURED.includes(f.properties.status));
    const createdRes = await write('POST', '/api/enterprises', { name: linked.properties.enterprise, scale: 'above_scale' });
    const created = await createdRes.json();
    // Its land is the parcel linked to it by id.
    expect((await write('PUT', `/api/enterprises/${created.id}/parcels`, { parcelIds: [linked.id] }, { 'If-Match': createdRes.headers.get('ETag')! })).status).toBe(200);
    expect((await write('PUT', `/api/enterprises/${created.id}/statistics/2024`, { energyTce: 20_000 })).status).toBe(201);
    const demand = await (await fetch(`${server.url}/api/energy/demand?includePipeline=true`)).json();
    expect(demand.byOrigin.measured.parcels).toBeGreaterThan(0);

    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(server.url, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      await page.locator('[data-tab="energy"]').click();
      const measuredTotal = page.locator('[data-testid="demand-by-origin"] [data-origin-total="measured"]');
      await measuredTotal.waitFor({ timeout: 30_000 });
      expect(Number(await measuredTotal.getAttribute('data-kw'))).toBeCloseTo(demand.byOrigin.measured.kilowatts, 6);
      expect(await measuredTotal.textContent()).toMatch(/kW$/);
      expect(await page.locator('[data-testid="demand-by-origin"]').textContent()).toContain('实测');
      expect(await page.locator('[data-testid="measured-basis"]').textContent()).toContain('GB/T 2589');
      // 20 000 tce/a makes the parcel one of the largest, so its row is among the first ten.
      const badge = page.locator('[data-testid="demand-summary"] tbody [data-origin="measured"]').first();
      expect(await badge.textContent()).toBe('实测');
      expect(await badge.getAttribute('title')).toContain(linked.properties.enterprise);

      await page.locator('[data-testid="lang-toggle"]').click();
      await expect.poll(() => page.locator('[data-testid="demand-by-origin"]').textContent()).toContain('Measured');
      expect(await page.locator('[data-testid="measured-basis"]').textContent()).toContain('load factor');
    } finally {
      await page.close();
    }
  });
});
