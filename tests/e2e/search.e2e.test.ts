/**
 * The search box in a real browser against a freshly seeded server: part of a
 * name, then pinyin initials, each picked (by click, by keyboard) selects the
 * parcel — its details open — and flies the map to it. The box is found by
 * its role and name (搜索 / Search) and the results by role option, as the
 * issue's contract for checks asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startTestServer } from './harness';
import { openApp } from './page';

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

interface Hit {
  id: number;
  name: string;
  bbox: [number, number, number, number];
}

async function apiSearch(q: string): Promise<Hit[]> {
  const response = await fetch(`${server!.url}/api/search?q=${encodeURIComponent(q)}`);
  expect(response.ok).toBe(true);
  return ((await response.json()) as { results: Hit[] }).results;
}

/** Waits until the map has stopped moving and its centre lies inside `bbox`. */
async function expectCentredOn(page: Page, bbox: Hit['bbox']): Promise<void> {
  await page.waitForFunction(
    ([minX, minY, maxX, maxY]) => {
      const map = window.__landLedgerMap!;
      const c = map.getCenter();
      return !map.isMoving() && c.lng >= minX! && c.lng <= maxX! && c.lat >= minY! && c.lat <= maxY!;
    },
    bbox,
    { timeout: 10_000 },
  );
}

describe('search (browser)', () => {
  it('part of a name, clicked, selects the parcel and flies to it', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      const expected = (await apiSearch('锂电正极'))[0]!;
      expect(expected.name).toContain('锂电正极');

      const box = page.getByRole('searchbox', { name: '搜索' });
      await box.fill('锂电正极');
      const options = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option');
      await options.first().waitFor({ timeout: 10_000 });
      const names = await options.locator('.name').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toContain('锂电正极');
      await options.filter({ hasText: expected.name }).first().click();

      await page.locator(`.title-block[data-parcel-id="${expected.id}"]`).waitFor({ timeout: 10_000 });
      await expectCentredOn(page, expected.bbox);
      expect(await options.count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('pinyin initials, chosen with the keyboard in English, select the parcel', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => localStorage.setItem('landLedger.lang', 'en'));
      await openApp(page, server.url);
      const hits = await apiSearch('ytb13');
      const expected = hits[0]!;
      expect(expected.name.startsWith('鱼田堡-13')).toBe(true);

      const box = page.getByRole('searchbox', { name: 'Search' });
      await box.fill('ytb13');
      const first = page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first();
      await first.waitFor({ timeout: 10_000 });
      expect(await first.getAttribute('data-parcel-id')).toBe(String(expected.id));
      expect(await first.getAttribute('aria-selected')).toBe('true');
      await box.press('Enter');

      await page.locator(`.title-block[data-parcel-id="${expected.id}"]`).waitFor({ timeout: 10_000 });
      await expectCentredOn(page, expected.bbox);
    } finally {
      await context.close();
    }
  });

  it('a name that matches nothing says so', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await page.getByRole('searchbox', { name: '搜索' }).fill('不存在的地块名');
      await page.getByText('没有匹配的地块').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('listbox', { name: '搜索结果' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
