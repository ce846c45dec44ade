/**
 * Hostile clients for the "always up" proofs and bench: a server in a child
 * process (tests/support/serverChild.ts) so its memory is its own, Range
 * requests whose answers are never read, change streams opened by the
 * hundred over raw sockets, a long change history, and a planner's timed read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerChild {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** `tsx tests/support/serverChild.ts DB` with extra environment (e.g. LEDGER_BASEMAP_DIR). */
export function startServerChild(dbPath: string, env: Record<string, string> = {}): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/serverChild.ts', dbPath], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`server child exited ${code} before listening`));
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (!m) return;
      child.off('exit', onExit);
      resolve({
        child,
        port: Number(m[1]),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

/** Resident memory of a process, MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples a process's RSS every `everyMs` until stopped; the peak, MiB. */
export function watchRss(pid: number, everyMs = 50): { peak(): number; stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      // the process ended; the peak so far stands
    }
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Sends a raw HTTP/1.1 GET on a new socket. */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Socket {
  const socket = connect(port, '127.0.0.1');
  const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
  socket.write(lines.join('\r\n'));
  socket.on('error', () => undefined);
  return socket;
}

/**
 * `count` Range requests for the whole of `path` whose answers are never read:
 * each socket is paused at once, so the server can only send what the
 * kernel's buffers take.
 */
export function rangeFlood(port: number, path: string, count: number, range = 'bytes=0-'): { close(): void } {
  const sockets = Array.from({ length: count }, () => {
    const socket = rawGet(port, path, { Range: range });
    socket.pause();
    return socket;
  });
  return { close: () => sockets.forEach((s) => s.destroy()) };
}

export interface RawStream {
  /** The `last` of the ready event. */
  ready: Promise<number>;
  /** The id of the first change event. */
  firstChange: Promise<number>;
  close(): void;
}

/** Opens an SSE change stream over a raw socket and reads its events. */
export function openRawStream(port: number, path = '/api/changes/stream'): RawStream {
  const socket = rawGet(port, path, { Accept: 'text/event-stream' });
  let text = '';
  let onReady: (last: number) => void = () => undefined;
  let onChange: (id: number) => void = () => undefined;
  const ready = new Promise<number>((r) => (onReady = r));
  const firstChange = new Promise<number>((r) => (onChange = r));
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const r = /event: ready\ndata: (\{[^\n]*\})/.exec(text);
    if (r) onReady(JSON.parse(r[1]!).last);
    const c = /id: (\d+)\nevent: change|event: change\ndata: [^\n]*\nid: (\d+)/.exec(text);
    if (c) onChange(Number(c[1] ?? c[2]));
  });
  return { ready, firstChange, close: () => socket.destroy() };
}

/** One GET, timed from sending to the last byte, ms; throws on a non-2xx answer. */
export async function timedGet(url: string, init: RequestInit = {}): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - started;
}

/**
 * `count` change rows carrying a stored feature of about `featureBytes` each,
 * written straight into the SQLite file: the history a stream without `since`
 * used to replay and parse. Returns the newest change id.
 */
export function addChangeHistory(dbPath: string, count: number, featureBytes = 4000): number {
  const db = new SQLite(dbPath);
  try {
    const ring = Array.from({ length: Math.max(4, Math.floor(featureBytes / 40)) }, (_, i) => [106.9 + i * 1e-6, 28.97 + (i % 2) * 1e-6]);
    const feature = JSON.stringify({ type: 'Feature', id: 1, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, properties: { name: '历史' } });
    const insert = db.prepare('INSERT INTO changes (collection, feature_id, action, version, user_id, username, at, before, after) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < count; i++) insert.run('parcels', String(900_000 + i), 'update', 2, 'history', new Date().toISOString(), feature, feature);
    })();
    return Number((db.prepare('SELECT max(id) AS last FROM changes').get() as { last: number }).last);
  } finally {
    db.close();
  }
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
