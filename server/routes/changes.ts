/**
 * The change feed: GET /api/changes?since=ID lists changes after ID;
 * GET /api/changes/stream pushes them as server-sent events, so a second
 * planner's map and dashboard follow without reloading. Events carry ids only;
 * clients re-read what changed (the feed never leaks more than GET would).
 * GET /api/changes/head names the newest change: a client reads it before
 * loading its data and opens the stream with ?since= that id, so it misses
 * nothing in between. A stream opened without Last-Event-ID or `since` starts
 * at now: replaying the whole history to every tab is what clients never need.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { listChanges, type ChangeBus } from '../store/history';
import { latestChangeId, listChangeHeads } from '../store/changes.query';
import type { z } from 'zod';
import type { changeEventSchema } from '../../domain/api/changes.schema';

/** A change id as a client sends it back (Last-Event-ID, ?since=): a non-negative safe integer, or null. */
function changeIdParam(text: string | undefined): number | null | 'invalid' {
  if (text === undefined || text.trim() === '') return null;
  return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : 'invalid';
}

/** Changes read per query while a stream catches up. */
const STREAM_BATCH = 500;

export function changeRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  // Every open stream listens on the bus: hundreds of tabs are normal, not a leak.
  bus.setMaxListeners(0);

  app.get('/', async (c) => {
    const since = changeIdParam(c.req.query('since') ?? '0');
    const limitText = c.req.query('limit') ?? '500';
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (since === 'invalid' || !(limit >= 1 && limit <= 5000)) {
      return problem(c, 400, 'INVALID_REQUEST', 'since must be a change id (a non-negative integer) and limit an integer from 1 to 5000');
    }
    const changes = await listChanges(db, since ?? 0, limit);
    return c.json({ changes, last: changes.at(-1)?.id ?? since ?? 0 });
  });

  app.get('/head', async (c) => c.json({ last: await latestChangeId(db) }, 200, { 'Cache-Control': 'no-store' }));

  app.get('/stream', async (c) => {
    // Resume after Last-Event-ID so a reconnecting client misses nothing; else after ?since.
    const resume = changeIdParam(c.req.header('Last-Event-ID'));
    const since = changeIdParam(c.req.query('since'));
    if (resume === 'invalid' || since === 'invalid') return problem(c, 400, 'INVALID_REQUEST', 'Last-Event-ID and since must be change ids (non-negative integers)');
    const start = resume ?? since ?? (await latestChangeId(db));
    return streamSSE(c, async (stream) => {
      let last = start;
      let pending = false;
      let wake: (() => void) | null = null;
      const onChange = () => {
        pending = true;
        wake?.();
      };
      bus.on('change', onChange);
      stream.onAbort(() => {
        bus.off('change', onChange);
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ last }) });
      while (!stream.aborted) {
        pending = false;
        const missed = await listChangeHeads(db, last, STREAM_BATCH);
        for (const change of missed) {
          const event: z.input<typeof changeEventSchema> = change;
          await stream.writeSSE({ id: String(change.id), event: 'change', data: JSON.stringify(event) });
          last = change.id;
        }
        if (missed.length === STREAM_BATCH || pending) continue;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const heartbeat = await new Promise<boolean>((resolve) => {
          wake = () => resolve(false);
          // A heartbeat every 25 s keeps proxies from closing an idle stream.
          timer = setTimeout(() => resolve(true), 25_000);
        });
        clearTimeout(timer);
        wake = null;
        if (!stream.aborted && heartbeat && !pending) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      bus.off('change', onChange);
    });
  });

  return app;
}
