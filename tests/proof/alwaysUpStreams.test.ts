/**
 * Always up, replayed against a server in its own process:
 * - 40 Range requests for the whole of a 1 GB PMTiles whose answers are never
 *   read cost the server little memory (they took it from 0.2 to 4.2 GB: a
 *   64 MiB buffer each), and a planner's read meanwhile completes promptly;
 * - 200 change streams opened without `since` over a long history (each used
 *   to replay and parse every stored feature) leave a planner's map read
 *   prompt, and each stream's first change is one made after it opened.
 * The process is the same one afterwards. Latencies under both attacks are
 * benchmarked in bench/alwaysUpStreams.bench.ts, not timed here beyond "promptly".
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.store';
import { addChangeHistory, openRawStream, rangeFlood, rssMiB, startServerChild, timedGet, watchRss, type ServerChild } from '../support/attacks';
import { squareAt } from '../support/places';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const AUTH = `Basic ${Buffer.from('planner:planner-test-password').toString('base64')}`;
/** A read that takes longer than this while under attack counts as stalled (normally ~10–50 ms). */
const PROMPT_MS = 3000;
let t: TestDatabase;
let dir: string;
let server: ServerChild;

beforeAll(async () => {
  if (POSTGRES_URL) return;
  t = await createTestDatabase();
  await createUser(t.db, 'planner', 'planner-test-password', 'editor');
  await t.db.destroy();
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-flood-'));
  const big = join(dir, 'big.pmtiles');
  writeFileSync(big, '');
  truncateSync(big, 1024 ** 3); // sparse: 1 GB to the server, no disk
  addChangeHistory(t.path, 3000);
  server = await startServerChild(t.path, { LEDGER_BASEMAP_DIR: dir });
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.dispose().catch(() => undefined);
});

describe.skipIf(POSTGRES_URL !== null)('no request can stall or sink the server (SQLite file, server in its own process)', () => {
  it('a Range flood on a 1 GB file: RSS grows < 200 MB and a planner read completes meanwhile', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    await timedGet(`${base}/ogc/collections/parcels/items?limit=200`); // warm
    const before = rssMiB(server.child.pid!);
    const watch = watchRss(server.child.pid!);
    const flood = rangeFlood(server.port, '/basemaps/big.pmtiles', 40);
    try {
      await new Promise((r) => setTimeout(r, 2500));
      const readMs = await timedGet(`${base}/ogc/collections/parcels/items?limit=200`);
      await new Promise((r) => setTimeout(r, 2500));
      const growth = watch.stop() - before;
      console.log(`range flood: RSS ${before.toFixed(0)} MiB → peak +${growth.toFixed(0)} MiB; planner read ${readMs.toFixed(0)} ms`);
      expect(growth).toBeLessThan(200);
      expect(readMs).toBeLessThan(PROMPT_MS);
    } finally {
      flood.close();
    }
    // Ranges still serve, and the server is the same process.
    const part = await fetch(`${base}/basemaps/big.pmtiles`, { headers: { Range: 'bytes=1073741800-' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(24);
    expect(server.child.exitCode).toBeNull();
  });

  it('200 streams without since over a 3,000-change history: a map read stays prompt; each stream starts at now', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const newest = (await (await fetch(`${base}/api/changes/head`)).json()).last;
    expect(newest).toBeGreaterThanOrEqual(3000);
    const streams = Array.from({ length: 200 }, () => openRawStream(server.port));
    try {
      const readMs = await timedGet(`${base}/ogc/collections/parcels/items?limit=1000`);
      const readies = await Promise.all(streams.map((s) => s.ready));
      console.log(`200 streams: planner read ${readMs.toFixed(0)} ms while they opened`);
      expect(readMs).toBeLessThan(PROMPT_MS);
      expect(readies.every((last) => last === newest)).toBe(true);
      const created = await fetch(`${base}/ogc/collections/parcels/items?confirm=OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/geo+json', Authorization: AUTH },
        body: JSON.stringify({ type: 'Feature', geometry: squareAt(107.4, 29.4, 0.0005), properties: { name: '开流之后', landUseCode: '1001', status: 'planned' } }),
      });
      expect(created.status).toBe(201);
      const firsts = await Promise.race([
        Promise.all(streams.map((s) => s.firstChange)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not every stream heard the change within 10 s')), 10_000)),
      ]);
      expect(firsts.every((id) => id > newest)).toBe(true);
      expect(new Set(firsts).size).toBe(1);
    } finally {
      streams.forEach((s) => s.close());
    }
    expect(server.child.exitCode).toBeNull();
  });
});
