/**
 * Reads that decide which version a write without If-Match is checked
 * against (server/routes/ogc.writes.ts): the parcel's current version, and
 * who wrote it since a given version.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function currentParcelVersion(db: Kysely<Database>, id: number): Promise<number | null> {
  const row = await db.selectFrom('parcels').select('version').where('id', '=', id).executeTakeFirst();
  return row ? row.version : null;
}

/** The distinct usernames that wrote this parcel after `version` (its history's rows with a later version). */
export async function writersSince(db: Kysely<Database>, id: number, version: number): Promise<string[]> {
  const rows = await db
    .selectFrom('changes')
    .select('username')
    .distinct()
    .where('collection', '=', 'parcels')
    .where('featureId', '=', String(id))
    .where('version', '>', version)
    .execute();
  return rows.map((r) => r.username);
}
