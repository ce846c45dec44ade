/**
 * axe-core, injected into the page, on every sidebar panel — as a visitor and
 * as a signed-in admin (who sees the editing and admin controls), in Chinese
 * and in English — and with the search results and the measuring read-out
 * open: no serious or critical violation. The page's CSP allows only its own
 * scripts, so the test context bypasses it to inject axe.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, signIn } from './page';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const ADMIN: TestUser = Object.freeze({ username: 'auditor', password: 'long enough passphrase 3', role: 'admin' });
const TABS = ['dashboard', 'layers', 'details', 'edit', 'energy', 'enterprises', 'review', 'importExport'] as const;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer({ users: [ADMIN] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Finding {
  id: string;
  impact: string;
  nodes: string[];
}

/** Serious and critical axe violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

async function auditEveryPanel(page: Page, label: string): Promise<void> {
  for (const tab of TABS) {
    await page.locator(`[role="tab"][data-tab="${tab}"]`).click();
    await page.locator(`#ll-panel-${tab}`).waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), `${label}: ${tab}`).toEqual([]);
  }
}

describe('accessibility (browser, axe-core)', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`no serious or critical violation on any panel, as a visitor (${lang})`, async (ctx) => {
      if (!browser || !server) return ctx.skip();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.addInitScript((l) => localStorage.setItem('landLedger.lang', l), lang);
        await openApp(page, server.url);
        await page.getByRole('searchbox').fill('鱼田堡');
        await page.getByRole('listbox').getByRole('option').first().waitFor();
        expect(await seriousViolations(page), 'search results open').toEqual([]);
        // Picking a result selects the parcel, so the details panel is audited with a parcel in it.
        await page.keyboard.press('Enter');
        await page.locator('.title-block[data-parcel-id]').waitFor();
        await auditEveryPanel(page, `visitor ${lang}`);

        await page.locator('[data-testid="measure-area"]').click();
        expect(await seriousViolations(page), 'measuring').toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('no serious or critical violation on any panel, signed in as an admin', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, ADMIN);
      await auditEveryPanel(page, 'admin');
    } finally {
      await context.close();
    }
  }, 120_000);
});
