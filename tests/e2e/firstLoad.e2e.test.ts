/**
 * What a first visit fetches: a cold load in a fresh browser context makes
 * no per-parcel requests, reads the tally once and stays within 20
 * requests; JavaScript arrives compressed; the drawing code (terra-draw,
 * the domain operations, the edit panel) is fetched only when a planner
 * starts drawing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, signIn } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'firstload', password: 'long enough passphrase 42', role: 'editor' });
const EDITING_CHUNKS = /\/assets\/(?:DrawingLayer|geometryOps|EditPanel)-[^/]*\.js$/;

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [EDITOR] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first load (browser)', () => {
  it('cold: no per-parcel requests, the tally once, at most 20 requests, no editing code until drawing starts', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await openApp(page, server.url);
      await page.locator('.dashboard [data-target]').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="live-status"][data-connected="true"]').waitFor({ timeout: 15_000 });
      // Anything the load still triggers (a late tally, change replays) has time to show up.
      await page.waitForTimeout(1500);

      const paths = requests.map((r) => new URL(r.url()).pathname);
      const listing = requests.map((r) => r.url().replace(server!.url, "")).join('\n');
      expect(paths.filter((p) => /^\/ogc\/collections\/[^/]+\/items\/[^/]+$/.test(p)), listing).toEqual([]);
      expect(paths.filter((p) => /^\/api\/plans\/[^/]+\/tally$/.test(p)), listing).toHaveLength(1);
      expect(requests.length, listing).toBeLessThanOrEqual(20);
      expect(paths.filter((p) => EDITING_CHUNKS.test(p)), listing).toEqual([]);

      // JavaScript came brotli-compressed and marked for year-long caching.
      const script = requests.find((r) => /\/assets\/index-[^/]*\.js$/.test(r.url()));
      const answer = await script?.response();
      expect(answer?.headers()['content-encoding']).toBe('br');
      expect(answer?.headers()['cache-control']).toContain('immutable');

      await signIn(page, EDITOR);
      await page.locator('[data-testid="edit-toolbar"]').waitFor();
      expect(requests.filter((r) => EDITING_CHUNKS.test(r.url())).length).toBe(0);

      const fetched = page.waitForRequest((r) => /\/assets\/DrawingLayer-[^/]*\.js$/.test(r.url()), { timeout: 15_000 });
      await page.locator('[data-tool="polygon"]').click();
      await fetched;
      await page.locator('#ll-panel-edit').waitFor({ state: 'visible' });
      const chunks = requests.map((r) => new URL(r.url()).pathname).filter((p) => EDITING_CHUNKS.test(p));
      expect(chunks.some((p) => p.includes('/geometryOps-'))).toBe(true);
      expect(chunks.some((p) => p.includes('/EditPanel-'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});
