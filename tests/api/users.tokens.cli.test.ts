/**
 * The user CLI takes sign-in back under a running server: tokens listed and
 * revoked, expiring tokens, and disabled users, each refused on the server's
 * very next request (the CLI is another process writing the same database).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createUser } from '../../server/auth/users.store';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let t: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  app = createApp(t.db);
  await createUser(t.db, 'liu', 'liu-password-1', 'editor');
});
afterAll(async () => t.dispose());

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...(t.url ? { DATABASE_URL: t.url } : { LEDGER_DB: t.path, DATABASE_URL: '' }) },
    timeout: 60_000,
  });

const me = (authorization: string) => app.request('http://localhost/api/auth/me', { headers: { Authorization: authorization } });

describe('npm run user -- token/tokens/revoke-token/disable', () => {
  it('makes an expiring token, lists it without the secret, revokes it by id; disable refuses Basic at once', async () => {
    const made = await cli('token', 'liu', '--name', 'qgis', '--expires-days', '30');
    const token = made.stdout.trim();
    expect(token).toMatch(/^ll_/);
    expect(made.stderr).toMatch(/token id \d+, expires \d{4}-/);
    expect((await me(`Bearer ${token}`)).status).toBe(200);

    const listed = (await cli('tokens', 'liu')).stdout;
    const row = listed.split('\n').find((line) => line.includes('\tliu\tqgis\t'))!;
    expect(row).toBeTruthy();
    expect(listed).not.toContain(token);
    const id = row.split('\t')[0]!;
    const expires = row.split('\t')[5]!;
    expect((Date.parse(expires) - Date.now()) / 86_400_000).toBeGreaterThan(29.9);

    expect((await cli('revoke-token', id)).stdout).toContain(`token ${id} revoked`);
    expect((await me(`Bearer ${token}`)).status).toBe(401);
    await expect(cli('revoke-token', id)).rejects.toThrow();
    await expect(cli('token', 'liu', '--expires-days', '0')).rejects.toThrow();

    const basic = `Basic ${Buffer.from('liu:liu-password-1').toString('base64')}`;
    expect((await me(basic)).status).toBe(200);
    await cli('disable', 'liu');
    expect((await me(basic)).status).toBe(401);
  }, 240_000);
});
