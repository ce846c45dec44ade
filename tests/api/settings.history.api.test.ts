/**
 * Settings saves go through the same steps as every write (issue 15): the
 * version the admin saw is checked, and who changed which setting from what
 * to what is in the change log as one edit, listed by GET /api/edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

const BASE = 'http://ledger.test';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

describe('a setting saved by an admin', () => {
  it('is one edit with the table before and after; a stale save writes nothing and logs nothing', async () => {
    const current = await app.request(`${BASE}/api/energy/intensities`);
    const etag = current.headers.get('ETag')!;
    const { intensities } = await current.json();
    const changed = intensities.map((r: any, i: number) => (i === 0 ? { ...r, powerKilowattsPerMu: r.powerKilowattsPerMu + 10 } : r));
    const put = (headers: Record<string, string>) =>
      app.request(`${BASE}/api/energy/intensities`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: auth.admin, ...headers }, body: JSON.stringify({ intensities: changed }) });
    expect((await put({ 'If-Match': etag })).status).toBe(200);
    const edit = (await (await app.request(`${BASE}/api/edits?limit=1`)).json()).edits[0];
    expect(edit).toMatchObject({ kind: 'settings', username: 'admin', undoable: false, notUndoableReason: 'UNDO_UNSUPPORTED' });
    expect(edit.changes).toHaveLength(1);
    expect(edit.changes[0]).toMatchObject({ collection: 'settings', featureId: 'demandIntensities', action: 'create', version: 1 });
    const row = await t.db.selectFrom('changes').selectAll().where('editId', '=', edit.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.after!).properties.value[0].powerKilowattsPerMu).toBe(intensities[0].powerKilowattsPerMu + 10);

    const before = await t.db.selectFrom('changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await put({ 'If-Match': etag })).status).toBe(412);
    const after = await t.db.selectFrom('changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
