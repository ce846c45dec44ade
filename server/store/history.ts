/**
 * The change log: every write records who, when, the action and the
 * before/after feature in the same transaction as the write, and announces it
 * on the change bus after commit (GET /api/changes/stream).
 *
 * Changes are grouped into edits (one planner action: a save, a merge, a
 * split, an import, an undo). A write path names its edit with openEdit();
 * otherwise the first change of a transaction opens one of that change's
 * kind, so no change is ever outside an edit, whatever wrote it.
 */
import { EventEmitter } from 'node:events';
import type { Feature } from 'geojson';
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect';
import type { ChangesTable, Database } from '../db/schema';
import type { AuthUser } from '../auth/users.store';
import { nowIso } from './spatial';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ChangeRecord {
  id: number;
  collection: string;
  featureId: string;
  action: ChangesTable['action'];
  version: number;
  username: string;
  at: string;
  before: Feature | null;
  after: Feature | null;
  editId: number | null;
}

/** The edit each open transaction's changes belong to (keyed by the transaction object). */
const editOfTransaction = new WeakMap<object, number>();

/**
 * Opens the edit the changes of this transaction belong to and returns its id.
 * Outside a transaction there is nothing to group: each change is its own edit.
 */
export async function openEdit(trx: Executor, user: AuthUser | null, kind: string, opts: { undoes?: number } = {}): Promise<number> {
  const row = await trx
    .insertInto('edits')
    .values({
      kind,
      userId: user && user.id > 0 ? user.id : null,
      username: user?.username ?? 'system',
      at: nowIso(),
      undoes: opts.undoes ?? null,
      undoneBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (trx.isTransaction) editOfTransaction.set(trx, row.id);
  return row.id;
}

/** The edit open on this transaction, if any. */
export function editIdOf(trx: Executor): number | null {
  return editOfTransaction.get(trx) ?? null;
}

export async function recordChange(
  trx: Executor,
  change: { collection: string; featureId: string | number; action: ChangesTable['action']; version: number; before: Feature | null; after: Feature | null },
  user: AuthUser | null,
): Promise<number> {
  const editId = editIdOf(trx) ?? (await openEdit(trx, user, change.action));
  const row = await trx
    .insertInto('changes')
    .values({
      collection: change.collection,
      featureId: String(change.featureId),
      action: change.action,
      version: change.version,
      userId: user && user.id > 0 ? user.id : null,
      username: user?.username ?? 'system',
      at: nowIso(),
      before: change.before ? JSON.stringify(change.before) : null,
      after: change.after ? JSON.stringify(change.after) : null,
      editId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Every app server hears of it once the transaction commits, and never if it rolls back.
  await dialectOf(trx).announceChange(trx, CHANGE_CHANNEL, row.id);
  return row.id;
}

/** The PostgreSQL channel committed changes are announced on, to every app server on the database. */
export const CHANGE_CHANNEL = 'land_ledger_changes';

function toRecord(r: any): ChangeRecord {
  return {
    id: r.id,
    collection: r.collection,
    featureId: r.featureId,
    action: r.action,
    version: r.version,
    username: r.username,
    at: r.at,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
    editId: r.editId ?? null,
  };
}

export async function listChanges(db: Executor, sinceId: number, limit: number): Promise<ChangeRecord[]> {
  const rows = await db.selectFrom('changes').selectAll().where('id', '>', sinceId).orderBy('id').limit(limit).execute();
  return rows.map(toRecord);
}

export async function featureHistory(db: Executor, collection: string, featureId: string): Promise<ChangeRecord[]> {
  const rows = await db
    .selectFrom('changes')
    .selectAll()
    .where('collection', '=', collection)
    .where('featureId', '=', featureId)
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

/** In-process fan-out of committed changes to SSE subscribers. */
export class ChangeBus extends EventEmitter {
  publish(ids: { id: number; collection: string; featureId: string; action: string; version: number }): void {
    this.emit('change', ids);
  }
}
