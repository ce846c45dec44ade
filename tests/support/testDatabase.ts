/**
 * A fresh, migrated and seeded database per suite: a real SQLite file in a
 * temp folder (WAL and all — no mocked database), or, when DATABASE_URL
 * names a PostgreSQL server, a new database on it created for the suite and
 * dropped after. The same suites run against both stores. Seeded databases
 * are copies of the run's template (globalSetup.ts), seeded once.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase, openPostgres } from '../../server/db/connection';
import { backendOf, type Backend } from '../../server/db/dialect';
import { migrateToLatest, migrateUpTo } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import { adminQuery } from './postgresAdmin';
import { seedDatabase } from '../../server/db/seed';

export interface TestDatabase {
  db: Kysely<Database>;
  backend: Backend;
  /** The SQLite file (SQLite only). */
  path: string;
  /** The PostgreSQL URL of this suite's database (PostgreSQL only). */
  url?: string;
  dispose(): Promise<void>;
}

export const POSTGRES_URL = isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;

/** The run's seeded template (tests/support/globalSetup.ts), when this process has one. */
function seededTemplate() {
  try {
    return inject('ledgerTemplate');
  } catch {
    // Outside a vitest worker (a script importing this helper): seed afresh.
    return undefined;
  }
}

/** `upTo`: stop after that migration (and seed nothing), to test a later migration over older data. */
export async function createTestDatabase(options: { seed?: boolean; upTo?: string } = {}): Promise<TestDatabase> {
  const migrate = (db: Kysely<Database>) => (options.upTo ? migrateUpTo(db, options.upTo) : migrateToLatest(db));
  if (options.upTo) options = { ...options, seed: false };
  if (POSTGRES_URL) {
    const name = `ll_test_${randomBytes(6).toString('hex')}`;
    const template = options.seed !== false && !options.upTo ? seededTemplate() : undefined;
    const fromTemplate = template?.kind === 'postgres' ? template.name : null;
    // A copy of the seeded template (CREATE DATABASE … TEMPLATE copies it file by file), or migrated and seeded here.
    await adminQuery(POSTGRES_URL, fromTemplate ? `CREATE DATABASE ${name} TEMPLATE ${fromTemplate}` : `CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const { db } = openPostgres(url.toString(), { max: 5 });
    if (!fromTemplate) {
      await migrate(db);
      if (options.seed !== false) await seedDatabase(db);
    }
    return {
      db,
      backend: 'postgres',
      path: '',
      url: url.toString(),
      async dispose() {
        await db.destroy();
        await adminQuery(POSTGRES_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-test-'));
  const path = join(dir, 'ledger.db');
  const template = options.seed !== false && !options.upTo ? seededTemplate() : undefined;
  if (template?.kind === 'sqlite') copyFileSync(template.path, path);
  const { db } = openDatabase(path);
  if (template?.kind !== 'sqlite') {
    await migrate(db);
    if (options.seed !== false) await seedDatabase(db);
  }
  return {
    db,
    backend: backendOf(db),
    path,
    async dispose() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
