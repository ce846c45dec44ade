/**
 * Sign-in that can be taken back: API tokens are listed, revoked and expire;
 * a password change, a demotion, a disabled or removed user count on the very
 * next request for cookie sessions, Basic and tokens alike (no cache grace).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createUser, removeUser, setDisabled, setPassword, setRole } from '../../server/auth/users.store';
import type { Role } from '../../server/db/schema';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { PASSWORD } from '../support/users';

const BASE = 'http://localhost';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
});
afterAll(async () => t.dispose());

const basic = (username: string, password = PASSWORD) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const json = { 'Content-Type': 'application/json' };
const station = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.95, 28.97] }, properties: { name: 's', kind: 'storage', status: 'planned' } };

/** A user with a session cookie, a verified (cached) Basic header and an API token. */
async function signedIn(username: string, role: Role) {
  await createUser(t.db, username, PASSWORD, role);
  const login = await app.request(`${BASE}/api/auth/login`, { method: 'POST', headers: { ...json, Origin: BASE }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('Set-Cookie')!.split(';')[0]!;
  const created = await app.request(`${BASE}/api/auth/tokens`, { method: 'POST', headers: { ...json, Authorization: basic(username) }, body: JSON.stringify({ name: 'qgis' }) });
  expect(created.status).toBe(201);
  const { token, id } = await created.json();
  return { cookie, basic: basic(username), bearer: `Bearer ${token}`, tokenId: id as number };
}

async function whoAmI(headers: Record<string, string>): Promise<{ status: number; user: { username: string; role: Role } | null }> {
  const res = await app.request(`${BASE}/api/auth/me`, { headers });
  return { status: res.status, user: res.status === 200 ? (await res.json()).user : null };
}

describe('API tokens', () => {
  it('a user lists their own tokens (never a hash or the token) and revokes one: refused on the very next request', async () => {
    const u = await signedIn('li', 'editor');
    expect((await whoAmI({ Authorization: u.bearer })).user?.username).toBe('li');
    const list = await (await app.request(`${BASE}/api/auth/tokens`, { headers: { Authorization: u.bearer } })).json();
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0]).toMatchObject({ id: u.tokenId, name: 'qgis', username: 'li', expiresAt: null });
    expect(list.tokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toMatch(/tokenHash|ll_/);

    const revoked = await app.request(`${BASE}/api/auth/tokens/${u.tokenId}`, { method: 'DELETE', headers: { Authorization: u.basic } });
    expect(revoked.status).toBe(204);
    expect((await whoAmI({ Authorization: u.bearer })).status).toBe(401);
    expect((await app.request(`${BASE}/api/auth/tokens/${u.tokenId}`, { method: 'DELETE', headers: { Authorization: u.basic } })).status).toBe(404);
  });

  it("a user cannot see or revoke another user's token; an admin lists every token and revokes any", async () => {
    const owner = await signedIn('zhao', 'viewer');
    const other = await signedIn('qian', 'editor');
    const admin = await signedIn('sun', 'admin');
    const seen = await (await app.request(`${BASE}/api/auth/tokens`, { headers: { Authorization: other.basic } })).json();
    expect(seen.tokens.map((x: { username: string }) => x.username)).toEqual(['qian']);
    expect((await app.request(`${BASE}/api/auth/tokens/${owner.tokenId}`, { method: 'DELETE', headers: { Authorization: other.basic } })).status).toBe(404);
    expect((await whoAmI({ Authorization: owner.bearer })).status).toBe(200);
    expect((await app.request(`${BASE}/api/auth/admin/tokens`, { headers: { Authorization: other.basic } })).status).toBe(403);

    const all = await (await app.request(`${BASE}/api/auth/admin/tokens`, { headers: { Authorization: admin.basic } })).json();
    expect(all.tokens.map((x: { username: string }) => x.username)).toEqual(expect.arrayContaining(['zhao', 'qian', 'sun']));
    expect((await app.request(`${BASE}/api/auth/admin/tokens/${owner.tokenId}`, { method: 'DELETE', headers: { Authorization: admin.basic } })).status).toBe(204);
    expect((await whoAmI({ Authorization: owner.bearer })).status).toBe(401);
    expect((await app.request(`${BASE}/api/auth/admin/tokens/abc`, { method: 'DELETE', headers: { Authorization: admin.basic } })).status).toBe(400);
  });

  it('a token with an expiry works until then and is refused after', async () => {
    await createUser(t.db, 'zhou', PASSWORD, 'viewer');
    const res = await app.request(`${BASE}/api/auth/tokens`, { method: 'POST', headers: { ...json, Authorization: basic('zhou') }, body: JSON.stringify({ name: 'week', expiresDays: 7 }) });
    expect(res.status).toBe(201);
    const { token, id, expiresAt } = await res.json();
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect((await whoAmI({ Authorization: `Bearer ${token}` })).user?.username).toBe('zhou');
    // A week later, as far as the token is concerned.
    await t.db.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    expect((await whoAmI({ Authorization: `Bearer ${token}` })).status).toBe(401);
    for (const expiresDays of [0, -1, 1.5, 3651]) {
      const bad = await app.request(`${BASE}/api/auth/tokens`, { method: 'POST', headers: { ...json, Authorization: basic('zhou') }, body: JSON.stringify({ name: 'x', expiresDays }) });
      expect(bad.status).toBe(400);
    }
  });
});

describe('account changes take effect at once', () => {
  it('a new password ends the session, the old Basic credentials and every token on the next request', async () => {
    const u = await signedIn('wu', 'editor');
    // Warm the Basic cache: the old header has been verified a moment ago.
    expect((await whoAmI({ Authorization: u.basic })).user?.username).toBe('wu');
    expect(await setPassword(t.db, 'wu', 'a brand new password')).toBe(true);
    expect((await whoAmI({ Cookie: u.cookie })).user).toBeNull();
    expect((await whoAmI({ Authorization: u.basic })).status).toBe(401);
    expect((await whoAmI({ Authorization: u.bearer })).status).toBe(401);
    expect((await whoAmI({ Authorization: basic('wu', 'a brand new password') })).user?.username).toBe('wu');
  });

  it('a demoted editor gets 403 on the very next write, by session, Basic and token', async () => {
    const u = await signedIn('zheng', 'editor');
    const write = (headers: Record<string, string>) =>
      app.request(`${BASE}/ogc/collections/energy_stations/items`, { method: 'POST', headers: { ...json, Origin: BASE, ...headers }, body: JSON.stringify(station) });
    const ways: Record<string, string>[] = [{ Cookie: u.cookie }, { Authorization: u.basic }, { Authorization: u.bearer }];
    for (const h of ways) expect((await write(h)).status).toBe(201);
    await setRole(t.db, 'zheng', 'viewer');
    for (const h of ways) {
      const res = await write(h);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('FORBIDDEN');
    }
    expect((await whoAmI({ Authorization: u.basic })).user?.role).toBe('viewer');
  });

  it('a disabled user is refused at once everywhere, and an enabled one comes back', async () => {
    const u = await signedIn('feng', 'viewer');
    await setDisabled(t.db, 'feng', true);
    expect((await whoAmI({ Cookie: u.cookie })).user).toBeNull();
    expect((await whoAmI({ Authorization: u.basic })).status).toBe(401);
    expect((await whoAmI({ Authorization: u.bearer })).status).toBe(401);
    await setDisabled(t.db, 'feng', false);
    expect((await whoAmI({ Authorization: u.bearer })).user?.username).toBe('feng');
  });

  it('a removed user is refused at once, and a new user of the same name and password is not the old one', async () => {
    const u = await signedIn('chen', 'admin');
    const before = (await whoAmI({ Authorization: u.basic })).user;
    await removeUser(t.db, 'chen');
    expect((await whoAmI({ Cookie: u.cookie })).user).toBeNull();
    expect((await whoAmI({ Authorization: u.basic })).status).toBe(401);
    expect((await whoAmI({ Authorization: u.bearer })).status).toBe(401);
    await createUser(t.db, 'chen', PASSWORD, 'viewer');
    const after = (await whoAmI({ Authorization: u.basic })).user;
    expect(after).toMatchObject({ username: 'chen', role: 'viewer' });
    expect(before?.role).toBe('admin');
  });
});
