/**
 * PostgreSQL backups through the same commands as SQLite: `npm run backup`
 * (pg_dump, custom format) and `npm run restore` (pg_restore --clean), then
 * compare: rows written after the backup are gone, everything before is back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { openPostgres } from '../../server/db/connection';
import type { Database } from '../../server/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(POSTGRES_URL === null)('PostgreSQL backup and restore (runs when DATABASE_URL is PostgreSQL)', () => {
  let t: TestDatabase;
  let dir: string;
  /** The connection opened after the restore (the suite's own pool was closed for it). */
  let reopened: Kysely<Database> | null = null;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'land-ledger-pgdump-'));
  });
  afterAll(async () => {
    await reopened?.destroy();
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const script = (name: string, file: string) =>
    run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url! }, timeout: 120_000 });
  const snapshot = async (db: Kysely<Database> = t.db) => {
    const parcels = await sql<{ id: number; name: string; version: number; geometry: string }>`SELECT id, name, version, geometry FROM parcels ORDER BY id`.execute(db);
    const changes = await sql<{ n: string }>`SELECT count(*) AS n FROM changes`.execute(db);
    return { parcels: parcels.rows, changes: Number(changes.rows[0]!.n) };
  };

  it('restores exactly what was backed up', async () => {
    const file = join(dir, 'ledger.dump');
    const before = await snapshot();
    const backup = await script('backup', file);
    expect(backup.stdout).toContain('pg_dump written');
    await sql`UPDATE parcels SET name = 'changed after the backup' WHERE id = 1`.execute(t.db);
    await sql`DELETE FROM parcels WHERE id = 2`.execute(t.db);
    expect((await snapshot()).parcels).not.toEqual(before.parcels);
    // Kysely's pool holds connections to the database being restored: release them first.
    await t.db.destroy();
    await script('restore', file);
    reopened = openPostgres(t.url!, { max: 2 }).db;
    expect(await snapshot(reopened)).toEqual(before);
  });
});
