/**
 * Migration 0008 over a ledger that already has history: every earlier
 * change becomes an edit of its own under the same id, so the history panel
 * lists and undoes it; new edits number on after the old ones (both stores).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrations';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ upTo: '0007_token_expiry' });
});
afterAll(async () => t.dispose());

describe('0008_edits over existing history', () => {
  it('gives each old change an edit with its id, kind, user and time; later edits get higher ids', async () => {
    for (const [i, action] of ['create', 'update', 'delete'].entries()) {
      await sql`INSERT INTO changes (collection, feature_id, action, version, user_id, username, at, before, after)
                VALUES ('parcels', '7', ${action}, ${i + 1}, NULL, ${`planner${i}`}, ${`2025-0${i + 1}-01T00:00:00Z`}, NULL, NULL)`.execute(t.db);
    }
    await migrateToLatest(t.db);
    const changes = await t.db.selectFrom('changes').select(['id', 'editId', 'action']).orderBy('id').execute();
    expect(changes.map((c) => c.editId)).toEqual(changes.map((c) => c.id));
    const edits = await t.db.selectFrom('edits').selectAll().orderBy('id').execute();
    expect(edits.map((e) => [e.id, e.kind, e.username, e.at, e.undoneBy])).toEqual(
      changes.map((c, i) => [c.id, c.action, `planner${i}`, `2025-0${i + 1}-01T00:00:00Z`, null]),
    );
    const next = await t.db.insertInto('edits').values({ kind: 'update', userId: null, username: 'x', at: 'now', undoes: null, undoneBy: null }).returning('id').executeTakeFirstOrThrow();
    expect(next.id).toBeGreaterThan(Math.max(...changes.map((c) => c.id)));
  });
});
