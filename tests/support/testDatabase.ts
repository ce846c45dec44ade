/**
 * A fresh, migrated and seeded SQLite file per suite (a real file in a temp
 * folder, WAL and all — no mocked database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connection';
import { migrateToLatest } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import { seedDatabase } from '../../server/db/seed';

export interface TestDatabase {
  db: Kysely<Database>;
  path: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-test-'));
  const path = join(dir, 'ledger.db');
  const { db } = openDatabase(path);
  await migrateToLatest(db);
  if (options.seed !== false) await seedDatabase(db);
  return {
    db,
    path,
    async dispose() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
