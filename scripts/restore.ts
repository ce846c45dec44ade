/**
 * `npm run restore -- FILE`: puts a backup back. Stop the server first.
 * SQLite: checks the backup's integrity, refuses a database in use, swaps the
 * file in atomically. PostgreSQL: pg_restore --clean into DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import { restoreDatabase } from '../server/ops/backup';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE');
  process.exit(2);
}
try {
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    execFileSync('pg_restore', ['--clean', '--if-exists', `--dbname=${process.env.DATABASE_URL}`, file], { stdio: 'inherit' });
  } else {
    restoreDatabase(file, process.env.LEDGER_DB ?? 'data/ledger.db');
  }
  console.log(`Restored ${file}`);
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
