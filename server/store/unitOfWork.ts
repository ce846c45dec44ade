/**
 * One unit of work for writes that log their own changes (plans and targets,
 * zones): a transaction whose changes form one edit of the given kind, that
 * rolls back entirely when the body answers a refusal (even after it wrote
 * rows), whose edit id comes back with the outcome, and whose changes are announced on the change bus only after commit.
 * Parcel writes compose the same steps in parcels.write.ts; settings in
 * settings.write.ts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { editIdOf, openEdit, recordChange, type ChangeBus } from './history';

export type ChangeLogger = (change: Parameters<typeof recordChange>[1]) => Promise<void>;

export interface UnitOfWorkContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
}

/** Carries a refused outcome out of the transaction, rolling it back. */
class RefusedWrite extends Error {
  constructor(readonly outcome: { ok: false }) {
    super('refused');
  }
}

export async function runLoggedWrite<O extends { ok: boolean }>(
  ctx: UnitOfWorkContext,
  kind: string,
  body: (trx: Transaction<Database>, log: ChangeLogger) => Promise<O>,
): Promise<O & { editId?: number }> {
  const announced: { id: number; collection: string; featureId: string; action: string; version: number }[] = [];
  let outcome: O & { editId?: number };
  try {
    outcome = await ctx.db.transaction().execute(async (trx) => {
      const result = await body(trx, async (change) => {
        if (editIdOf(trx) === null) await openEdit(trx, ctx.user, kind);
        const id = await recordChange(trx, change, ctx.user);
        announced.push({ id, collection: change.collection, featureId: String(change.featureId), action: change.action, version: change.version });
      });
      // A refusal after some rows were written must leave nothing behind.
      if (!result.ok) throw new RefusedWrite(result as { ok: false });
      // The edit to name in X-Edit-Id (POST /api/edits/{id}/undo), when the write changed anything.
      const editId = editIdOf(trx);
      return editId === null ? result : { ...result, editId };
    });
  } catch (err) {
    if (err instanceof RefusedWrite) return err.outcome as O;
    throw err;
  }
  for (const a of announced) ctx.bus.publish(a);
  return outcome;
}
