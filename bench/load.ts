/**
 * `npx tsx bench/load.ts [--sizes 10000,100000,200000] [--duration 10]`:
 * bbox item queries and vector tiles under load (wrk), Land Ledger beside
 * MapServer 8's OGC API – Features reading the same parcels from a
 * GeoPackage through OGR, at each district size. See bench/README.md.
 *
 * Per size: a fresh database (`npm run gen`), a GeoPackage copy, Land Ledger
 * (NODE_ENV=production) and lighttpd + mapserv (FastCGI) on 127.0.0.1, an
 * assertion that both servers return the same features for every bbox, then
 * wrk for `duration` seconds per row. Everything started is stopped in
 * `finally` (process groups); every wait is bounded.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isPostgresUrl } from '../server/db/connection';
import { exportGeoPackage, startMapServer } from './load.mapserver';
import { commandCpuMs, groupCpuMs, loadAverage, machineReport, rssMiB, run, startGroup, stopGroup, waitForHttp, which, type Started } from './load.procs';
import { bboxWindows, runWrk, tileList, writeLuaScript, type WrkResult } from './load.wrk';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface LoadOptions {
  sizes: number[];
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  threads: number;
  msProcs: number;
  port: number;
  limit: number;
  keep: boolean;
  cpuProf: boolean;
  /** Land Ledger's store: the SQLite file (default), or a fresh database on the PostgreSQL server at `pgUrl`. */
  store: 'sqlite' | 'postgres';
  pgUrl: string | null;
}

export const DEFAULTS: LoadOptions = {
  sizes: [10_000, 100_000, 200_000],
  duration: 10,
  rounds: 3,
  warmup: 2,
  connections: 8,
  threads: 2,
  msProcs: 2,
  port: 18080,
  limit: 1000,
  keep: false,
  cpuProf: false,
  store: 'sqlite',
  pgUrl: null,
};

export const REQUIRED_TOOLS = ['wrk', 'mapserv', 'ogr2ogr', 'ogrinfo', 'lighttpd'];

export function missingTools(): string[] {
  return REQUIRED_TOOLS.filter((t) => !which(t));
}

interface SizeResult {
  parcels: number;
  total: number;
  genSeconds: number;
  gpkgSeconds: number;
  windows: number;
  meanFeatures: number;
  llBbox: Rounds;
  msBbox: Rounds;
  tiles: WrkResult;
  tileCount: number;
  coldTileMeanMs: number;
  coldTileMaxMs: number;
  llRss: number;
}

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * fetch with one retry on a network error: a keep-alive socket left idle
 * while wrk ran may have been closed by the server ("other side closed").
 */
async function fetchOnce(url: string, timeoutMs = 30_000): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  }
}

