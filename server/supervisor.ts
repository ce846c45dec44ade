/**
 * The production start's supervisor: a node:cluster primary that keeps
 * LEDGER_WORKERS server processes running. A worker that dies — an uncaught
 * exception, the kernel's OOM killer, kill -9 — is logged with why (exit code
 * or signal) and replaced; one that keeps dying right after start is
 * replaced after a growing delay, so a broken deploy does not spin a core.
 * The primary itself runs no request code, so nothing a request does can end it.
 */
import cluster, { type Worker } from 'node:cluster';

export interface SupervisorOptions {
  workers: number;
  log?: (message: string) => void;
}

/** A worker that lived shorter than this died "at start": the next restart waits longer. */
const EARLY_DEATH_MS = 10_000;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 15_000;

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

/** Forks the workers and replaces any that die, until SIGTERM/SIGINT. */
export function superviseWorkers({ workers, log = console.log }: SupervisorOptions): void {
  let stopping = false;
  let delayMs = FIRST_DELAY_MS;
  const startedAt = new Map<Worker, number>();

  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.once('listening', () => log(`[supervisor] worker ${worker.process.pid} is serving`));
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    delayMs = lived < EARLY_DEATH_MS ? Math.min(delayMs * 2, MAX_DELAY_MS) : FIRST_DELAY_MS;
    const wait = lived < EARLY_DEATH_MS ? delayMs : FIRST_DELAY_MS;
    log(`[supervisor] worker ${worker.process.pid} died (${deathReason(code, signal)}) after ${Math.round(lived / 1000)} s; starting a new one in ${wait} ms`);
    setTimeout(fork, wait);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`[supervisor] ${signal}: stopping ${startedAt.size} worker(s)`);
    if (startedAt.size === 0) process.exit(0);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    // A worker stuck in a request must not hold the shutdown forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(`[supervisor] primary ${process.pid} starting ${workers} worker(s)`);
  for (let i = 0; i < workers; i++) fork();
}
