/**
 * The attribute table's bulk edit in a real browser: an editor ticks one row
 * and Shift-clicks the fifth (five planned parcels), sets their status to
 * supplied in the form under the grid, and that is exactly one POST
 * /api/parcels/bulk; every land target on the dashboard moves by the area
 * those five counted in its pipeline (the drill-down's counted area, read
 * before), the table shows the new status, the edit log lists one edit of
 * five changes, and the selection's export downloads those five parcels.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { squareMetersToMu } from '../../domain/units';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, securedValue, signIn } from './page';

const require = createRequire(import.meta.url);
const EDITOR: TestUser = Object.freeze({ username: 'bulker', password: 'long enough passphrase 17', role: 'editor' });
const PLAN_ID = 'wansheng-2023-2025';

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

async function apiJson<T>(path: string): Promise<T> {
  const response = await fetch(`${server!.url}${path}`);
  expect(response.ok, path).toBe(true);
  return (await response.json()) as T;
}

interface TallyTarget { code: string; metric: string; secured: number }
interface DrillParcel { id: number; role: 'secured' | 'pipeline'; countedAreaSquareMeters: number }

describe('bulk edit from the attribute table (browser)', () => {
  it('sets the status of 5 selected rows in one write; the dashboard moves by their areas', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    try {
      const page = await context.newPage();
      const bulkPosts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/parcels/bulk') bulkPosts.push(request.postData() ?? '');
      });
      await openApp(page, server.url);
      await signIn(page, EDITOR);

      // The first five planned parcels in id order, and what each land target counts of them in its pipeline.
      const planned = await apiJson<{ total: number; rows: { id: number; areaMu: number }[] }>('/api/parcels/table?status=planned&sort=id&limit=5');
      expect(planned.rows).toHaveLength(5);
      const ids = planned.rows.map((r) => r.id);
      const tally = await apiJson<{ targets: TallyTarget[] }>(`/api/plans/${PLAN_ID}/tally`);
      const landTargets = tally.targets.filter((x) => x.metric === 'land_mu');
      const expectedRise = new Map<string, number>();
      for (const target of landTargets) {
        const drill = await apiJson<{ parcels: DrillParcel[] }>(`/api/plans/${PLAN_ID}/targets/${encodeURIComponent(target.code)}/parcels`);
        const counted = drill.parcels.filter((p) => p.role === 'pipeline' && ids.includes(p.id)).reduce((s, p) => s + p.countedAreaSquareMeters, 0);
        expectedRise.set(target.code, squareMetersToMu(counted));
      }
      // The five count somewhere, so the dashboard has something to move by.
      expect(Math.max(...expectedRise.values())).toBeGreaterThan(1);
      const before = new Map<string, number>();
      for (const target of landTargets) before.set(target.code, await securedValue(page, target.code));

      await page.locator('[data-testid="table-toggle"]').click();
      const grid = page.getByRole('grid');
      await grid.waitFor();
      await page.locator('[data-testid="table-status"]').selectOption('planned');
      await expect.poll(async () => Number(await page.locator('[data-testid="table-count"]').getAttribute('data-total')), { timeout: 15_000 }).toBe(planned.total);
      await grid.locator(`[role="row"][data-parcel-id="${ids[0]}"]`).waitFor();

      // Tick the first row, Shift-click the fifth: five rows picked, the map shows the first while it was the only one.
      await grid.locator(`[role="row"][data-parcel-id="${ids[0]}"] [data-testid="table-pick"]`).check();
      await expect.poll(() => page.evaluate(() => document.querySelector('.title-block')?.getAttribute('data-parcel-id'))).toBe(String(ids[0]));
      await grid.locator(`[role="row"][data-parcel-id="${ids[4]}"] .name`).click({ modifiers: ['Shift'] });
      const count = page.locator('[data-testid="table-selected-count"]');
      await expect.poll(() => count.getAttribute('data-count')).toBe('5');
      for (const id of ids) expect(await grid.locator(`[role="row"][data-parcel-id="${id}"]`).getAttribute('aria-selected')).toBe('true');

      // The selection's export downloads exactly these five.
      const href = await page.locator('[data-testid="table-export"]').getAttribute('href');
      const exported = await fetch(`${server.url}${href}`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('X-Feature-Count')).toBe('5');
      const exportedIds = ((await exported.json()) as { features: { id?: number | string; properties: { id?: number } }[] }).features.map((f) => Number(f.id ?? f.properties.id));
      expect(exportedIds.sort((a, b) => a - b)).toEqual(ids);

      await page.locator('[data-testid="bulk-form"]').waitFor();
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const serious = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(c: Element, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
        const r = await axe.run(document.querySelector('[data-testid="attribute-table"]')!, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      });
      expect(serious).toEqual([]);

      await page.locator('[data-testid="bulk-status"]').selectOption('supplied');
      await page.locator('[data-testid="bulk-apply"]').click();
      await expect.poll(() => page.locator('[data-testid="bulk-outcome"] .ok').count(), { timeout: 15_000 }).toBe(1);
      expect(bulkPosts).toHaveLength(1);
      expect(JSON.parse(bulkPosts[0]!)).toEqual({ items: ids.map((id) => ({ id, version: 1 })), set: { status: 'supplied' } });

      // The table starts over: the five are no longer planned.
      await expect.poll(async () => Number(await page.locator('[data-testid="table-count"]').getAttribute('data-total')), { timeout: 15_000 }).toBe(planned.total - 5);

      await page.locator('[role="tab"][data-tab="dashboard"]').click();
      for (const target of landTargets) {
        const rise = expectedRise.get(target.code)!;
        await expect.poll(async () => (await securedValue(page, target.code)) - before.get(target.code)!, { timeout: 15_000 }).toBeCloseTo(rise, 6);
      }
      expect(bulkPosts).toHaveLength(1);

      const edits = await apiJson<{ edits: { kind: string; changes: unknown[] }[] }>('/api/edits?limit=1');
      expect(edits.edits[0]).toMatchObject({ kind: 'bulk' });
      expect(edits.edits[0]!.changes).toHaveLength(5);
    } finally {
      await context.close();
    }
  }, 180_000);
});
