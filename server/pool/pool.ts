/**
 * Heavy work off the request thread: a piscina pool of worker threads, each
 * job with a time limit (ended by terminating its worker) and a memory limit
 * (V8 resourceLimits: the worker dies, the server does not), and a bounded
 * queue. A refused job is a JobRefusal, an HTTPException whose response is
 * a problem body (422 past a limit, 503 with Retry-After when the queue is
 * full), so any route awaiting a job answers correctly through app.onError.
 * Jobs compute only: they write nothing, so an ended job leaves nothing
 * half-written; the caller writes, in one transaction, after it returns.
 *
 * Settings (README): LEDGER_POOL_THREADS (default cores − 1, at least 1),
 * LEDGER_JOB_MS (default 30,000), LEDGER_JOB_MB (default 512),
 * LEDGER_POOL_QUEUE (default 32 waiting jobs).
 */
import { HTTPException } from 'hono/http-exception';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { problemBody } from '../http/problem';
import type { JobInput, JobKind, JobOutput } from './jobs';

export interface PoolSettings {
  threads: number;
  jobMilliseconds: number;
  jobMegabytes: number;
  queueLength: number;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function poolSettings(env: NodeJS.ProcessEnv = process.env): PoolSettings {
  return {
    // One core stays with the request thread.
    threads: positiveInt(env.LEDGER_POOL_THREADS, Math.max(1, availableParallelism() - 1)),
    jobMilliseconds: positiveInt(env.LEDGER_JOB_MS, 30_000),
    jobMegabytes: positiveInt(env.LEDGER_JOB_MB, 512),
    queueLength: positiveInt(env.LEDGER_POOL_QUEUE, 32),
  };
}

/** Seconds a client is asked to wait when the queue is full. */
const RETRY_AFTER_SECONDS = 5;

export type RefusalCode = 'JOB_TIME_LIMIT' | 'JOB_MEMORY_LIMIT' | 'SERVER_BUSY';

/** A job the pool ended or would not take; its response is the problem body to send. */
export class JobRefusal extends HTTPException {
  constructor(
    readonly code: RefusalCode,
    detail: string,
  ) {
    const status = code === 'SERVER_BUSY' ? 503 : 422;
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
    if (status === 503) headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
    super(status, { message: detail, res: new Response(JSON.stringify(problemBody(code, detail)), { status, headers }) });
  }
}

let pool: Piscina | null = null;
let settings: PoolSettings | null = null;

/** Job submissions, for tests and benches that must act while a job runs (`submit`, `settle`). */
export const jobEvents = new EventEmitter();

function thePool(): { pool: Piscina; settings: PoolSettings } {
  if (!pool || !settings) {
    settings = poolSettings();
    pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: settings.threads,
      maxThreads: settings.threads,
      maxQueue: settings.queueLength,
      // Idle workers stay a minute: a worker's first job pays ~1 s to load the TypeScript.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: settings.jobMegabytes, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, settings.jobMegabytes / 8)) },
    });
  }
  return { pool, settings };
}

/**
 * Runs a job in the pool. `timeLimitMs` overrides LEDGER_JOB_MS (e.g. the
 * siting solver's own budget plus its set-up); `transfer` moves buffers
 * instead of copying them. Throws JobRefusal past a limit or when the queue is full.
 */
export async function runJob<K extends JobKind>(
  kind: K,
  input: JobInput<K>,
  options: { timeLimitMs?: number; transfer?: ArrayBuffer[] } = {},
): Promise<JobOutput<K>> {
  const { pool, settings } = thePool();
  const limitMs = options.timeLimitMs ?? settings.jobMilliseconds;
  if (pool.queueSize >= settings.queueLength) throw new JobRefusal('SERVER_BUSY', `${pool.queueSize} jobs are waiting`);
  jobEvents.emit('submit', kind);
  try {
    return (await pool.run({ kind, input }, { signal: AbortSignal.timeout(limitMs), ...(options.transfer ? { transferList: options.transfer } : {}) })) as JobOutput<K>;
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.name === 'AbortError') throw new JobRefusal('JOB_TIME_LIMIT', `${kind}: over ${limitMs} ms`);
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new JobRefusal('JOB_MEMORY_LIMIT', `${kind}: over ${settings.jobMegabytes} MB`);
    if (error.message === 'Task queue is at limit') throw new JobRefusal('SERVER_BUSY', 'the job queue is full');
    throw e;
  } finally {
    jobEvents.emit('settle', kind);
  }
}

/** Starts the workers and loads the job code now, so the first request does not pay for it. */
export async function warmPool(): Promise<void> {
  await runJob('ping', null);
}
