/**
 * Linking parcels to an enterprise through the UI, in a real browser against
 * a freshly seeded server: an editor opens an enterprise in the Enterprises
 * tab, picks a parcel on the map and adds another from the list, saves; the
 * server holds both links, the map (coloured by 亩均 class) paints them in
 * the enterprise's class colour with the legend's entry, and the parcel's
 * own panel names the enterprise. From the parcel panel a third parcel is
 * linked, and a parcel another enterprise holds is refused with the reason
 * in Chinese and English. In the 项目库, an overdue milestone is flagged and
 * an editor records its actual date and the project's funds in place.
 */
import { pointOnFeature } from '@turf/turf';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, signIn, toPagePixels } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'link-planner', password: 'long enough passphrase 12', role: 'editor' });
const YEAR = new Date().getFullYear() - 1;
const CLASS_COLORS: Record<string, string> = { A: '#1b7f3b', B: '#9fd3a8', C: '#f6c97a', D: '#b3261e', unclassed: '#9aa3ad' };

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;
let firmId = 0;
let otherId = 0;
let free: any[] = [];
let otherParcel: any = null;
let projectId = 0;

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
  const linked = new Set((await (await fetch(`${server.url}/api/efficiency/parcels?year=${YEAR}`)).json()).parcels.map((p: any) => p.parcelId));
  free = parcels.filter((f: any) => f.properties.status === 'in_production' && !linked.has(f.id)).sort((a: any, b: any) => b.properties.areaMu - a.properties.areaMu);
  expect(free.length).toBeGreaterThanOrEqual(4);
  const firm = await api('POST', '/api/enterprises', { name: '示例关联测试企业', scale: 'above_scale' });
  firmId = (await firm.json()).id;
  await api('PUT', `/api/enterprises/${firmId}/statistics/${YEAR}`, { taxYi: 0.5, revenueYi: 8, valueAddedYi: 2, energyTce: 1000, rdYi: 0.3, employees: 300 });
  // Another enterprise holds one parcel already: linking it elsewhere must be refused.
  const other = await api('POST', '/api/enterprises', { name: '示例已占用企业', scale: 'above_scale' });
  otherId = (await other.json()).id;
  otherParcel = free[3];
  await api('PUT', `/api/enterprises/${otherId}/parcels`, { parcelIds: [otherParcel.id] }, { 'If-Match': other.headers.get('ETag')! });
  // A project whose start was planned long ago and never recorded: overdue.
  const project = await api('POST', '/api/projects', {
    name: '示例逾期项目',
    enterpriseId: firmId,
    signedInvestmentYi: 12,
    plannedInvestmentYi: 15,
    milestones: { signed: { planned: '2023-03-01', actual: '2023-03-01' }, started: { planned: '2024-01-15' } },
  });
  projectId = (await project.json()).id;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Clicks a parcel on the map at a point inside it. */
async function clickParcel(page: Page, feature: any) {
  const p = await toPagePixels(page, pointOnFeature(feature).geometry.coordinates);
  await page.mouse.click(p.x, p.y);
}

/** The fill colour the map's parcel layer gives a parcel id, read from the layer's match expression. */
async function paintedColor(page: Page, parcelId: number): Promise<string | null> {
  return page.evaluate((id) => {
    const expr = window.__landLedgerMap!.getPaintProperty('parcels-fill', 'fill-color') as unknown;
    if (!Array.isArray(expr) || expr[0] !== 'match') return typeof expr === 'string' ? expr : null;
    for (let i = 2; i < expr.length - 1; i += 2) if ((expr[i] as string[]).includes(String(id))) return expr[i + 1] as string;
    return expr[expr.length - 1] as string;
  }, parcelId);
}

