/**
 * The Land Ledger HTTP app over a database: API and OGC routes, and (when a
 * built client folder is given) the static client. No listen here: tests
 * call app.request(), main.ts serves it.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import { relative } from 'node:path';
import type { Database } from './db/schema';
import { problemBody } from './http/problem';
import { metaRoutes } from './routes/meta';
import { ogcRoutes } from './routes/ogc';
import { planRoutes } from './routes/plans';

export interface AppOptions {
  /** Absolute path of the built client (dist/); omitted in API tests. */
  clientDir?: string;
}

export function createApp(db: Kysely<Database>, options: AppOptions = {}): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(err);
    return c.json(problemBody('INVALID_REQUEST', 'internal error'), 500);
  });
  app.notFound((c) => c.json(problemBody('NOT_FOUND', c.req.path), 404));

  app.route('/ogc', ogcRoutes(db));
  app.route('/api/plans', planRoutes(db));
  app.route('/api/meta', metaRoutes(db));
  app.get('/api/health', (c) => c.json({ ok: true }));

  if (options.clientDir) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), options.clientDir) || '.';
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return app;
}
