/**
 * The change feed: GET /api/changes?since=ID lists changes after ID;
 * GET /api/changes/stream pushes them as server-sent events, so a second
 * planner's map and dashboard follow without reloading. Events carry ids only;
 * clients re-read what changed (the feed never leaks more than GET would).
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { listChanges, type ChangeBus } from '../store/history';

export function changeRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/', async (c) => {
    const since = Number(c.req.query('since') ?? 0);
    const limit = Math.min(Number(c.req.query('limit') ?? 500), 5000);
    if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit) || limit < 1) {
      return problem(c, 400, 'INVALID_REQUEST', 'since and limit must be non-negative integers');
    }
    const changes = await listChanges(db, since, limit);
    return c.json({ changes, last: changes.at(-1)?.id ?? since });
  });

  app.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      // Resume after Last-Event-ID so a reconnecting client misses nothing.
      let last = Number(c.req.header('Last-Event-ID') ?? c.req.query('since') ?? 0) || 0;
      const queue: number[] = [];
      let wake: (() => void) | null = null;
      const onChange = (e: { id: number }) => {
        queue.push(e.id);
        wake?.();
      };
      bus.on('change', onChange);
      stream.onAbort(() => {
        bus.off('change', onChange);
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ last }) });
      while (!stream.aborted) {
        const missed = await listChanges(db, last, 500);
        for (const change of missed) {
          await stream.writeSSE({
            id: String(change.id),
            event: 'change',
            data: JSON.stringify({ id: change.id, collection: change.collection, featureId: change.featureId, action: change.action, version: change.version, username: change.username, at: change.at }),
          });
          last = change.id;
        }
        if (missed.length === 500) continue;
        queue.length = 0;
        await new Promise<void>((resolve) => {
          wake = resolve;
          // A heartbeat every 25 s keeps proxies from closing an idle stream.
          setTimeout(resolve, 25_000);
        });
        wake = null;
        if (!stream.aborted && queue.length === 0) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      bus.off('change', onChange);
    }),
  );

  return app;
}
