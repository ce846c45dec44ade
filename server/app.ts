/**
 * The Land Ledger HTTP app over a database: API and OGC routes, and (when a
 * built client folder is given) the static client. No listen here: tests
 * call app.request(), main.ts serves it.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { etag } from 'hono/etag';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { problemBody } from './http/problem';
import { compressAnswers } from './http/compression';
import { staticClient } from './http/staticClient';
import { metaRoutes } from './routes/meta';
import { searchRoutes } from './routes/search';
import { parcelTableRoutes } from './routes/parcels.table';
import { ogcRoutes } from './routes/ogc';
import { planRoutes } from './routes/plans';
import { planAdminRoutes } from './routes/plans.admin';
import { planFigureRoutes } from './routes/plans.figures';
import { planReportRoutes } from './routes/plans.report';
import { snapshotRoutes } from './routes/snapshot';
import { ledgerHealthRoutes } from './routes/ledgerHealth';
import { zoneApiRoutes } from './routes/zones.writes';
import { authRoutes } from './routes/auth';
import { changeRoutes } from './routes/changes';
import { parcelRoutes } from './routes/parcels';
import { parcelBulkRoutes } from './routes/parcels.bulk';
import { editRoutes } from './routes/edits';
import { enterpriseRoutes } from './routes/enterprises';
import { statisticsImportRoutes } from './routes/statisticsImports';
import { efficiencyRoutes } from './routes/efficiency';
import { landStatusRoutes, projectRoutes } from './routes/projects';
import { enterpriseTargetRoutes } from './routes/enterpriseTargets';
import { energyRoutes } from './routes/energy';
import { tileRoutes } from './routes/tiles';
import { importRoutes } from './routes/imports';
import { exportRoutes } from './routes/exports';
import { basemapSettingRoutes, pmtilesRoutes } from './routes/basemaps';
import { BasemapOrigins } from './store/basemaps';
import { MAX_IMPORT_BYTES } from './store/imports.preview';
import { authenticate, type AuthVariables } from './auth/middleware';
import { SignInLimiter } from './auth/signInLimiter';
import { OPEN_PROXY_SETTINGS, proxyContext, type ProxySettings } from './http/publicOrigin';
import { ChangeBus } from './store/history';

export interface AppOptions {
  /** Absolute path of the built client (dist/); omitted in API tests. */
  clientDir?: string;
  /** Shared by every app over the same database in this process (SSE fan-out). */
  bus?: ChangeBus;
  /** Largest accepted JSON body, bytes. */
  maxBodyBytes?: number;
  /** Largest import upload (POST /api/imports), bytes; default MAX_IMPORT_BYTES (50 MB). */
  maxImportBytes?: number;
  /** Folder of PMTiles basemaps served at /basemaps/{name}.pmtiles; default LEDGER_BASEMAP_DIR. */
  basemapDir?: string;
  /** Proxy trust, public URL and allowed hosts (server/http/publicOrigin.ts); default: any Host, no proxy. */
  proxy?: ProxySettings;
  /** Failed sign-in counting; default 10 per user and 50 per address in 15 minutes. */
  signInLimiter?: SignInLimiter;
}

/**
 * API reads answered 304 when unchanged: the service description, the collections'
 * metadata (not their items: the map reads those as tiles), plans, settings and the tally.
 */
const REVALIDATED_READS = [
  '/ogc',
  '/ogc/conformance',
  '/ogc/api',
  '/ogc/collections',
  '/ogc/collections/:collectionId',
  '/api/plans',
  '/api/plans/:planId',
  '/api/plans/:planId/tally',
  '/api/settings/basemaps',
  '/api/energy/intensities',
  '/api/meta',
];

