/**
 * Backup while writes go on, restore, compare: the restored database holds
 * every write acknowledged before the backup began, passes integrity_check,
 * and a restore refuses to overwrite a database in use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { backupDatabase, integrityCheck, restoreDatabase } from '../../server/ops/backup';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'land-ledger-backup-'));
});
afterAll(async () => {
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const dump = (path: string) => {
  const db = new SQLite(path, { readonly: true });
  try {
    return {
      parcels: db.prepare('SELECT id, name, version, geometry, zone_cells FROM parcels ORDER BY id').all(),
      changes: db.prepare('SELECT id, collection, feature_id, action, version FROM changes ORDER BY id').all(),
      targets: db.prepare('SELECT plan_id, code, definition FROM targets ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
};

/** SQLite-file proofs; PostgreSQL's own durability and pg_dump cover that store. */
describe.skipIf(POSTGRES_URL !== null)('backup and restore', () => {
  it('backs up a live database during writes and restores it identical', async () => {
    const app = createApp(t.db);
    const auth = await addUsers(t.db);
    // Writes in flight while the backup runs.
    let writing = true;
    let acknowledged = 0;
    const writer = (async () => {
      while (writing) {
        const res = await app.request('http://l/ogc/collections/parcels/items/2');
        const r = await app.request('http://l/ogc/collections/parcels/items/2', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', Authorization: auth.editor, 'If-Match': res.headers.get('ETag')!, 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY' },
          body: JSON.stringify({ properties: { notes: `write ${acknowledged}` } }),
        });
        if (r.status === 200) acknowledged++;
        // app.request over the synchronous SQLite driver resolves in microtasks only: yield so
        // timers (and the backup's own steps) get their turn, as network I/O would in a server.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // Let some writes land first (the first Basic check runs scrypt), then back up mid-stream.
    for (let waited = 0; acknowledged < 3 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const before = acknowledged;
    const backupPath = join(dir, 'backup.db');
    await backupDatabase(t.path, backupPath);
    writing = false;
    await writer;
    expect(before).toBeGreaterThan(0);
    expect(integrityCheck(backupPath)).toBe('ok');

    const backup = dump(backupPath);
    const live = dump(t.path);
    // Everything acknowledged before the backup started is in it; the backup is a prefix of the live history.
    const backedUpVersion = (backup.parcels.find((p: any) => p.id === 2) as any).version;
    expect(backedUpVersion).toBeGreaterThanOrEqual(1 + before);
    expect(live.changes.slice(0, backup.changes.length)).toEqual(backup.changes);
    expect(backup.targets).toEqual(live.targets);

    const restoredPath = join(dir, 'restored.db');
    restoreDatabase(backupPath, restoredPath);
    expect(dump(restoredPath)).toEqual(backup);
    expect(integrityCheck(restoredPath)).toBe('ok');
  });

  it('refuses to restore over a database in use, and refuses a corrupt backup', async () => {
    const backupPath = join(dir, 'b2.db');
    await backupDatabase(t.path, backupPath);
    expect(() => restoreDatabase(backupPath, t.path)).toThrow(/in use/);
    const corrupt = join(dir, 'corrupt.db');
    const { writeFileSync, readFileSync } = await import('node:fs');
    const bytes = readFileSync(backupPath);
    bytes.fill(0x55, 4096, 4096 * 3);
    writeFileSync(corrupt, bytes);
    expect(() => restoreDatabase(corrupt, join(dir, 'x.db'))).toThrow();
  });
});
