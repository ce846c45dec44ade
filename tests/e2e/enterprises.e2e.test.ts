/**
 * The Enterprises tab in a real browser against a freshly seeded server: a
 * year's 亩均 classes listed best first with each class's colour, an
 * enterprise's page with its indicators equal to the served ones, and the
 * idle-land lists with the rule.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { signIn } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'firm-planner', password: 'long enough passphrase 12', role: 'editor' });
const YEAR = new Date().getFullYear() - 1;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server!.url}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${EDITOR.username}:${EDITOR.password}`).toString('base64')}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
  const parcels = (await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=10000`)).json()).features;
  const producing = parcels.filter((f: any) => f.properties.status === 'in_production');
  for (let i = 0; i < 4; i++) {
    const res = await api('POST', '/api/enterprises', { name: `示例浏览器企业${i + 1}`, scale: 'above_scale' });
    const { id } = await res.json();
    await api('PUT', `/api/enterprises/${id}/parcels`, { parcelIds: [producing[i].id] }, { 'If-Match': res.headers.get('ETag')! });
    await api('PUT', `/api/enterprises/${id}/statistics/${YEAR}`, { taxYi: 0.05 * (i + 1), revenueYi: 2 * (i + 1), valueAddedYi: 0.5, energyTce: 1000, rdYi: 0.05, employees: 100 });
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('enterprises tab (browser)', () => {
  it('lists the classes coloured best first and opens an enterprise with its indicators', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(server.url, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-tab="enterprises"]').click();
      await page.locator('[data-testid="ent-ranking"]').waitFor({ timeout: 30_000 });
      const served = await (await fetch(`${server.url}/api/efficiency?year=${YEAR}`)).json();
      const best = [...served.enterprises].filter((e: any) => e.rank !== null).sort((a: any, b: any) => a.rank - b.rank);
      const rowIds = await page.locator('[data-testid="ent-ranking"] tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-enterprise-id'))));
      expect(rowIds.slice(0, best.length)).toEqual(best.map((e: any) => e.id));
      const badge = page.locator(`[data-enterprise-id="${best[0].id}"] [data-class]`);
      expect(await badge.getAttribute('data-class')).toBe(best[0].class);
      expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(27, 127, 59)');

      await page.locator(`[data-enterprise-id="${best[0].id}"] button`).click();
      await page.locator('[data-testid="ent-detail"] [data-indicator="taxPerMuWan"]').waitFor({ timeout: 15_000 });
      const shown = await page.locator('[data-testid="ent-detail"] [data-indicator="taxPerMuWan"]').textContent();
      expect(shown).toContain(best[0].indicators.taxPerMuWan.toFixed(2));
      expect(await page.locator('[data-testid="land-status"]').textContent()).toContain('闲置土地处置办法');
    } finally {
      await page.close();
    }
  });

  it('an editor adds an enterprise and edits it in the form; a wrong credit code is refused in both languages', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(server.url, { waitUntil: 'domcontentloaded' });
      await signIn(page, EDITOR);
      await page.locator('[data-tab="enterprises"]').click();
      await page.locator('[data-testid="enterprise-new"]').click();
      const form = page.locator('[data-testid="enterprise-form"]');
      await form.locator('[data-testid="enterprise-name"]').fill('示例表单新增企业');
      await form.locator('[data-testid="enterprise-credit-code"]').fill('91350100M000100Y44');
      await form.locator('[data-testid="enterprise-chain"]').selectOption('new_materials');
      await form.locator('[data-testid="enterprise-scale"]').selectOption('above_scale');
      await form.locator('[data-testid="enterprise-above-since"]').fill('2024');
      await form.locator('[data-testid="enterprise-save"]').click();
      const problem = page.locator('[data-testid="enterprise-problem"]');
      await problem.waitFor({ timeout: 15_000 });
      expect(await problem.textContent()).toMatch(/校验码[\s\S]*check character[\s\S]*should be 3/);
      await form.locator('[data-testid="enterprise-credit-code"]').fill('91350100M000100Y43');
      await form.locator('[data-testid="enterprise-save"]').click();
      await page.locator('[data-testid="ent-detail"] [data-testid="enterprise-edit"]').waitFor({ timeout: 15_000 });
      const listed = (await (await fetch(`${server.url}/api/enterprises?q=${encodeURIComponent('示例表单新增企业')}`)).json()).enterprises;
      expect(listed).toHaveLength(1);
      const detail = await (await fetch(`${server.url}/api/enterprises/${listed[0].id}`)).json();
      expect(detail.enterprise).toMatchObject({ creditCode: '91350100M000100Y43', industryChain: 'new_materials', scale: 'above_scale', aboveScaleSinceYear: 2024, version: 1 });

      // Edit: tick 专精特新 and add rented floor; saved under the ETag as version 2.
      await page.locator('[data-testid="enterprise-edit"]').click();
      await form.locator('input[type="checkbox"][value="specialized_new"]').check();
      await form.locator('[data-testid="enterprise-rented"]').fill('1500');
      await form.locator('[data-testid="enterprise-save"]').click();
      await page.locator('[data-testid="enterprise-edit"]').waitFor({ timeout: 15_000 });
      const after = await (await fetch(`${server.url}/api/enterprises/${listed[0].id}`)).json();
      expect(after.enterprise).toMatchObject({ tags: ['specialized_new'], rentedFloorSquareMeters: 1500, aboveScaleSinceYear: 2024, version: 2 });
    } finally {
      await page.close();
    }
  });
});
