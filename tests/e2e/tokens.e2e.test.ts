/**
 * API tokens in a real browser: an admin makes a token in the Import/Export
 * tab (shown once; it works), revokes it there (refused at once), and revokes
 * another user's token from the every-user list (refused at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { openApp, signIn } from './page';

const ADMIN: TestUser = Object.freeze({ username: 'keeper', password: 'long enough passphrase 61', role: 'admin' });
const EDITOR: TestUser = Object.freeze({ username: 'surveyor', password: 'long enough passphrase 62', role: 'editor' });

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  server = await startTestServer({ users: [ADMIN, EDITOR] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const basic = (u: TestUser) => `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
const meStatus = async (token: string) => (await fetch(`${server!.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status;

describe('API tokens (browser)', () => {
  it('an admin makes, sees once and revokes a token, and revokes another user’s', async (ctx) => {
    if (!browser || !server) {
      ctx.skip();
      return;
    }
    const made = await fetch(`${server.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basic(EDITOR) },
      body: JSON.stringify({ name: 'field laptop' }),
    });
    const editorToken = (await made.json()) as { token: string; id: number };
    expect(await meStatus(editorToken.token)).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page, ADMIN);
      await page.locator('[data-tab="importExport"]').click();
      const section = page.locator('[data-testid="api-tokens"]');
      await section.waitFor();

      await section.locator('[data-field="token-name"]').fill('qgis desk');
      await section.locator('[data-field="token-days"]').fill('30');
      await section.locator('[data-testid="token-create"]').click();
      const secret = (await section.locator('[data-testid="token-secret"]').textContent())!.trim();
      expect(secret).toMatch(/^ll_/);
      expect(await meStatus(secret)).toBe(200);

      const own = section.locator('[data-testid="token-table"][data-scope="own"]');
      await expect.poll(() => own.locator('tbody tr').count()).toBe(1);
      await own.locator('[data-testid="token-revoke"]').click();
      await expect.poll(() => meStatus(secret)).toBe(401);

      const all = section.locator('[data-testid="token-table"][data-scope="all"]');
      const editorRow = all.locator(`tr[data-token-id="${editorToken.id}"]`);
      await editorRow.waitFor();
      expect(await editorRow.textContent()).toContain('surveyor');
      await editorRow.locator('[data-testid="token-revoke"]').click();
      await expect.poll(() => meStatus(editorToken.token)).toBe(401);
      await expect.poll(() => editorRow.count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 180_000);
});
