/**
 * A planner's read latency while the server is under attack (issue 11 proof):
 * a server on a fresh seeded SQLite file in its own process; the same map
 * read (GET /ogc/collections/parcels/items?limit=1000) repeated during
 *   - quiet (the reference),
 *   - a Range flood: 40 requests for the whole of a 1 GB PMTiles, never read,
 *   - 200 change streams opened without `since` over a 3,000-change history.
 * Prints a Markdown table for bench/RESULTS.md. Short: ~30 s.
 *
 *   npx tsx bench/alwaysUpStreams.bench.ts [--reads 40]
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../server/db/migrations';
import { openDatabase } from '../server/db/connection';
import { seedDatabase } from '../server/db/seed';
import { addChangeHistory, openRawStream, percentile, rangeFlood, rssMiB, startServerChild, timedGet, watchRss } from '../tests/support/attacks';

const readsArg = process.argv.indexOf('--reads');
const READS = readsArg > 0 ? Number(process.argv[readsArg + 1]) : 40;

const dir = mkdtempSync(join(tmpdir(), 'land-ledger-alwaysup-bench-'));
const dbPath = join(dir, 'ledger.db');
const { db } = openDatabase(dbPath);
await migrateToLatest(db);
await seedDatabase(db);
await db.destroy();
addChangeHistory(dbPath, 3000);
const basemaps = join(dir, 'basemaps');
mkdirSync(basemaps);
writeFileSync(join(basemaps, 'big.pmtiles'), '');
truncateSync(join(basemaps, 'big.pmtiles'), 1024 ** 3);

const server = await startServerChild(dbPath, { LEDGER_BASEMAP_DIR: basemaps });
const read = `http://127.0.0.1:${server.port}/ogc/collections/parcels/items?limit=1000`;

/** Sequential reads: each one's latency, and how many failed (a failed read counts its time too). */
async function reads(n: number): Promise<{ ms: number[]; failed: number }> {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    try {
      ms.push(await timedGet(read, { signal: AbortSignal.timeout(30_000) }));
    } catch {
      failed++;
      ms.push(performance.now() - started);
    }
  }
  return { ms, failed };
}

interface Row {
  name: string;
  ms: number[];
  failed: number;
  rssPeakGrowthMiB: number;
}
const rows: Row[] = [];
try {
  await reads(5); // warm
  const measure = async (name: string, attack: () => { close(): void }) => {
    const before = rssMiB(server.child.pid!);
    const watch = watchRss(server.child.pid!);
    const running = attack();
    try {
      const r = await reads(READS);
      rows.push({ name, ...r, rssPeakGrowthMiB: watch.stop() - before });
    } finally {
      running.close();
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  await measure('quiet (reference)', () => ({ close: () => undefined }));
  await measure('40 unread Range requests, 1 GB PMTiles', () => rangeFlood(server.port, '/basemaps/big.pmtiles', 40));
  await measure('200 streams without since, 3,000-change history', () => {
    const streams = Array.from({ length: 200 }, () => openRawStream(server.port));
    return { close: () => streams.forEach((s) => s.close()) };
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${READS} sequential reads of GET /ogc/collections/parcels/items?limit=1000 (seeded park) during each attack:\n`);
console.log('| during | p50 | p95 | max | failed | server RSS peak growth |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const f = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`| ${r.name} | ${f(percentile(r.ms, 50))} | ${f(percentile(r.ms, 95))} | ${f(Math.max(...r.ms))} | ${r.failed} | ${r.rssPeakGrowthMiB.toFixed(0)} MiB |`);
}
