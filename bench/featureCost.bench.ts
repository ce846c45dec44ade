/**
 * CPU per served feature for OGC API items pages (issue 16 goal 6: ≤ 10 µs).
 * One Land Ledger server (createApp + @hono/node-server, as server/serve.ts
 * runs it, one process) in a child process over SQLite — a district of
 * BENCH_PARCELS generated parcels (20,000) kept in BENCH_DB
 * (/tmp/ll-feature-cost.sqlite) so runs of two trees can share it — and
 * sequential loopback GETs from this process. The server's CPU (user +
 * system from /proc/PID/stat) is divided by the features it served, so the
 * figure holds HTTP, routing, the store and the JSON text; the client's
 * reading is not in it.
 *
 * For each page size (bbox windows of ~15, ~180 and ~950 features, the load
 * bench's sizes in issue 16, and whole pages of limit=10000 without a bbox):
 * warm-up, then BENCH_REQUESTS requests at deterministic windows. Nothing
 * asserts; figures go in bench/RESULTS.md.
 *
 * `npx tsx bench/featureCost.bench.ts`; BENCH_CPU_PROF=DIR profiles the
 * server (`npx tsx bench/load.profile.ts DIR/*.cpuprofile`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DB_PATH = process.env.BENCH_DB ?? '/tmp/ll-feature-cost.sqlite';
const PARCELS = Number(process.env.BENCH_PARCELS ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

if (process.argv[2] === '--serve') {
  // The child: one server on an ephemeral port, which it reports on stdout.
  const { serve } = await import('@hono/node-server');
  const { createApp } = await import('../server/app');
  const { openDatabase } = await import('../server/db/connection');
  const { db } = openDatabase(DB_PATH);
  const server = serve({ fetch: createApp(db).fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`PORT ${info.port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  await new Promise(() => {});
}

if (!existsSync(DB_PATH)) {
  execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/generate-district.ts'), '--parcels', String(PARCELS)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LEDGER_DB: DB_PATH },
    stdio: 'inherit',
  });
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const profileDir = process.env.BENCH_CPU_PROF;
const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
  cwd: ROOT,
  env: { ...process.env, BENCH_DB: DB_PATH },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const m = /PORT (\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
/** The server's user + system CPU so far, µs. */
function serverCpuUs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}
const base = `http://127.0.0.1:${port}`;
const collection = (await (await fetch(`${base}/ogc/collections/parcels`)).json()) as { extent: { spatial: { bbox: number[][] } } };
const [minX, minY, maxX, maxY] = collection.extent.spatial.bbox[0]!;
const extent = { minX: minX!, minY: minY!, maxX: maxX!, maxY: maxY! };

// Generated parcels sit one per ~0.00125° × 0.0011° cell: a window of w × 0.88w degrees holds ~(w / 0.00125)² of them.
const SIZES = [
  { name: '~15 features', width: 0.0048 },
  { name: '~180 features', width: 0.0168 },
  { name: '~950 features', width: 0.039 },
];

async function serve(path: string): Promise<number> {
  // identity, as wrk and MapServer's comparison in bench/load.ts: the figure is the serving, not brotli.
  const res = await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': 'identity' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  // numberReturned sits in the first ~150 characters.
  return Number(/"numberReturned":(\d+)/.exec(text.slice(0, 300))![1]);
}

async function measure(name: string, paths: string[]): Promise<string> {
  for (const p of paths.slice(0, 10)) await serve(p);
  let features = 0;
  const cpuBefore = serverCpuUs();
  const started = performance.now();
  for (const p of paths) features += await serve(p);
  const cpuUs = serverCpuUs() - cpuBefore;
  const wallMs = performance.now() - started;
  return `| ${name} | ${paths.length} | ${(features / paths.length).toFixed(0)} | ${(cpuUs / paths.length / 1000).toFixed(2)} | ${(cpuUs / features).toFixed(2)} | ${((wallMs * 1000) / features).toFixed(2)} |`;
}

const lines = ['| page | requests | features/request | server CPU ms/request | server CPU µs/feature | wall µs/feature |', '|---|---:|---:|---:|---:|---:|'];
for (const size of SIZES) {
  const rnd = prng(11);
  const paths = Array.from({ length: REQUESTS }, () => {
    const x = extent.minX + rnd() * (extent.maxX - extent.minX - size.width);
    const y = extent.minY + rnd() * (extent.maxY - extent.minY - size.width * 0.88);
    return `/ogc/collections/parcels/items?bbox=${x.toFixed(5)},${y.toFixed(5)},${(x + size.width).toFixed(5)},${(y + size.width * 0.88).toFixed(5)}&limit=1000`;
  });
  lines.push(await measure(`bbox ${size.name}`, paths));
}
lines.push(await measure('limit=10000, no bbox', Array.from({ length: Math.max(3, Math.round(REQUESTS / 20)) }, (_, i) => `/ogc/collections/parcels/items?limit=10000&offset=${(i % 2) * 10000}`)));
console.log(lines.join('\n'));
child.kill('SIGTERM');