describe('linking parcels to an enterprise (browser)', () => {
  it('picks on the map and from the list, saves, and shows the link on the class layer and in the parcel panel', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      await page.locator('[data-tab="layers"]').click();
      await page.locator('input[name="ll-parcel-color-mode"][value="efficiency"]').check();
      await page.locator('[data-tab="enterprises"]').click();
      await page.locator(`[data-enterprise-id="${firmId}"] button`).click();
      await page.locator('[data-testid="link-edit"]').click();

      // One parcel picked on the map, one from the list.
      await page.locator('[data-testid="link-pick"]').click();
      await clickParcel(page, free[0]);
      await page.locator(`[data-draft-parcel="${free[0].id}"]`).waitFor({ timeout: 10_000 });
      await page.locator('[data-testid="link-pick"]').click();
      await page.locator('[data-testid="link-choose"]').selectOption(String(free[1].id));
      await page.locator('[data-testid="link-add"]').click();
      await page.locator(`[data-draft-parcel="${free[1].id}"]`).waitFor();
      expect(await page.locator('[data-testid="link-editor"] .count').textContent()).toContain('亩');
      await page.screenshot({ path: '/tmp/ui12/link-draft.png' });
      await page.locator('[data-testid="link-save"]').click();
      await page.locator('[data-testid="link-editor"]').waitFor({ state: 'detached', timeout: 15_000 });

      const detail = await (await fetch(`${server.url}/api/enterprises/${firmId}`)).json();
      expect(detail.parcels.map((p: any) => p.id).sort()).toEqual([free[0].id, free[1].id].sort());
      // The panel reads the enterprise again: both parcels listed.
      await page.locator('[data-testid="ent-detail"]', { hasText: free[1].properties.name }).waitFor({ timeout: 15_000 });

      // The class layer paints both in the enterprise's class colour, and the legend names that class.
      const served = (await (await fetch(`${server.url}/api/efficiency/parcels?year=${YEAR}`)).json()).parcels.find((p: any) => p.parcelId === free[0].id);
      expect(served.enterpriseId).toBe(firmId);
      const expected = CLASS_COLORS[served.class ?? 'unclassed'];
      await page.waitForFunction(
        ([id, color]) => {
          const expr = window.__landLedgerMap!.getPaintProperty('parcels-fill', 'fill-color') as unknown;
          return Array.isArray(expr) && expr.some((arm, i) => Array.isArray(arm) && arm.includes(String(id)) && expr[i + 1] === color);
        },
        [free[0].id, expected] as const,
        { timeout: 15_000 },
      );
      expect(await paintedColor(page, free[1].id)).toBe(expected);
      expect(await paintedColor(page, free[2].id)).toBe('#eceff2');
      await page.locator(`.legend.floating [data-legend-key="${served.class ?? 'unclassed'}"]`).waitFor();

      // The parcel's own panel names its enterprise.
      await clickParcel(page, free[0]);
      await page.locator('[data-testid="parcel-firm"] [data-field="linkedEnterprise"]', { hasText: '示例关联测试企业' }).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: '/tmp/ui12/link-parcel-panel.png' });

      // From a free parcel's panel: link it to the enterprise.
      await clickParcel(page, free[2]);
      await page.locator('[data-testid="parcel-firm-choose"]').focus();
      await page.locator(`[data-testid="parcel-firm-choose"] option[value="${firmId}"]`).waitFor({ state: 'attached', timeout: 10_000 });
      await page.locator('[data-testid="parcel-firm-choose"]').selectOption(String(firmId));
      await page.locator('[data-testid="parcel-firm-link"]').click();
      await page.locator('[data-testid="parcel-firm"] [data-field="linkedEnterprise"]', { hasText: '示例关联测试企业' }).waitFor({ timeout: 15_000 });
      const after = await (await fetch(`${server.url}/api/enterprises/${firmId}`)).json();
      expect(after.parcels.map((p: any) => p.id)).toContain(free[2].id);
      await page.waitForFunction(
        ([id, color]) => {
          const expr = window.__landLedgerMap!.getPaintProperty('parcels-fill', 'fill-color') as unknown;
          return Array.isArray(expr) && expr.some((arm, i) => Array.isArray(arm) && arm.includes(String(id)) && expr[i + 1] === color);
        },
        [free[2].id, expected] as const,
        { timeout: 15_000 },
      );

      // Adding the parcel another enterprise holds is refused, in both languages, and nothing moves.
      await page.locator('[data-tab="enterprises"]').click();
      await page.locator('[data-testid="link-edit"]').click();
      await page.locator('[data-testid="link-choose"]').selectOption(String(otherParcel.id));
      await page.locator('[data-testid="link-add"]').click();
      await page.locator('[data-testid="link-save"]').click();
      const problem = page.locator('[data-testid="link-problem"]');
      await problem.waitFor({ timeout: 15_000 });
      expect(await problem.textContent()).toContain('地块已关联到其他企业');
      expect(await problem.textContent()).toContain('already linked to another enterprise');
      expect(await problem.textContent()).toContain('示例已占用企业');
      await page.screenshot({ path: '/tmp/ui12/link-refused.png' });
      const held = await (await fetch(`${server.url}/api/enterprises/${otherId}`)).json();
      expect(held.parcels.map((p: any) => p.id)).toEqual([otherParcel.id]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('flags an overdue milestone in the 项目库 and records its actual date and a year of funds through the form', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openApp(page, server.url);
      await signIn(page, EDITOR);
      await page.locator('[data-tab="enterprises"]').click();
      const row = page.locator(`[data-project-id="${projectId}"]`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.locator('[data-overdue="started"]').textContent()).toContain('2024-01-15');
      expect(await row.textContent()).toContain('12.00 亿元');

      await row.locator('button').click();
      const form = page.locator('[data-testid="project-form"]');
      await form.waitFor();
      await form.locator('[data-form-overdue="started"]').waitFor();
      await form.locator('[data-milestone="started"] input[data-field="actual"]').fill('2024-03-20');
      // The flag goes as soon as the date is typed: the form reads its own milestones.
      await form.locator('[data-form-overdue="started"]').waitFor({ state: 'detached' });
      await form.locator('[data-testid="project-fund-add"]').click();
      await form.locator('[data-testid="project-fund-year"]').fill('2024');
      await form.locator('[data-testid="project-fund-yi"]').fill('4.5');
      await page.screenshot({ path: '/tmp/ui12/project-form.png' });
      await form.locator('[data-testid="project-save"]').click();
      await form.waitFor({ state: 'detached', timeout: 15_000 });

      const saved = await (await fetch(`${server.url}/api/projects/${projectId}`)).json();
      expect(saved.milestones.started).toEqual({ planned: '2024-01-15', actual: '2024-03-20' });
      expect(saved.milestones.signed).toEqual({ planned: '2023-03-01', actual: '2023-03-01' });
      expect(saved.fundsInPlaceYi).toEqual({ '2024': 4.5 });
      expect(saved.version).toBe(2);
      expect(saved.overdue).toEqual([]);
      await row.locator('[data-overdue]').first().waitFor({ state: 'detached', timeout: 10_000 });

      // A stale form is refused with the reason in both languages: someone saved meanwhile.
      await row.locator('button').click();
      await form.waitFor();
      await api('PATCH', `/api/projects/${projectId}`, { notes: '他人修改' }, { 'If-Match': `"projects-${projectId}-v2"` });
      await form.locator('[data-testid="project-name"]').fill('示例逾期项目（改名）');
      await form.locator('[data-testid="project-save"]').click();
      const problem = page.locator('[data-testid="project-problem"]');
      await problem.waitFor({ timeout: 15_000 });
      expect(await problem.textContent()).toContain('已被他人修改');
      expect(await problem.textContent()).toContain('Someone else changed');
      expect((await (await fetch(`${server.url}/api/projects/${projectId}`)).json()).name).toBe('示例逾期项目');
    } finally {
      await page.close();
    }
  }, 180_000);
});
