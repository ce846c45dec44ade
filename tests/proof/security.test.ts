/**
 * Security matrix: every write route × role (anonymous, viewer, editor,
 * admin), CSRF attempts on cookie sessions, cookie flags and secure headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { Role } from '../../server/db/schema';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers, PASSWORD } from '../support/users';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

const feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[107.3, 29.3], [107.301, 29.3], [107.301, 29.301], [107.3, 29.3]]] }, properties: { name: 'x', landUseCode: '1001', status: 'planned' } };
const station = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.95, 28.97] }, properties: { name: 's', kind: 'storage', status: 'planned' } };

/** Every route that changes data, with the least role it needs. */
const WRITE_ROUTES: { method: string; path: string; body?: unknown; needs: Role }[] = [
  { method: 'POST', path: '/ogc/collections/parcels/items?confirm=OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY', body: feature, needs: 'editor' },
  { method: 'PUT', path: '/ogc/collections/parcels/items/1', body: feature, needs: 'editor' },
  { method: 'PATCH', path: '/ogc/collections/parcels/items/1', body: { properties: { notes: 'n' } }, needs: 'editor' },
  { method: 'DELETE', path: '/ogc/collections/parcels/items/3', needs: 'editor' },
  { method: 'POST', path: '/api/parcels/1/restore', body: { version: 1 }, needs: 'editor' },
  { method: 'POST', path: '/api/edits/999999/undo', needs: 'editor' },
  { method: 'POST', path: '/api/parcels/edits', body: { target: { id: 1, version: 1 }, feature, absorb: [{ id: 2, version: 1 }] }, needs: 'editor' },
  { method: 'POST', path: '/ogc/collections/energy_stations/items', body: station, needs: 'editor' },
  { method: 'PATCH', path: '/ogc/collections/energy_stations/items/1', body: { properties: { status: 'operating' } }, needs: 'editor' },
  { method: 'DELETE', path: '/ogc/collections/energy_stations/items/2', needs: 'editor' },
  { method: 'POST', path: '/ogc/collections/energy_lines/items', body: { type: 'Feature', geometry: { type: 'LineString', coordinates: [[106.9, 28.9], [106.91, 28.91]] }, properties: { name: 'l', kind: 'gas_branch', status: 'planned' } }, needs: 'editor' },
  { method: 'PUT', path: '/api/energy/intensities', body: { intensities: [] }, needs: 'admin' },
  { method: 'PUT', path: '/api/settings/basemaps', body: { tiandituKey: null, osm: true, custom: [], local: [] }, needs: 'admin' },
  { method: 'POST', path: '/api/auth/tokens', body: { name: 'script' }, needs: 'viewer' },
  { method: 'DELETE', path: '/api/auth/tokens/999999', needs: 'viewer' },
  { method: 'GET', path: '/api/auth/admin/tokens', needs: 'admin' },
  { method: 'DELETE', path: '/api/auth/admin/tokens/999999', needs: 'admin' },
  { method: 'PUT', path: '/api/enterprises/999999/parcels', body: { parcelIds: [] }, needs: 'editor' },
  { method: 'POST', path: '/api/enterprise-statistics/imports/00000000-0000-0000-0000-000000000000/commit', body: {}, needs: 'editor' },
  { method: 'PUT', path: '/api/efficiency/method', body: { method: {} }, needs: 'admin' },
  { method: 'POST', path: '/api/projects', body: { name: '' }, needs: 'editor' },
  { method: 'PATCH', path: '/api/projects/999999', body: {}, needs: 'editor' },
];

const RANK: Record<Role | 'anonymous', number> = { anonymous: -1, viewer: 0, editor: 1, admin: 2 };

describe('write routes × roles', () => {
  for (const route of WRITE_ROUTES) {
    for (const who of ['anonymous', 'viewer', 'editor', 'admin'] as const) {
      it(`${route.method} ${route.path.split('?')[0]} as ${who}`, async () => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (who !== 'anonymous') headers.Authorization = auth[who];
        const res = await app.request(`${BASE}${route.path}`, { method: route.method, headers, body: route.body === undefined ? undefined : JSON.stringify(route.body) });
        if (RANK[who] < RANK[route.needs]) {
          expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
          const body = await res.json();
          expect(body.messageZh).toBeTruthy();
          expect(body.messageEn).toBeTruthy();
        } else {
          // Allowed through: whatever the outcome (428 without If-Match, 422…), never an auth refusal.
          expect([401, 403]).not.toContain(res.status);
        }
      });
    }
  }
});

async function login(): Promise<string> {
  const res = await app.request(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: BASE },
    body: JSON.stringify({ username: 'editor', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('Set-Cookie')!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).toMatch(/Path=\//);
  return cookie.split(';')[0]!;
}

describe('cookie sessions and CSRF', () => {
  it('a wrong password is 401 with a bilingual reason; the right one sets an HttpOnly, SameSite=Lax cookie', async () => {
    const bad = await app.request(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'editor', password: 'nope' }) });
    expect(bad.status).toBe(401);
    expect((await bad.json()).messageZh).toContain('密码');
    const cookie = await login();
    const me = await (await app.request(`${BASE}/api/auth/me`, { headers: { Cookie: cookie } })).json();
    expect(me.user).toMatchObject({ username: 'editor', role: 'editor' });
  });

  it('refuses a cookie-authenticated JSON write from another origin, or with no origin at all', async () => {
    const cookie = await login();
    const attempt = (headers: Record<string, string>) =>
      app.request(`${BASE}/ogc/collections/energy_stations/items`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: JSON.stringify(station) });
    const crossSite = await attempt({ Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).code).toBe('CSRF_REJECTED');
    expect((await attempt({ Referer: 'https://evil.example/page' })).status).toBe(403);
    expect((await attempt({})).status).toBe(403);
    expect((await attempt({ Origin: BASE })).status).toBe(201);
  });

  it('refuses a cross-site login (login CSRF), and logout ends the session', async () => {
    const res = await app.request(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, body: JSON.stringify({ username: 'editor', password: PASSWORD }) });
    expect(res.status).toBe(403);
    const cookie = await login();
    expect((await app.request(`${BASE}/api/auth/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: BASE } })).status).toBe(204);
    const me = await (await app.request(`${BASE}/api/auth/me`, { headers: { Cookie: cookie } })).json();
    expect(me.user).toBeNull();
  });

  it('refuses a cross-site token revocation riding on the session cookie (own and admin routes)', async () => {
    const cookie = await login();
    for (const path of ['/api/auth/tokens/1', '/api/auth/admin/tokens/1']) {
      const res = await app.request(`${BASE}${path}`, { method: 'DELETE', headers: { Cookie: cookie, Origin: 'https://evil.example' } });
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('CSRF_REJECTED');
    }
  });

  it('Basic and personal tokens need no CSRF check (not ambient credentials)', async () => {
    const tokenRes = await app.request(`${BASE}/api/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth.editor }, body: JSON.stringify({ name: 'qgis' }) });
    expect(tokenRes.status).toBe(201);
    const { token } = await tokenRes.json();
    expect(token).toMatch(/^ll_/);
    const res = await app.request(`${BASE}/ogc/collections/energy_stations/items`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Origin: 'https://elsewhere.example' }, body: JSON.stringify(station) });
    expect(res.status).toBe(201);
    expect((await app.request(`${BASE}/api/auth/me`, { headers: { Authorization: 'Bearer ll_wrong' } })).status).toBe(401);
  });
});

describe('secure headers', () => {
  it('sends a Content-Security-Policy without inline scripts, and nosniff', async () => {
    const res = await app.request(`${BASE}/api/health`);
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});
