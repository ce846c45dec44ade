/**
 * `npm run backup -- FILE`: a consistent copy of the running database.
 * SQLite (LEDGER_DB): the online backup API, safe while the server writes.
 * PostgreSQL (DATABASE_URL=postgres://…): pg_dump in custom format.
 */
import { execFileSync } from 'node:child_process';
import { backupDatabase } from '../server/ops/backup';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run backup -- FILE');
  process.exit(2);
}
if (process.env.DATABASE_URL?.startsWith('postgres')) {
  execFileSync('pg_dump', ['--format=custom', `--file=${file}`, process.env.DATABASE_URL], { stdio: 'inherit' });
  console.log(`pg_dump written to ${file}`);
} else {
  const source = process.env.LEDGER_DB ?? 'data/ledger.db';
  const { pages } = await backupDatabase(source, file);
  console.log(`Backed up ${source} to ${file} (${pages} pages)`);
}
