/**
 * Behind a proxy: absolute links, Location, the Secure cookie flag and the
 * CSRF origin check follow LEDGER_PUBLIC_URL / trusted X-Forwarded-*; a Host
 * that is not allowed is refused, never reflected; X-Forwarded-* from an
 * untrusted peer are ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { proxySettingsFromEnv } from '../../server/http/publicOrigin';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers, PASSWORD } from '../support/users';

let t: TestDatabase;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

const appWith = (env: Record<string, string>) => createApp(t.db, { proxy: proxySettingsFromEnv(env) });
const station = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.95, 28.97] }, properties: { name: 's', kind: 'storage', status: 'planned' } };
const hrefs = (body: { links: { href: string }[] }) => body.links.map((l) => l.href);

function login(app: ReturnType<typeof createApp>, url: string, headers: Record<string, string>) {
  return app.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ username: 'editor', password: PASSWORD }) });
}

describe('LEDGER_PUBLIC_URL', () => {
  const app = () => appWith({ LEDGER_PUBLIC_URL: 'https://ledger.example.gov.cn/' });

  it('pins every absolute link and Location, whatever Host the request names', async () => {
    const landing = await (await app().request('http://localhost/ogc')).json();
    expect(hrefs(landing).every((h) => h.startsWith('https://ledger.example.gov.cn/ogc'))).toBe(true);
    const items = await (await app().request('http://127.0.0.1:8080/ogc/collections/zones/items?limit=1')).json();
    expect(hrefs(items).every((h) => h.startsWith('https://ledger.example.gov.cn/ogc/collections/zones'))).toBe(true);
    const created = await app().request('http://localhost/ogc/collections/energy_stations/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: auth.editor },
      body: JSON.stringify(station),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toMatch(/^https:\/\/ledger\.example\.gov\.cn\/ogc\/collections\/energy_stations\/items\/\d+$/);
  });

  it('refuses a forged Host (400, not reflected); the public host itself is allowed', async () => {
    const forged = await app().request('http://evil.example/ogc');
    expect(forged.status).toBe(400);
    const body = await forged.json();
    expect(body.code).toBe('HOST_NOT_ALLOWED');
    expect(body.messageZh).toBeTruthy();
    expect((await app().request('http://ledger.example.gov.cn/api/health')).status).toBe(200);
  });

  it('an https public URL makes the session cookie Secure, and login CSRF refuses other origins', async () => {
    const res = await login(app(), 'http://localhost/api/auth/login', { Origin: 'https://ledger.example.gov.cn' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Set-Cookie')).toMatch(/;\s*Secure/i);
    expect((await login(app(), 'http://localhost/api/auth/login', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await login(app(), 'http://localhost/api/auth/login', { Origin: 'http://ledger.example.gov.cn' })).status).toBe(403);
  });
});

describe('LEDGER_TRUST_PROXY', () => {
  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'gis.park.example', 'X-Forwarded-For': '203.0.113.7' };

  it('without it, X-Forwarded-* are ignored: links keep the request origin, no Secure cookie', async () => {
    const app = createApp(t.db);
    const landing = await (await app.request('http://localhost/ogc', { headers: forwarded })).json();
    expect(hrefs(landing).every((h) => h.startsWith('http://localhost/ogc'))).toBe(true);
    const res = await login(app, 'http://localhost/api/auth/login', { ...forwarded, Origin: 'http://localhost' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Set-Cookie')).not.toMatch(/Secure/i);
    expect((await login(app, 'http://localhost/api/auth/login', { ...forwarded, Origin: 'https://gis.park.example' })).status).toBe(403);
  });

  it('with it, links, Secure cookie and CSRF follow the forwarded scheme and host', async () => {
    const app = appWith({ LEDGER_TRUST_PROXY: 'true', LEDGER_ALLOWED_HOSTS: 'gis.park.example' });
    const landing = await (await app.request('http://127.0.0.1:8080/ogc', { headers: forwarded })).json();
    expect(hrefs(landing).every((h) => h.startsWith('https://gis.park.example/ogc'))).toBe(true);
    const res = await login(app, 'http://127.0.0.1:8080/api/auth/login', { ...forwarded, Origin: 'https://gis.park.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Set-Cookie')).toMatch(/;\s*Secure/i);
    const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
    const write = (origin: string) =>
      app.request('http://127.0.0.1:8080/ogc/collections/energy_stations/items', {
        method: 'POST',
        headers: { ...forwarded, 'Content-Type': 'application/json', Cookie: cookie, Origin: origin },
        body: JSON.stringify(station),
      });
    expect((await write('http://gis.park.example')).status).toBe(403);
    const created = await write('https://gis.park.example');
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toMatch(/^https:\/\/gis\.park\.example\/ogc\//);
  });

  it('a forwarded host that is not allowed is refused, not reflected', async () => {
    const app = appWith({ LEDGER_TRUST_PROXY: 'true', LEDGER_ALLOWED_HOSTS: 'gis.park.example' });
    const res = await app.request('http://127.0.0.1/ogc', { headers: { ...forwarded, 'X-Forwarded-Host': 'evil.example' } });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('"href"');
  });

  it('trusted only from the listed proxy addresses: app.request() has no peer, so a list trusts nothing here', async () => {
    const app = appWith({ LEDGER_TRUST_PROXY: '10.0.0.2', LEDGER_ALLOWED_HOSTS: 'gis.park.example' });
    const landing = await (await app.request('http://localhost/ogc', { headers: forwarded })).json();
    expect(hrefs(landing).every((h) => h.startsWith('http://localhost/ogc'))).toBe(true);
  });
});

describe('allowed hosts', () => {
  it('with neither setting, only this machine names are allowed (localhost, loopback addresses)', async () => {
    const app = appWith({});
    expect((await app.request('http://localhost/api/health')).status).toBe(200);
    expect((await app.request('http://127.0.0.1:8080/api/health')).status).toBe(200);
    expect((await app.request('http://[::1]:8080/api/health')).status).toBe(200);
    expect((await app.request('http://evil.example/api/health')).status).toBe(400);
    expect((await app.request('http://evil.example:8080/ogc')).status).toBe(400);
  });

  it('LEDGER_ALLOWED_HOSTS adds names (ports ignored); * turns the check off', async () => {
    const listed = appWith({ LEDGER_ALLOWED_HOSTS: 'Ledger.Park.Example:8080, other.example' });
    expect((await listed.request('http://ledger.park.example/api/health')).status).toBe(200);
    expect((await listed.request('http://other.example:9000/api/health')).status).toBe(200);
    expect((await listed.request('http://evil.example/api/health')).status).toBe(400);
    expect((await appWith({ LEDGER_ALLOWED_HOSTS: '*' }).request('http://anything.example/api/health')).status).toBe(200);
  });

  it('a malformed LEDGER_PUBLIC_URL stops the server at start', () => {
    expect(() => proxySettingsFromEnv({ LEDGER_PUBLIC_URL: 'ledger.example' })).toThrow();
    expect(() => proxySettingsFromEnv({ LEDGER_PUBLIC_URL: 'ftp://ledger.example' })).toThrow();
  });
});
