/**
 * `npm start`: open (or create) the database named by LEDGER_DB, migrate,
 * seed from geodata/ when empty, and serve the built client and the API on
 * PORT (default 8080).
 */
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { isPostgresUrl, openConfiguredDatabase } from './db/connection';
import { migrateToLatest } from './db/migrations';
import { isEmpty, seedDatabase } from './db/seed';
import { ensureBootstrapAdmin } from './auth/users.store';
import { listenForChanges } from './db/changeSignal';
import { ChangeBus } from './store/history';
import { proxySettingsFromEnv } from './http/publicOrigin';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const clientDir = fileURLToPath(new URL('../dist', import.meta.url));

const { db, description: dbPath } = openConfiguredDatabase();
await migrateToLatest(db);
if (await isEmpty(db)) {
  await seedDatabase(db);
  console.log(`Seeded ${dbPath} from geodata/ (illustrative data; see geodata/PROVENANCE.md)`);
}
if (await ensureBootstrapAdmin(db, process.env.LEDGER_ADMIN_PASSWORD)) {
  console.log('Created user "admin" from LEDGER_ADMIN_PASSWORD');
}
if (!existsSync(clientDir)) console.warn('dist/ not found: run `npm run build` to serve the client');

const bus = new ChangeBus();
// On PostgreSQL, changes other app servers commit reach this server's live streams too.
// A server reading from a replica LISTENs on the primary (LEDGER_CHANGES_URL): replicas relay no NOTIFY.
const { DATABASE_URL, LEDGER_CHANGES_URL } = process.env;
const listenUrl = isPostgresUrl(DATABASE_URL) ? (isPostgresUrl(LEDGER_CHANGES_URL) ? LEDGER_CHANGES_URL : DATABASE_URL) : null;
const changeSignal = listenUrl ? await listenForChanges(listenUrl, bus) : null;
const proxy = proxySettingsFromEnv(process.env);
const app = createApp(db, { bus, proxy, ...(existsSync(clientDir) ? { clientDir } : {}) });
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`Land Ledger 园区用地与能源一张图 is running at http://localhost:${info.port}/  (database: ${dbPath})`);
});

function shutdown() {
  server.close();
  void Promise.all([changeSignal?.close(), db.destroy()]).then(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
