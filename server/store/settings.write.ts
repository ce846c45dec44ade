/**
 * Settings the admins edit (basemaps, the demand intensity table, the energy
 * assumptions): each save checks the version the admin saw, writes, and
 * records who changed what from → to in the change log, in one transaction,
 * as one edit — the same steps as every other write. Before this a changed
 * intensity moved every estimated kW with no trace of who moved it.
 */
import type { Feature } from 'geojson';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { openEdit, recordChange } from './history';
import { nowIso } from './spatial';

const asFeature = (key: string, value: string): Feature => ({ type: 'Feature', id: key, geometry: null as never, properties: { key, value: JSON.parse(value) } });

/** Saves `value` under `key` when `expectedVersion` is current (0: never saved); the new version, or null (412). */
export async function saveSettingAtVersion(db: Kysely<Database>, user: AuthUser | null, key: string, value: string, expectedVersion: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('settings').select(['version', 'value']).where('key', '=', key).executeTakeFirst();
    const current = row?.version ?? 0;
    if (current !== expectedVersion) return null;
    const version = current + 1;
    if (row) await trx.updateTable('settings').set({ value, version, updatedAt: nowIso() }).where('key', '=', key).execute();
    else await trx.insertInto('settings').values({ key, value, version, updatedAt: nowIso() }).execute();
    await openEdit(trx, user, 'settings');
    await recordChange(trx, { collection: 'settings', featureId: key, action: row ? 'update' : 'create', version, before: row ? asFeature(key, row.value) : null, after: asFeature(key, value) }, user);
    return version;
  });
}
