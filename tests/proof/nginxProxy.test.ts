/**
 * Behind Debian's nginx terminating HTTPS (a self-signed certificate made
 * here for "public-host") and proxying to the app on a loopback port, with
 * the app trusting X-Forwarded-* from 127.0.0.1 only: links are
 * https://public-host…, the session cookie is Secure, login CSRF works
 * through the proxy, and a forged Host is refused rather than reflected.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { proxySettingsFromEnv } from '../../server/http/publicOrigin';
import { listen, type RunningServer } from '../support/httpServer';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { nginxPath, skipWithout } from '../support/tools';
import { addUsers, PASSWORD } from '../support/users';

const NGINX = nginxPath();
const skip = skipWithout('nginx', NGINX !== null);

let t: TestDatabase;
let app: RunningServer;
let nginx: ChildProcess | undefined;
let dir: string;
let port: number;
let ca: Buffer;
let auth: Awaited<ReturnType<typeof addUsers>>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
    probe.on('error', reject);
  });
}

/** The nginx site from README's example, on a random port and with paths in the test's folder. */
function nginxConfig(appUrl: string): string {
  return `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name public-host;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    client_max_body_size 60m;
    location / {
      proxy_pass ${appUrl};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}`;
}

async function waitForNginx(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await send('GET', '/api/health')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** HTTPS through nginx, verifying its certificate against the one made here. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        servername: 'public-host',
        ca,
        agent: false,
        headers: { Host: `public-host:${port}`, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-nginx-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=public-host',
    '-addext', 'subjectAltName=DNS:public-host', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'pipe' });
  ca = readFileSync(join(dir, 'cert.pem'));
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  // As server/main.ts would build it from LEDGER_TRUST_PROXY=127.0.0.1 and LEDGER_ALLOWED_HOSTS=public-host.
  app = await listen(createApp(t.db, { proxy: proxySettingsFromEnv({ LEDGER_TRUST_PROXY: '127.0.0.1', LEDGER_ALLOWED_HOSTS: 'public-host' }) }));
  port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(app.url));
  nginx = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  await waitForNginx();
});

afterAll(async () => {
  if (nginx?.pid) nginx.kill('SIGQUIT');
  await app?.close();
  await t?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('behind nginx with HTTPS', () => {
  it('absolute links are https://public-host…, never the app’s own http://127.0.0.1 address', async () => {
    const landing = await send('GET', '/ogc');
    expect(landing.status).toBe(200);
    const hrefs = (JSON.parse(landing.text).links as { href: string }[]).map((l) => l.href);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(`https://public-host:${port}/ogc`)).toBe(true);
    const created = await send('POST', '/ogc/collections/energy_stations/items', { Authorization: auth.editor }, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.95, 28.97] },
      properties: { name: 's', kind: 'storage', status: 'planned' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toMatch(new RegExp(`^https://public-host:${port}/ogc/collections/energy_stations/items/\\d+$`));
  });

  it('login through the proxy: same-origin succeeds with a Secure cookie, cross-site is refused', async () => {
    const ok = await send('POST', '/api/auth/login', { Origin: `https://public-host:${port}` }, { username: 'editor', password: PASSWORD });
    expect(ok.status).toBe(200);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    const session = cookie.split(';')[0]!;
    const me = await send('GET', '/api/auth/me', { Cookie: session });
    expect(JSON.parse(me.text).user.username).toBe('editor');
    const crossSite = await send('POST', '/api/auth/login', { Origin: 'https://evil.example' }, { username: 'editor', password: PASSWORD });
    expect(crossSite.status).toBe(403);
    // The plain-http origin is not ours either: the browser is on https.
    const downgraded = await send('POST', '/api/auth/logout', { Origin: `http://public-host:${port}`, Cookie: session });
    expect(downgraded.status).toBe(403);
  });

  it('a forged Host is refused (400) and appears in no link', async () => {
    const forged = await send('GET', '/ogc', { Host: 'evil.example' });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.text).code).toBe('HOST_NOT_ALLOWED');
    expect(forged.text).not.toMatch(/"href"/);
  });
});
