/**
 * Runs the district generator (scripts/generate-district.ts, `npm run gen`)
 * on a suite's own database: the SQLite file, or the suite's PostgreSQL
 * database — never the server named by the environment's DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestDatabase } from './testDatabase';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function generateDistrict(database: TestDatabase, parcels: number): Promise<void> {
  const { DATABASE_URL: _inherited, ...env } = process.env;
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/generate-district.ts'), '--parcels', String(parcels)], {
    cwd: ROOT,
    env: database.backend === 'postgres' ? { ...env, DATABASE_URL: database.url! } : { ...env, LEDGER_DB: database.path },
    maxBuffer: 1 << 20,
  });
}