async function getJson(url: string): Promise<any> {
  const res = await fetchOnce(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Both servers must return the same parcel ids for every window before anything is timed. */
async function assertSameFeatures(llOrigin: string, msBase: string, queries: string[]): Promise<{ mean: number; lines: string[] }> {
  let total = 0;
  const mismatches: string[] = [];
  for (const q of queries) {
    const [ll, ms] = await Promise.all([getJson(`${llOrigin}/ogc/collections/parcels/items${q}`), getJson(`${msBase}/collections/parcels/items${q}`)]);
    const llIds = (ll.features as any[]).map((f) => Number(f.id)).sort((a, b) => a - b);
    const msIds = (ms.features as any[]).map((f) => Number(f.properties.id)).sort((a, b) => a - b);
    total += llIds.length;
    if (llIds.length !== msIds.length || llIds.some((id, i) => id !== msIds[i])) {
      const onlyLl = llIds.filter((id) => !msIds.includes(id));
      const onlyMs = msIds.filter((id) => !llIds.includes(id));
      mismatches.push(`${q}: Land Ledger ${llIds.length}, MapServer ${msIds.length} (only LL: ${onlyLl.slice(0, 5).join(',')}; only MS: ${onlyMs.slice(0, 5).join(',')})`);
    }
    if (llIds.length >= 1000) mismatches.push(`${q}: ${llIds.length} features hit limit=1000; shrink the window`);
  }
  if (mismatches.length) throw new Error(`servers disagree on ${mismatches.length} of ${queries.length} windows:\n${mismatches.join('\n')}`);
  const mean = total / queries.length;
  return { mean, lines: [`feature counts: ${queries.length} windows, ${int(total)} features in all (mean ${mean.toFixed(1)}/window), identical id sets on both servers`] };
}

/** One sequential pass over the tiles (renders and caches them); per-tile time of that cold pass. */
async function warmTiles(origin: string, paths: string[]): Promise<{ mean: number; max: number }> {
  let sum = 0;
  let max = 0;
  for (const p of paths) {
    const t0 = performance.now();
    const res = await fetchOnce(`${origin}${p}`, 60_000);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${p} → ${res.status}`);
    const ms = performance.now() - t0;
    sum += ms;
    max = Math.max(max, ms);
  }
  return { mean: sum / paths.length, max };
}

async function benchSize(o: LoadOptions, root: string, parcels: number, log: (s: string) => void): Promise<SizeResult> {
  const dir = join(root, `p${parcels}`);
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'ledger.db');
  const t0 = performance.now();
  run('npm', ['run', '--silent', 'gen', '--', '--parcels', String(parcels)], { cwd: REPO, env: { ...process.env, DATABASE_URL: '', LEDGER_DB: dbPath }, timeoutMs: 900_000 });
  const genSeconds = (performance.now() - t0) / 1000;
  // On PostgreSQL the same generator fills a fresh database (the same parcels, ids and all: it is
  // deterministic); MapServer still reads the GeoPackage made from the SQLite copy, and the
  // same-features check below proves the two stores hold the same parcels.
  const pgDatabase = o.store === 'postgres' ? await createBenchDatabase(o.pgUrl!, `ll_bench_${parcels}`) : null;
  if (pgDatabase) {
    run('npm', ['run', '--silent', 'gen', '--', '--parcels', String(parcels)], { cwd: REPO, env: { ...process.env, DATABASE_URL: pgDatabase.url }, timeoutMs: 900_000 });
  }
  const gpkg = await exportGeoPackage(dbPath, dir);
  log(`generated ${int(parcels)} parcels in ${genSeconds.toFixed(1)} s; GeoPackage of ${int(gpkg.count)} parcels (with the seed) in ${gpkg.seconds.toFixed(1)} s`);

  const lua = writeLuaScript(dir);
  const windows = bboxWindows();
  const queries = windows.map((b) => `?bbox=${b.join(',')}&limit=${o.limit}&f=json`);
  const tiles = tileList().map((t) => `/tiles/parcels/${t.z}/${t.x}/${t.y}.mvt`);
  const llOrigin = `http://127.0.0.1:${o.port}`;
  /** wrk, plus the CPU the server's process group used per request during the run. */
  const wrk = (name: string, origin: string, paths: string[], server: Started, duration = o.duration): WrkResult => {
    // On PostgreSQL the database's backends work for Land Ledger too: their CPU is counted with it.
    const backends = () => (pgDatabase && server === ll ? commandCpuMs('postgres') : 0);
    const cpu0 = groupCpuMs(server.child.pid) + backends();
    const r = runWrk({ dir, name, origin, paths, duration, connections: o.connections, threads: o.threads, lua });
    return { ...r, cpuMsPerRequest: (groupCpuMs(server.child.pid) + backends() - cpu0) / r.requests };
  };

  let ll: Started | undefined;
  let ms: Started | undefined;
  try {
    const nodeArgs = ['--import', 'tsx', ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'cpuprof')}`] : []), 'server/main.ts'];
    ll = startGroup('land-ledger', process.execPath, nodeArgs, {
      cwd: REPO,
      // One serving process, no supervisor: RSS and --cpu-prof are read from this pid.
      env: { ...process.env, DATABASE_URL: pgDatabase?.url ?? '', NODE_ENV: 'production', LEDGER_DB: dbPath, PORT: String(o.port), HOST: '127.0.0.1', LEDGER_SUPERVISOR: 'off' },
      logFile: join(dir, 'land-ledger.log'),
    });
    await waitForHttp(`${llOrigin}/api/health`, ll, 60_000);
    const mapserver = await startMapServer({ dir, gpkg: gpkg.gpkg, port: o.port + 1, procs: o.msProcs });
    ms = mapserver.server;
    const msPrefix = new URL(mapserver.base).pathname;
    const msOrigin = `http://127.0.0.1:${o.port + 1}`;

    const same = await assertSameFeatures(llOrigin, mapserver.base, queries);
    for (const l of same.lines) log(l);

    const llPaths = queries.map((q) => `/ogc/collections/parcels/items${q}`);
    const msPaths = queries.map((q) => `${msPrefix}/collections/parcels/items${q}`);
    if (o.warmup > 0) {
      wrk('ll-bbox-warmup', llOrigin, llPaths, ll, o.warmup);
      wrk('ms-bbox-warmup', msOrigin, msPaths, ms, o.warmup);
    }
    // Rounds alternate which server goes first, so bursts of other load on the machine hit both alike.
    const llRounds: WrkResult[] = [];
    const msRounds: WrkResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 === 1 ? (['ll', 'ms'] as const) : (['ms', 'll'] as const);
      for (const which of order) {
        if (which === 'll') llRounds.push(wrk(`ll-bbox-${round}`, llOrigin, llPaths, ll));
        else msRounds.push(wrk(`ms-bbox-${round}`, msOrigin, msPaths, ms));
      }
    }
    const llBbox = medianOfRounds(llRounds);
    const msBbox = medianOfRounds(msRounds);
    const cold = await warmTiles(llOrigin, tiles);
    const tileResult = wrk('ll-tiles', llOrigin, tiles, ll);
    const llRss = rssMiB(ll.child.pid);
    for (const [name, r] of [['Land Ledger bbox', llBbox], ['MapServer bbox', msBbox], ['Land Ledger tiles', tileResult]] as const) {
      if (r.non2xx || r.socketErrors) throw new Error(`${name}: ${r.non2xx} non-2xx responses, socket errors ${r.socketErrors || 'none'}`);
    }
    return {
      parcels, total: gpkg.count, genSeconds, gpkgSeconds: gpkg.seconds, windows: queries.length, meanFeatures: same.mean,
      llBbox, msBbox, tiles: tileResult, tileCount: tiles.length, coldTileMeanMs: cold.mean, coldTileMaxMs: cold.max, llRss,
    };
  } finally {
    if (ms) await stopGroup(ms);
    if (ll) await stopGroup(ll);
    await pgDatabase?.drop();
  }
}

/** A new, empty database on the PostgreSQL server at `serverUrl` (an older one of the same name is dropped first). */
async function createBenchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

interface Rounds extends WrkResult {
  rounds: WrkResult[];
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Median over rounds of each figure; requests and errors summed; CPU per request over all rounds. */
function medianOfRounds(rounds: WrkResult[]): Rounds {
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  return {
    rounds,
    requests,
    rps: median(rounds.map((r) => r.rps)),
    p50ms: median(rounds.map((r) => r.p50ms)),
    p90ms: median(rounds.map((r) => r.p90ms)),
    p99ms: median(rounds.map((r) => r.p99ms)),
    kibPerResponse: median(rounds.map((r) => r.kibPerResponse)),
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    socketErrors: rounds.map((r) => r.socketErrors).filter(Boolean).join('; '),
    cpuMsPerRequest: rounds.reduce((s, r) => s + (r.cpuMsPerRequest ?? NaN) * r.requests, 0) / requests,
  };
}

const spread = (r: Rounds, k: 'p50ms' | 'p99ms') => (r.rounds.length > 1 ? r.rounds.map((x) => f1(x[k])).join(', ') : '–');

function row(label: string, r: WrkResult): string {
  return `| ${label} | ${int(r.rps)} | ${f1(r.p50ms)} | ${f1(r.p90ms)} | ${f1(r.p99ms)} | ${f1(r.cpuMsPerRequest ?? NaN)} | ${f1(r.kibPerResponse)} | ${int(r.requests)} |`;
}

export function sizeTable(r: SizeResult, o: LoadOptions): string[] {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  return [
    `| ${int(r.total)} parcels | req/s | p50 ms | p90 ms | p99 ms | server CPU ms/req | KiB/resp | requests |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row(`Land Ledger bbox (${o.store === 'postgres' ? 'PostgreSQL' : 'SQLite'})`, r.llBbox),
    row(`MapServer bbox (${o.msProcs} FastCGI procs)`, r.msBbox),
    `| ratio LL/MS (latency < 1 = LL faster; req/s > 1 = LL faster) | ${ratio(r.llBbox.rps, r.msBbox.rps)} | ${ratio(r.llBbox.p50ms, r.msBbox.p50ms)} | ${ratio(r.llBbox.p90ms, r.msBbox.p90ms)} | ${ratio(r.llBbox.p99ms, r.msBbox.p99ms)} | ${ratio(r.llBbox.cpuMsPerRequest!, r.msBbox.cpuMsPerRequest!)} | | |`,
    row(`Land Ledger tiles z12–15 (${r.tileCount} tiles, cached)`, r.tiles),
    '',
    `bbox rows are medians of ${o.rounds} rounds of ${o.duration} s. Per round p50: LL ${spread(r.llBbox, 'p50ms')} / MS ${spread(r.msBbox, 'p50ms')} ms; ` +
      `p99: LL ${spread(r.llBbox, 'p99ms')} / MS ${spread(r.msBbox, 'p99ms')} ms.`,
    `bbox windows: ${r.windows}, mean ${r.meanFeatures.toFixed(1)} features each (same ids from both servers). ` +
      `Cold tile pass (sequential, renders each tile once): mean ${f1(r.coldTileMeanMs)} ms, max ${f1(r.coldTileMaxMs)} ms. ` +
      `Land Ledger RSS after the run: ${int(r.llRss)} MiB. npm run gen ${r.genSeconds.toFixed(1)} s, GeoPackage export ${r.gpkgSeconds.toFixed(1)} s.`,
  ];
}

export function summaryTable(results: SizeResult[]): string[] {
  const lines = [
    '| parcels | LL bbox req/s | LL p50 / p99 ms | MS bbox req/s | MS p50 / p99 ms | LL/MS p50 | LL/MS p99 | CPU ms/req LL / MS | LL tiles req/s | tiles p50 / p99 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${int(r.total)} | ${int(r.llBbox.rps)} | ${f1(r.llBbox.p50ms)} / ${f1(r.llBbox.p99ms)} | ${int(r.msBbox.rps)} | ${f1(r.msBbox.p50ms)} / ${f1(r.msBbox.p99ms)} | ` +
        `${(r.llBbox.p50ms / r.msBbox.p50ms).toFixed(2)}× | ${(r.llBbox.p99ms / r.msBbox.p99ms).toFixed(2)}× | ${f1(r.llBbox.cpuMsPerRequest!)} / ${f1(r.msBbox.cpuMsPerRequest!)} | ${int(r.tiles.rps)} | ${f1(r.tiles.p50ms)} / ${f1(r.tiles.p99ms)} |`,
    );
  }
  return lines;
}

/** Runs every size; prints as it goes (markdown) and returns the summary lines. */
export async function runLoadBench(o: LoadOptions = DEFAULTS, log: (s: string) => void = console.log): Promise<string[]> {
  const missing = missingTools();
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: apt-get update && apt-get install -y wrk mapserver-bin gdal-bin lighttpd`);
  }
  const started = performance.now();
  for (const l of machineReport()) log(l);
  log(`Load: wrk ${o.threads} threads × ${o.connections} connections, ${o.duration} s per row (bbox: ${o.rounds} alternating rounds per server, medians) after a ${o.warmup} s warm-up; limit=${o.limit}; ` +
    `server and wrk share the machine's cores (loopback).`);
  log(o.store === 'postgres'
    ? `Land Ledger store: PostgreSQL at ${new URL(o.pgUrl!).host} (a fresh database per size; its backends' CPU is counted with Land Ledger's).`
    : 'Land Ledger store: the SQLite file.');
  const root = mkdtempSync(join(tmpdir(), 'll-load-'));
  const results: SizeResult[] = [];
  try {
    for (const parcels of o.sizes) {
      log('');
      log(`### ${int(parcels)} generated parcels`);
      const r = await benchSize(o, root, parcels, log);
      results.push(r);
      log('');
      for (const l of sizeTable(r, o)) log(l);
    }
  } finally {
    if (o.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  const summary = ['', '### Summary', '', ...summaryTable(results), '', `Full run: ${((performance.now() - started) / 1000).toFixed(0)} s; load average after: ${loadAverage()}.`];
  for (const l of summary) log(l);
  return summary;
}

export function parseLoadArgs(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' }, duration: { type: 'string' }, rounds: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' },
      threads: { type: 'string' }, 'ms-procs': { type: 'string' }, port: { type: 'string' }, keep: { type: 'boolean' },
      'cpu-prof': { type: 'boolean' },
      store: { type: 'string' },
      pg: { type: 'string' },
    },
  });
  const num = (v: string | undefined, d: number, min: number, max: number, name: string) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    ...DEFAULTS,
    sizes: values.sizes ? values.sizes.split(',').map((s) => num(s.trim(), 0, 1, 2_000_000, 'sizes')) : DEFAULTS.sizes,
    duration: num(values.duration, DEFAULTS.duration, 1, 600, 'duration'),
    rounds: num(values.rounds, DEFAULTS.rounds, 1, 20, 'rounds'),
    warmup: num(values.warmup, DEFAULTS.warmup, 0, 60, 'warmup'),
    connections: num(values.connections, DEFAULTS.connections, 1, 256, 'connections'),
    threads: num(values.threads, DEFAULTS.threads, 1, 16, 'threads'),
    msProcs: num(values['ms-procs'], DEFAULTS.msProcs, 1, 16, 'ms-procs'),
    port: num(values.port, DEFAULTS.port, 1024, 65000, 'port'),
    keep: values.keep ?? false,
    cpuProf: values['cpu-prof'] ?? false,
    ...storeOptions(values.store, values.pg),
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  try {
    await runLoadBench(parseLoadArgs(process.argv.slice(2)));
    process.exit(0);
  } catch (err) {
    console.error(err instanceof Error ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}\n${err.stack}` : err);
    process.exit(1);
  }
}

function storeOptions(store: string | undefined, pgUrl: string | undefined): Pick<LoadOptions, 'store' | 'pgUrl'> {
  if (store === undefined || store === 'sqlite') return { store: 'sqlite', pgUrl: null };
  if (store !== 'postgres') throw new Error('--store must be sqlite or postgres');
  const url = pgUrl ?? process.env.DATABASE_URL;
  if (!isPostgresUrl(url)) throw new Error('--store postgres needs --pg postgres://user:password@host:port/postgres (or DATABASE_URL): a server where a database can be created');
  return { store: 'postgres', pgUrl: url };
}
