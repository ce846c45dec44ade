/**
 * Once per test run: a migrated and seeded template database, which every
 * suite's fresh database is copied from (tests/support/testDatabase.ts).
 * Seeding goes through the same write path as a planner's save (rules, zone
 * cells, history: ~1–2 s); copying a file or a PostgreSQL template takes
 * milliseconds, and each suite still gets its own database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { isPostgresUrl, openDatabase, openPostgres } from '../../server/db/connection';
import { migrateToLatest } from '../../server/db/migrations';
import { seedDatabase } from '../../server/db/seed';
import { adminQuery } from './postgresAdmin';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded template: a SQLite file path, or a PostgreSQL database name. */
    ledgerTemplate: { kind: 'sqlite'; path: string } | { kind: 'postgres'; name: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    const name = `ll_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name}`);
    const at = new URL(url);
    at.pathname = `/${name}`;
    const { db } = openPostgres(at.toString(), { max: 2 });
    await migrateToLatest(db);
    await seedDatabase(db);
    await db.destroy();
    project.provide('ledgerTemplate', { kind: 'postgres', name });
    return async () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-template-'));
  const path = join(dir, 'template.db');
  const { db } = openDatabase(path);
  await migrateToLatest(db);
  await seedDatabase(db);
  // Closing checkpoints the WAL into the file, so the file alone is the whole database.
  await db.destroy();
  project.provide('ledgerTemplate', { kind: 'sqlite', path });
  return async () => rmSync(dir, { recursive: true, force: true });
}
