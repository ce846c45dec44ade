/**
 * What the live change stream reads: the newest change id and the change
 * rows after an id, from their columns only. The before/after feature JSON
 * is never read here — the stream sends ids, and parsing stored features for
 * every open tab made 30 streams delay everyone by seconds.
 */
import type { Kysely, Transaction } from 'kysely';
import { rawSqliteHandle, snapshotReader } from '../db/connection';
import type { ChangesTable, Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** A change as the stream announces it: which feature, what happened, its version; never its content. */
export interface ChangeHead {
  id: number;
  collection: string;
  featureId: string;
  action: ChangesTable['action'];
  version: number;
  username: string;
  at: string;
}

/** The id of the newest change, 0 when there is none. */
export async function latestChangeId(db: Executor): Promise<number> {
  // While a batch write's transaction is open on SQLite's one connection (it pauses between rows: batchWrite.ts), the
  // map's read takes the newest committed id from the read-only second connection, as its features (features.query.ts).
  const main = rawSqliteHandle(db);
  const reader = main?.inTransaction ? snapshotReader(main) : null;
  if (reader) return Number((reader.prepare('SELECT max(id) AS last FROM changes').get() as { last: number | null }).last ?? 0);
  const row = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** Up to `limit` changes after `sinceId`, oldest first. */
export async function listChangeHeads(db: Executor, sinceId: number, limit: number): Promise<ChangeHead[]> {
  const rows = await db
    .selectFrom('changes')
    .select(['id', 'collection', 'featureId', 'action', 'version', 'username', 'at'])
    .where('id', '>', sinceId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), version: Number(r.version) }));
}
