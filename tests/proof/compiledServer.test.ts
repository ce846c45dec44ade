/**
 * Production runs compiled JavaScript: `npm run build` writes dist-server/
 * (scripts/build-server.ts) with no TypeScript loader left in it, and
 * `node dist-server/main.mjs` — what `npm start` runs — starts the
 * supervisor, its workers serve the API and the built client, the job
 * pool's worker threads run a job (an import preview), and SIGTERM stops
 * everything.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.store';
import { buildServer, SERVER_OUT_DIR } from '../../scripts/build-server';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AUTH = `Basic ${Buffer.from('compiled:compiled-test-password').toString('base64')}`;
let t: TestDatabase;

beforeAll(async () => {
  await buildServer();
  t = await createTestDatabase();
  await createUser(t.db, 'compiled', 'compiled-test-password', 'editor');
  await t.db.destroy();
}, 120_000);
afterAll(async () => t.dispose().catch(() => undefined));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(POSTGRES_URL !== null)('the compiled server', () => {
  it('holds no TypeScript loader: the pool worker and the server are plain modules', () => {
    const files = readdirSync(SERVER_OUT_DIR).filter((f) => f.endsWith('.mjs'));
    expect(files).toEqual(expect.arrayContaining(['main.mjs', 'worker.mjs']));
    for (const file of files) expect(readFileSync(join(SERVER_OUT_DIR, file), 'utf8')).not.toMatch(/["']tsx(?:\/[^"']*)?["']/);
  });

  it('starts the supervisor and two workers, serves, runs a pool job, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(SERVER_OUT_DIR, 'main.mjs')], {
      cwd: ROOT,
      env: { ...process.env, LEDGER_DB: t.path, PORT: String(port), HOST: '127.0.0.1', LEDGER_WORKERS: '2', DATABASE_URL: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while ((out.match(/is serving/g) ?? []).length < 2 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect((out.match(/is serving/g) ?? []).length, out).toBe(2);
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ ok: true });

      const form = new FormData();
      const square = [[106.95, 28.95], [106.951, 28.95], [106.951, 28.951], [106.95, 28.951], [106.95, 28.95]];
      const upload = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [square] } }] };
      form.set('file', new File([JSON.stringify(upload)], 'one.geojson', { type: 'application/geo+json' }));
      const preview = await fetch(`${base}/api/imports`, { method: 'POST', body: form, headers: { Authorization: AUTH } });
      const body = await preview.json();
      expect(preview.status, JSON.stringify(body)).toBeLessThan(300);
      expect(body.features).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Two serving workers, and the loaded spare unless LEDGER_SPARE_WORKER=off.
    expect(out).toMatch(/SIGTERM: stopping [23] worker/);
  }, 120_000);
});
