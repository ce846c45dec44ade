/**
 * The production start's supervisor: a node:cluster primary that keeps
 * LEDGER_WORKERS server processes running. A worker that dies — an uncaught
 * exception, the kernel's OOM killer, kill -9 — is logged with why (exit code
 * or signal) and replaced; one that keeps dying right after start is
 * replaced after a growing delay, so a broken deploy does not spin a core.
 * The primary itself runs no request code, so nothing a request does can end it.
 *
 * A new server process takes seconds to start (loading the TypeScript and its
 * libraries: ~3 s of CPU, 10–20 s on a busy shared machine), so one spare
 * is kept loaded but not listening (serve.ts, LEDGER_SPARE=1 in its
 * environment). When a worker dies the spare starts listening at once (~1 s
 * without service instead of a whole start-up) and a new spare is started
 * behind it; that start waits longer each time workers keep dying early.
 * LEDGER_SPARE_WORKER=off keeps no spare (one process less of memory).
 */
import cluster, { type Worker } from 'node:cluster';

export interface SupervisorOptions {
  workers: number;
  /** Keep one loaded spare ready to take a dead worker's place (default true). */
  spare?: boolean;
  log?: (message: string) => void;
}

/** Messages between the supervisor and a spare (serve.ts). */
export const SPARE_READY = 'ledger:spare-ready';
export const SPARE_SERVE = 'ledger:serve';

/** A worker that lived shorter than this died "at start": the next restart waits longer. */
const EARLY_DEATH_MS = 10_000;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 15_000;

/**
 * The wait before starting a replacement: short after a worker that lived
 * long, doubling (to a ceiling) while workers keep dying soon after start.
 */
export function nextRestartDelay(previousDelayMs: number, livedMs: number): number {
  return livedMs < EARLY_DEATH_MS ? Math.min(previousDelayMs * 2, MAX_DELAY_MS) : FIRST_DELAY_MS;
}

/** How a worker ended, as the log says it. */
export function deathReason(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}

/** LEDGER_WORKERS as a count of processes: an integer 1–64, default 1. */
export function workerCount(text: string | undefined, log: (message: string) => void = console.warn): number {
  if (text === undefined || text.trim() === '') return 1;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= 64) return n;
  log(`[supervisor] LEDGER_WORKERS=${text} is not a count from 1 to 64; running 1 worker`);
  return 1;
}

/** Forks the workers (and a spare) and replaces any that die, until SIGTERM/SIGINT. */
export function superviseWorkers({ workers, spare: keepSpare = true, log = console.log }: SupervisorOptions): void {
  let stopping = false;
  let delayMs = FIRST_DELAY_MS;
  /** When each process began serving (a spare: when it was promoted); only serving ones are here. */
  const servingSince = new Map<Worker, number>();
  /** The loaded, not-listening spare, and whether it said it is ready. */
  let spare: { worker: Worker; ready: boolean } | null = null;
  let spareTimer: NodeJS.Timeout | null = null;
  const all = () => [...servingSince.keys(), ...(spare ? [spare.worker] : [])];

  const forkServing = () => {
    if (stopping) return;
    const worker = cluster.fork();
    servingSince.set(worker, Date.now());
    worker.once('listening', () => {
      log(`[supervisor] worker ${worker.process.pid} is serving`);
      // The spare loads once a worker serves, so the first start is not slowed by it.
      scheduleSpare(FIRST_DELAY_MS);
    });
  };

  const forkSpare = () => {
    spareTimer = null;
    if (stopping || !keepSpare || spare) return;
    const worker = cluster.fork({ LEDGER_SPARE: '1' });
    spare = { worker, ready: false };
    worker.on('message', (message: unknown) => {
      if (message !== SPARE_READY || spare?.worker !== worker) return;
      spare.ready = true;
      log(`[supervisor] spare ${worker.process.pid} is loaded`);
    });
  };

  const scheduleSpare = (wait: number) => {
    if (!keepSpare || spare || spareTimer || stopping) return;
    spareTimer = setTimeout(forkSpare, wait);
  };

  /** The ready spare starts serving in place of a dead worker; false when there is none ready. */
  const promoteSpare = (): boolean => {
    if (!spare?.ready || !spare.worker.isConnected()) return false;
    const { worker } = spare;
    spare = null;
    servingSince.set(worker, Date.now());
    worker.once('listening', () => log(`[supervisor] worker ${worker.process.pid} is serving`));
    worker.send(SPARE_SERVE);
    return true;
  };

  cluster.on('exit', (worker, code, signal) => {
    if (spare?.worker === worker) {
      // A spare that dies while loading is the same crash loop: its replacement waits too.
      spare = null;
      if (stopping) return exitWhenAllGone();
      delayMs = nextRestartDelay(delayMs, 0);
      log(`[supervisor] spare ${worker.process.pid} died (${deathReason(code, signal)}); starting a new one in ${delayMs} ms`);
      scheduleSpare(delayMs);
      return;
    }
    const since = servingSince.get(worker);
    servingSince.delete(worker);
    if (stopping) return exitWhenAllGone();
    const lived = since === undefined ? 0 : Date.now() - since;
    delayMs = nextRestartDelay(delayMs, lived);
    const wait = lived < EARLY_DEATH_MS ? delayMs : FIRST_DELAY_MS;
    if (promoteSpare()) {
      log(`[supervisor] worker ${worker.process.pid} died (${deathReason(code, signal)}) after ${Math.round(lived / 1000)} s; the spare takes its place, a new spare starts in ${wait} ms`);
      scheduleSpare(wait);
    } else {
      log(`[supervisor] worker ${worker.process.pid} died (${deathReason(code, signal)}) after ${Math.round(lived / 1000)} s; starting a new one in ${wait} ms`);
      setTimeout(forkServing, wait);
    }
  });

  function exitWhenAllGone(): void {
    if (all().length === 0) process.exit(0);
  }

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (spareTimer) clearTimeout(spareTimer);
    log(`[supervisor] ${signal}: stopping ${all().length} worker(s)`);
    if (all().length === 0) process.exit(0);
    for (const worker of all()) worker.process.kill('SIGTERM');
    // A worker stuck in a request must not hold the shutdown forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(`[supervisor] primary ${process.pid} starting ${workers} worker(s)${keepSpare ? ' and a spare' : ''}`);
  for (let i = 0; i < workers; i++) forkServing();
}
