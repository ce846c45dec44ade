/**
 * `npx tsx bench/firstLoad.ts [--rounds 3]`: the first load of Land Ledger
 * beside a bare MapLibre page (bench/bare/) drawing the same zones and
 * parcels from the same server, cold (fresh browser profile) and warm (the
 * same profile loading again), in headless Chromium on loopback.
 *
 * Per page and state: requests, bytes transferred (headers and bodies as
 * they came over the wire; the change stream's open body not counted),
 * compressed JavaScript fetched before the first contentful paint, and the
 * time from navigation until the map has drawn its data and is idle (and,
 * for the app, the dashboard shows its rows). Medians over the rounds; the
 * pages alternate which goes first. Prints a Markdown section for
 * bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { precompressFolder } from '../scripts/precompress';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface LoadFigures {
  /** HTTP requests the page made (data: URLs left out), from the network or the cache. */
  requests: number;
  /** Of those, answered by the server (a 304 included). */
  networkRequests: number;
  transferredBytes: number;
  jsBeforePaintBytes: number;
  readyMs: number;
}

type PageKind = 'app' | 'bare';

/** Both pages report readiness the same way: map loaded and idle with its data, plus, for the app, the dashboard's rows. */
const READY_SCRIPT = `
(() => {
  const check = () => {
    const map = window.__landLedgerMap ?? window.__benchMap;
    const app = !!window.__landLedgerMap;
    const dataShown = app ? document.body?.dataset.mapReady === 'true' : document.body?.dataset.dataShown === 'true';
    const dashboard = !app || !!document.querySelector('.dashboard [data-target]');
    if (map && dataShown && dashboard && map.loaded() && !map.isMoving()) {
      window.__readyAt = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
`;

async function startServer(dbPath: string, clientDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bench/firstLoad.server.ts'), dbPath, clientDir], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Builds the client into a temp folder and adds the bare page (MapLibre's own files, precompressed like the app's). */
async function buildPages(dir: string): Promise<void> {
  await build({ configFile: join(REPO, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  const bare = join(dir, 'assets', 'bare');
  mkdirSync(bare, { recursive: true });
  for (const file of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) {
    copyFileSync(join(REPO, 'node_modules/maplibre-gl/dist', file), join(bare, file));
  }
  cpSync(join(REPO, 'bench/bare/bare.js'), join(bare, 'bare.js'));
  cpSync(join(REPO, 'bench/bare/bare.css'), join(bare, 'bare.css'));
  cpSync(join(REPO, 'bench/bare/index.html'), join(dir, 'bare.html'));
  await precompressFolder(bare);
}

/** One navigation: requests and bytes from the DevTools protocol, paint and readiness from the page. */
async function loadOnce(context: BrowserContext, url: string): Promise<LoadFigures> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let requests = 0;
  let fromCache = 0;
  let transferredBytes = 0;
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
    if (/^https?:/.test(e.request.url)) requests++;
  });
  cdp.on('Network.responseReceived', (e: { response: { url: string; fromDiskCache?: boolean; fromPrefetchCache?: boolean } }) => {
    if (/^https?:/.test(e.response.url) && (e.response.fromDiskCache || e.response.fromPrefetchCache)) fromCache++;
  });
  cdp.on('Network.requestServedFromCache', () => fromCache++);
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (transferredBytes += e.encodedDataLength));
  await page.addInitScript(READY_SCRIPT);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, undefined, { timeout: 120_000, polling: 100 });
  // Late requests of the load (the tally after the plans, the change stream) are counted too.
  await page.waitForTimeout(1000);
  const timing = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Infinity;
    const js = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => /\.m?js(\?|$)/.test(r.name) && r.responseEnd <= fcp)
      .reduce((sum, r) => sum + r.encodedBodySize, 0);
    return { readyMs: (window as unknown as { __readyAt: number }).__readyAt, jsBeforePaintBytes: js };
  });
  await page.close();
  return { requests, networkRequests: requests - fromCache, transferredBytes, ...timing };
}

/**
 * Compressed bytes of the JavaScript a page's first paint waits for: the module scripts
 * index.html names and everything they import statically (not import(), not modulepreload).
 */