/** 5 MB: a parcel of 100,000 vertices; imports have their own, larger limit. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export function createApp(db: Kysely<Database>, options: AppOptions = {}): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  const bus = options.bus ?? new ChangeBus();
  const basemapDir = options.basemapDir ?? process.env.LEDGER_BASEMAP_DIR ?? undefined;
  // Tile hosts of the configured basemaps, for img-src/connect-src (read from the settings, cached 30 s).
  const basemapOrigins = new BasemapOrigins(db);
  const tileOrigins = () => basemapOrigins.current();
  const signInLimiter = options.signInLimiter ?? new SignInLimiter();

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(err);
    return c.json(problemBody('INVALID_REQUEST', 'internal error'), 500);
  });
  app.notFound((c) => c.json(problemBody('NOT_FOUND', c.req.path), 404));

  // First: a request naming a host that is not allowed is refused before anything else runs.
  app.use('*', proxyContext(options.proxy ?? OPEN_PROXY_SETTINGS));
  app.use('*', async (_c, next) => {
    await basemapOrigins.refresh();
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Svelte transitions and MapLibre set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', tileOrigins],
        connectSrc: ["'self'", tileOrigins],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Outermost of the answer-shaping middleware, so it compresses what the ETag check let through.
  app.use('/api/*', compressAnswers());
  app.use('/ogc/*', compressAnswers());
  // Reads that change rarely answer 304 to a matching If-None-Match; those without their own ETag get one
  // from a hash of the body (weak: it names the bytes of this answer, not a stored version).
  for (const path of REVALIDATED_READS) {
    app.use(path, async (c, next) => {
      await next();
      // Without Cache-Control a browser may reuse such an answer unasked; these must be revalidated.
      if (c.req.method === 'GET' && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache');
    });
    app.use(path, etag({ weak: true }));
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limit = bodyLimit({ maxSize: maxBodyBytes, onError: (c) => c.json(problemBody('PAYLOAD_TOO_LARGE', `limit ${maxBodyBytes} bytes`), 413) });
  const maxImportBytes = options.maxImportBytes ?? MAX_IMPORT_BYTES;
  const importLimit = bodyLimit({ maxSize: maxImportBytes, onError: (c) => c.json(problemBody('PAYLOAD_TOO_LARGE', `limit ${maxImportBytes} bytes`), 413) });
  // File uploads (issue 6) get their own, larger limit; every other API body the JSON one.
  // Only methods that carry a body are measured: reading c.req.raw.body makes @hono/node-server build a
  // full undici Request, which the load bench measured at ~12% of a GET's CPU.
  const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  app.use('/api/*', (c, next) =>
    !hasBody(c.req.method) ? next() : c.req.method === 'POST' && c.req.path === '/api/imports' ? importLimit(c, next) : limit(c, next),
  );
  app.use('/ogc/*', (c, next) => (hasBody(c.req.method) ? limit(c, next) : next()));
  app.use('/api/*', authenticate(db, signInLimiter));
  app.use('/ogc/*', authenticate(db, signInLimiter));

  app.route('/ogc', ogcRoutes(db, bus));
  app.route('/api/auth', authRoutes(db, signInLimiter));
  app.route('/api/changes', changeRoutes(db, bus));
  app.route('/api/parcels/table', parcelTableRoutes(db));
  app.route('/api/parcels/bulk', parcelBulkRoutes(db, bus));
  app.route('/api/parcels', parcelRoutes(db, bus));
  app.route('/api/edits', editRoutes(db, bus));
  app.route('/api/energy', energyRoutes(db));
  app.route('/tiles', tileRoutes(db));
  app.route('/api/imports', importRoutes(db, bus));
  app.route('/api/exports', exportRoutes(db));
  app.route('/api/settings/basemaps', basemapSettingRoutes(db, basemapOrigins, basemapDir));
  app.route('/basemaps', pmtilesRoutes(basemapDir));
  // Issue 4: plan/target writes, figures (tally?asOf, drill-down, timeline) and the report, before planRoutes' plain reads.
  app.route('/api/plans', planAdminRoutes(db, bus));
  app.route('/api/plans', planFigureRoutes(db));
  app.route('/api/plans', planReportRoutes(db));
  app.route('/api/plans', planRoutes(db));
  app.route('/api/zones', zoneApiRoutes(db, bus));
  app.route('/api/snapshot', snapshotRoutes(db));
  app.route('/api/health/ledger', ledgerHealthRoutes(db));
  app.route('/api/meta', metaRoutes(db));
  app.route('/api/search', searchRoutes(db));
  app.route('/api/enterprises', enterpriseRoutes(db, bus));
  app.route('/api/enterprise-statistics/imports', statisticsImportRoutes(db, bus));
  app.route('/api/efficiency', efficiencyRoutes(db));
  app.route('/api/projects', projectRoutes(db, bus));
  app.route('/api/land-status', landStatusRoutes(db));
  app.route('/api/enterprise-targets', enterpriseTargetRoutes(db));
  app.get('/api/health', (c) => c.json({ ok: true }));
  // An unknown API path is a JSON 404, never the client's index.html (which clients then fail to parse).
  app.all('/api/*', (c) => c.json(problemBody('NOT_FOUND', c.req.path), 404));
  app.all('/ogc/*', (c) => c.json(problemBody('NOT_FOUND', c.req.path), 404));

  if (options.clientDir) app.use('/*', staticClient(options.clientDir));
  return app;
}
