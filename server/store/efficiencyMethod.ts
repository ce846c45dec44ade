/**
 * The admin's 亩均效益 method (weights, bands, benchmarks, exemptions, the
 * rented-floor rule): one `settings` row, versioned and in the history like
 * the other settings; the shipped illustrative defaults
 * (domain/efficiency.ts) until an admin saves one.
 */
import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_EFFICIENCY_METHOD, efficiencyMethodSchema, type EfficiencyMethod } from '../../domain/efficiency';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { saveSettingAtVersion } from './settings.write';
import { settingsEtag } from '../../domain/api/etags';

export const EFFICIENCY_METHOD_KEY = 'efficiencyMethod';
export const efficiencyMethodEtag = (version: number) => settingsEtag('efficiency-method', version);

export async function loadEfficiencyMethod(db: Kysely<Database> | Transaction<Database>): Promise<{ method: EfficiencyMethod; version: number; custom: boolean }> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', EFFICIENCY_METHOD_KEY).executeTakeFirst();
  if (!row) return { method: DEFAULT_EFFICIENCY_METHOD, version: 0, custom: false };
  return { method: efficiencyMethodSchema.parse(JSON.parse(row.value)), version: row.version, custom: true };
}

/** Saves at the expected version (0: never saved); the new version, or null when someone saved in between. */
export async function saveEfficiencyMethod(db: Kysely<Database>, method: EfficiencyMethod, expectedVersion: number, user: AuthUser | null): Promise<number | null> {
  return saveSettingAtVersion(db, user, EFFICIENCY_METHOD_KEY, JSON.stringify(method), expectedVersion);
}
