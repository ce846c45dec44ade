/**
 * The user CLI (npm run user) and the LEDGER_ADMIN_PASSWORD bootstrap, on the
 * suite's own database: a user added by the CLI can sign in with its role.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ensureBootstrapAdmin } from '../../server/auth/users.store';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...(t.url ? { DATABASE_URL: t.url } : { LEDGER_DB: t.path, DATABASE_URL: '' }) },
    timeout: 60_000,
  });

const login = (username: string, password: string) =>
  createApp(t.db).request('http://l/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('users', () => {
  it('a fresh database with LEDGER_ADMIN_PASSWORD gets user admin, once', async () => {
    expect(await ensureBootstrapAdmin(t.db, 'first-admin-password')).toBe(true);
    expect(await ensureBootstrapAdmin(t.db, 'second-password')).toBe(false);
    const res = await login('admin', 'first-admin-password');
    expect(res.status).toBe(200);
    expect((await res.json()).user.role).toBe('admin');
  });

  it('npm run user -- add/role/passwd/list/remove', async () => {
    const added = await cli('add', 'wang', '--role', 'editor', '--password', 'wang-password-1');
    expect(added.stdout).toContain('added wang (editor)');
    expect((await login('wang', 'wang-password-1')).status).toBe(200);
    await cli('role', 'wang', '--role', 'viewer');
    expect((await cli('list')).stdout).toMatch(/wang\tviewer/);
    await cli('passwd', 'wang', '--password', 'wang-password-2');
    expect((await login('wang', 'wang-password-1')).status).toBe(401);
    expect((await login('wang', 'wang-password-2')).status).toBe(200);
    const token = (await cli('token', 'wang', '--name', 'qgis')).stdout.trim();
    expect(token).toMatch(/^ll_/);
    const me = await createApp(t.db).request('http://l/api/auth/me', { headers: { Authorization: `Bearer ${token}` } });
    expect((await me.json()).user.username).toBe('wang');
    await cli('remove', 'wang');
    expect((await login('wang', 'wang-password-2')).status).toBe(401);
    await expect(cli('add', 'x', '--role', 'boss', '--password', 'long-enough')).rejects.toThrow();
    await expect(cli('add', 'y', '--role', 'editor', '--password', 'short')).rejects.toThrow();
    // Seven CLI processes (tsx start-up each): ~29 s on two busy cores, at the edge of the default 30 s.
  }, 180_000);
});
