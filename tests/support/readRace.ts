/**
 * A hostile or heavy request against a real server, and a planner's read
 * issued once the heavy part has reached the worker pool: which answered
 * first, and the longest the request thread was held meanwhile (the event
 * loop's delay, which a check run on the request thread shows at once).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jobEvents } from '../../server/pool/pool';

export interface Race {
  status: number;
  text: string;
  headers: Headers;
  heavyMs: number;
  readStatus: number;
  /** The read's answer, to check what it saw. */
  readBody: string;
  /** Whether the read finished before the heavy request's answer arrived. */
  readFirst: boolean;
  readMs: number;
  /** Longest the event loop was held while the heavy request ran, ms (includes time the shared machine did not run this process). */
  loopHeldMs: number;
  /** Pooled results the save used instead of computing them on the request thread (jobEvents 'reuse'). */
  reused: string[];
}

/** `issueReadWhen`: when to issue the read instead (default: when the first job reaches the pool), e.g. once a batch write's transaction is open. */
export async function raceRead(baseUrl: string, path: string, init: RequestInit, readPath = '/ogc/collections/parcels/items?limit=10', issueReadWhen?: Promise<unknown>): Promise<Race> {
  const reused: string[] = [];
  const onReuse = (what: string) => reused.push(what);
  jobEvents.on('reuse', onReuse);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const submitted = issueReadWhen ?? new Promise<void>((resolve) => jobEvents.once('submit', () => resolve()));
  const heavy = fetch(baseUrl + path, init).then(async (res) => ({ res, text: await res.text(), end: performance.now() }));
  await Promise.race([submitted, heavy]);
  const readStart = performance.now();
  const read = fetch(baseUrl + readPath).then(async (res) => {
    const body = await res.text();
    return { status: res.status, body, end: performance.now() };
  });
  const [h, r] = await Promise.all([heavy, read]);
  loop.disable();
  jobEvents.off('reuse', onReuse);
  return {
    status: h.res.status,
    text: h.text,
    headers: h.res.headers,
    heavyMs: h.end - started,
    readStatus: r.status,
    readBody: r.body,
    readFirst: r.end < h.end,
    readMs: r.end - readStart,
    loopHeldMs: loop.max / 1e6,
    reused,
  };
}