function blockingScriptBytes(dir: string, html: string): number {
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g)].map((m) => join(dir, m[1]!));
  let bytes = 0;
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    bytes += existsSync(`${file}.br`) ? statSync(`${file}.br`).size : statSync(file).size;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+)["']/g)) queue.push(join(dirname(file), m[1]!));
  }
  return bytes;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
  const rounds = Math.max(1, Number(values.rounds));
  const work = mkdtempSync(join(tmpdir(), 'll-firstload-'));
  let server: { url: string; child: ChildProcess } | null = null;
  let browser: Browser | null = null;
  const loadBefore = loadavg()[0]!.toFixed(2);
  try {
    const clientDir = join(work, 'client');
    await buildPages(clientDir);
    server = await startServer(join(work, 'ledger.db'), clientDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const figures: Record<`${PageKind}-${'cold' | 'warm'}`, LoadFigures[]> = { 'app-cold': [], 'app-warm': [], 'bare-cold': [], 'bare-warm': [] };
    const pages: Record<PageKind, string> = { app: `${server.url}/`, bare: `${server.url}/bare.html` };
    // One unmeasured load of each warms the server (SQLite pages, JIT), not the browser.
    for (const kind of ['app', 'bare'] as const) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await loadOnce(context, pages[kind]);
      await context.close();
    }
    for (let round = 0; round < rounds; round++) {
      const order: PageKind[] = round % 2 ? ['bare', 'app'] : ['app', 'bare'];
      for (const kind of order) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        figures[`${kind}-cold`].push(await loadOnce(context, pages[kind]));
        figures[`${kind}-warm`].push(await loadOnce(context, pages[kind]));
        await context.close();
      }
    }
    const row = (key: keyof typeof figures) => {
      const f = figures[key];
      return {
        requests: median(f.map((x) => x.requests)),
        network: median(f.map((x) => x.networkRequests)),
        kb: median(f.map((x) => x.transferredBytes)) / 1024,
        js: median(f.map((x) => x.jsBeforePaintBytes)) / 1024,
        ms: median(f.map((x) => x.readyMs)),
        each: f.map((x) => Math.round(x.readyMs)).join(', '),
      };
    };
    const lines = [
      `### First load (bench/firstLoad.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: nproc ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average before run ${loadBefore} (shared with other jobs); Node ${process.version}; ${browser.version()} headless on loopback; ${rounds} rounds, medians.`,
      '',
      '| page | state | requests (to the server) | transferred KB | compressed JS fetched before first paint KB | map (+ dashboard) ready ms | each round ms |',
      '|---|---|---:|---:|---:|---:|---|',
    ];
    for (const key of ['bare-cold', 'app-cold', 'bare-warm', 'app-warm'] as const) {
      const r = row(key);
      const [page, state] = key.split('-');
      lines.push(`| ${page} | ${state} | ${r.requests} (${r.network}) | ${r.kb.toFixed(1)} | ${r.js.toFixed(1)} | ${Math.round(r.ms)} | ${r.each} |`);
    }
    const blocking = {
      app: blockingScriptBytes(clientDir, readFileSync(join(clientDir, 'index.html'), 'utf8')) / 1024,
      bare: blockingScriptBytes(clientDir, readFileSync(join(clientDir, 'bare.html'), 'utf8')) / 1024,
    };
    const ratio = (state: 'cold' | 'warm') => (row(`app-${state}`).ms / row(`bare-${state}`).ms).toFixed(2);
    lines.push(
      '',
      `App ÷ bare page: cold ${ratio('cold')}×, warm ${ratio('warm')}× (goal ≤ 1.3×). App cold requests ${row('app-cold').requests} (goal ≤ 20); ` +
        `compressed JS the first paint waits for (the page's module scripts and their static imports, brotli): app ${blocking.app.toFixed(1)} KB, bare ${blocking.bare.toFixed(1)} KB (goal ≤ 350); warm transfer ${((100 * row('app-warm').kb) / row('app-cold').kb).toFixed(1)}% of cold (goal < 10%).`,
    );
    console.log(lines.join('\n'));
  } finally {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    else console.error(`kept ${work}`);
  }
}

await main();
