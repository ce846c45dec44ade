/**
 * The quota dashboard in a real browser against a freshly seeded server:
 * the A0 row shows the API's own figure, the illustrative-data banner is
 * visible, the language toggle switches the header to English, the parks'
 * figures are worded 力争 / "aim for" as the plan words them (never 确保 or
 * "Floor"), the D rows read 亿元 and 家, and the page makes no request to any host but the local server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TALLY_ROLE_LABELS, TARGET_LEVEL_LABELS } from '../../domain/targetWords';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { signIn } from './page';

const PLAN_ID = 'wansheng-2023-2025';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const ADMIN: TestUser = Object.freeze({ username: 'plan-admin', password: 'long enough passphrase 42', role: 'admin' });

interface TallyTarget {
  code: string;
  secured: number;
}

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

/** Opens the app and waits for the map's data layers; returns every URL requested. */
async function openApp(page: Page, url: string): Promise<string[]> {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  return requested;
}

describe('dashboard (browser)', () => {
  it('shows the API tally, the illustrative banner and English on toggle, with no off-host requests', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const page = await browser.newPage();
    try {
      const requested = await openApp(page, server.url);

      const response = await fetch(`${server.url}/api/plans/${PLAN_ID}/tally`);
      expect(response.ok).toBe(true);
      const tally = (await response.json()) as { targets: TallyTarget[] };
      const a0 = tally.targets.find((t) => t.code === 'A0');
      expect(a0).toBeDefined();
      const securedMu = a0!.secured;

      const row = page.locator('[data-target="A0"]');
      await row.waitFor({ state: 'attached', timeout: 30_000 });
      const shownValue = Number(await row.getAttribute('data-secured-value'));
      expect(Math.abs(shownValue - securedMu)).toBeLessThan(1e-9);

      const securedText = (await row.locator('[data-field="secured"]').textContent()) ?? '';
      const expectedFigure = securedMu.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      expect(securedText).toContain(expectedFigure);

      const banner = page.locator('[data-testid="illustrative-banner"]');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain('示例数据');

      // The plan words the parks' figures 力争 (§三(三)); the dashboard says so, from the dictionary.
      const b1 = page.locator('.dashboard [data-target="B1.investment"]');
      expect((await b1.locator('[data-field="floor-level"]').textContent())?.trim()).toBe(TARGET_LEVEL_LABELS.strive.zh);
      expect((await b1.locator('[data-field="floor"]').textContent())?.trim()).toBe('突破 150.00 亿元');
      expect(await b1.locator('.marker.floor span').textContent()).toBe('力争');
      // The zone-wide economic targets are rows of the same tally, in 亿元 and 家 (D1: 确保突破 500, 力争达到 600).
      const d1 = page.locator('.dashboard [data-target="D1"]');
      expect((await d1.locator('[data-field="floor-level"]').textContent())?.trim()).toBe(TARGET_LEVEL_LABELS.ensure.zh);
      expect((await d1.locator('[data-field="floor"]').textContent())?.trim()).toBe('突破 500.00 亿元');
      expect((await page.locator('.dashboard [data-target="D8"] [data-field="floor"]').textContent())?.trim()).toBe('突破 100 家');
      const a0Level = (await row.locator('[data-field="floor-level"]').textContent())?.trim();
      expect(a0Level).toBe(TARGET_LEVEL_LABELS.plain.zh);
      expect((await row.locator('[data-field="floor"]').textContent())?.trim()).toMatch(/^5,000\.0 亩以上$/);
      const dashboardZh = (await page.locator('.dashboard').textContent()) ?? '';
      expect(dashboardZh).toContain(TALLY_ROLE_LABELS.pipeline.zh);
      expect(dashboardZh).toContain('D · 全区经济与企业指标');
      // 确保 is the plan's word for 工业总产值 alone (§二): no other row says it.
      const rowTexts = await page.locator('.dashboard [data-target]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-target'), r.textContent ?? '']));
      expect(rowTexts.filter(([, text]) => text!.includes('确保')).map(([code]) => code)).toEqual(['D1']);

      const title = page.locator('[data-testid="app-title"]');
      expect(await title.textContent()).toContain('园区用地与能源一张图');
      await page.locator('[data-testid="lang-toggle"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="app-title"]')?.textContent?.includes('Land Ledger') ?? false,
        undefined,
        { timeout: 10_000 },
      );
      const englishTitle = (await title.textContent()) ?? '';
      expect(englishTitle).toContain('Land Ledger');
      expect(englishTitle).not.toMatch(/[\u4e00-\u9fff]/);
      expect((await b1.locator('[data-field="floor-level"]').textContent())?.trim()).toBe('aim for');
      expect((await b1.locator('[data-field="floor"]').textContent())?.trim()).toMatch(/^over 150\.00 /);
      expect((await page.locator('.dashboard [data-target="B1.land"] [data-field="floor-level"]').textContent())?.trim()).toBe('aim for');
      const dashboardEn = (await page.locator('.dashboard').textContent()) ?? '';
      expect(dashboardEn).toContain('Factory floor area');
      expect(dashboardEn).not.toMatch(/Floor|Stretch/);
      const rowTextsEn = await page.locator('.dashboard [data-target]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-target'), r.textContent ?? '']));
      expect(rowTextsEn.filter(([, text]) => text!.includes('must reach')).map(([code]) => code)).toEqual(['D1']);

      const offHost = requested.filter((raw) => {
        const url = new URL(raw);
        if (!/^(https?|wss?):$/.test(url.protocol)) return false; // data:, blob:
        return !LOCAL_HOSTS.has(url.hostname);
      });
      expect(offHost).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('an admin sets the plan’s word in the target form and the dashboard row follows', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const page = await browser.newPage();
    try {
      await openApp(page, server.url);
      await signIn(page, ADMIN);
      await page.locator('[data-tab="review"]').click();
      const item = page.locator('[data-testid="plan-admin"] [data-target-code="A1"]');
      await item.waitFor({ timeout: 30_000 });
      await item.locator('[data-testid="target-edit"]').click();
      const dialog = page.locator('[data-testid="target-dialog"]');
      // The stored word shows in the form: A1 is a plain figure (落实…1000亩).
      expect(await dialog.locator('[data-field="floorLevel"]').inputValue()).toBe('plain');
      expect(await dialog.locator('[data-field="floorWordZh"]').inputValue()).toBe('');
      await dialog.locator('[data-field="floorLevel"]').selectOption('ensure');
      await dialog.locator('[data-field="floorWordZh"]').selectOption('以上');
      await dialog.locator('[data-testid="target-submit"]').click();
      await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

      const served = (await (await fetch(`${server.url}/api/plans/${PLAN_ID}/tally`)).json()) as { targets: { code: string; floorLevel: string; floorWordZh: string | null }[] };
      expect(served.targets.find((t) => t.code === 'A1')).toMatchObject({ floorLevel: 'ensure', floorWordZh: '以上' });
      await page.locator('[data-tab="dashboard"]').click();
      const row = page.locator('.dashboard [data-target="A1"]');
      await page.waitForFunction(() => document.querySelector('.dashboard [data-target="A1"] [data-field="floor-level"]')?.textContent?.trim() === '确保', undefined, { timeout: 15_000 });
      expect((await row.locator('[data-field="floor"]').textContent())?.trim()).toBe('1,000.0 亩以上');
    } finally {
      await page.close();
    }
  }, 120_000);
});
