/**
 * `npm start`: open (or create) the database named by LEDGER_DB, migrate,
 * seed from geodata/ when empty, and serve the built client and the API on
 * PORT (default 8080) from LEDGER_WORKERS worker processes (default 1) that a
 * supervisor restarts when one dies (server/supervisor.ts). The database is
 * prepared once, in the supervisor, before any worker serves.
 * LEDGER_SUPERVISOR=off serves from this one process instead (for a service
 * manager that restarts the process itself).
 */
import cluster from 'node:cluster';
import { openConfiguredDatabase } from './db/connection';
import { migrateToLatest } from './db/migrations';
import { isEmpty, seedDatabase } from './db/seed';
import { ensureBootstrapAdmin } from './auth/users.store';
import { superviseWorkers, workerCount } from './supervisor';

async function prepareDatabase(): Promise<void> {
  const { db, description: dbPath } = openConfiguredDatabase();
  try {
    await migrateToLatest(db);
    if (await isEmpty(db)) {
      await seedDatabase(db, undefined, { register: true });
      console.log(`Seeded ${dbPath} from geodata/ (illustrative data; see geodata/PROVENANCE.md)`);
    }
    if (await ensureBootstrapAdmin(db, process.env.LEDGER_ADMIN_PASSWORD)) {
      console.log('Created user "admin" from LEDGER_ADMIN_PASSWORD');
    }
  } finally {
    await db.destroy();
  }
}

const supervised = process.env.LEDGER_SUPERVISOR !== 'off';
if (cluster.isPrimary) await prepareDatabase();
if (cluster.isPrimary && supervised) {
  superviseWorkers({ workers: workerCount(process.env.LEDGER_WORKERS), spare: process.env.LEDGER_SPARE_WORKER !== 'off' });
} else {
  const { serveLedger } = await import('./serve');
  await serveLedger();
}
