/**
 * One server process: open the prepared database, follow changes other
 * processes commit, and serve the app on PORT until SIGTERM/SIGINT.
 * Started by server/main.ts, in a supervised worker or on its own.
 */
import { serve } from '@hono/node-server';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { createApp } from './app';
import { keepConnectionsLonger } from './http/keepAlive';
import { repoPath } from './repoRoot';
import { isPostgresUrl, openConfiguredDatabase } from './db/connection';
import { listenForChanges } from './db/changeSignal';
import { pollForChanges } from './db/changePoll';
import { ChangeBus } from './store/history';
import { SPARE_READY, SPARE_SERVE, workerCount } from './supervisor';
import { proxySettingsFromEnv } from './http/publicOrigin';

export async function serveLedger(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '0.0.0.0';
  const clientDir = repoPath('dist');
  const { db, description: dbPath } = openConfiguredDatabase();
  if (!existsSync(clientDir)) console.warn('dist/ not found: run `npm run build` to serve the client');

  const bus = new ChangeBus();
  // On PostgreSQL, changes other app servers commit reach this server's live streams too.
  // A server reading from a replica LISTENs on the primary (LEDGER_CHANGES_URL): replicas relay no NOTIFY.
  const { DATABASE_URL, LEDGER_CHANGES_URL } = process.env;
  const listenUrl = isPostgresUrl(DATABASE_URL) ? (isPostgresUrl(LEDGER_CHANGES_URL) ? LEDGER_CHANGES_URL : DATABASE_URL) : null;
  const changeSignal = listenUrl ? await listenForChanges(listenUrl, bus) : null;
  // Sibling worker processes on one SQLite file: poll the change id so every process's streams see every write.
  const siblings = cluster.isWorker && workerCount(process.env.LEDGER_WORKERS, () => undefined) > 1;
  const changePoll = !listenUrl && siblings ? pollForChanges(db, bus) : null;
  const proxy = proxySettingsFromEnv(process.env);
  const app = createApp(db, { bus, proxy, ...(existsSync(clientDir) ? { clientDir } : {}) });
  let server: ReturnType<typeof serve> | null = null;
  const listen = () => {
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const who = cluster.isWorker ? ` (worker ${process.pid})` : '';
      console.log(`Land Ledger 园区用地与能源一张图 is running at http://localhost:${info.port}/  (database: ${dbPath})${who}`);
    });
    keepConnectionsLonger(server);
  };
  // The supervisor's spare (supervisor.ts) is loaded and ready, and listens only when told to take a dead worker's place.
  if (cluster.isWorker && process.env.LEDGER_SPARE === '1') {
    process.on('message', (message) => {
      if (message === SPARE_SERVE && !server) listen();
    });
    process.send?.(SPARE_READY);
  } else {
    listen();
  }

  function shutdown() {
    server?.close();
    changePoll?.close();
    void Promise.all([changeSignal?.close(), db.destroy()]).then(() => process.exit(0));
  }
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
