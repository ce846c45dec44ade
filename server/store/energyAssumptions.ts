/**
 * The admin's energy assumptions (负荷同时率 per scenario, intensity factors):
 * one `settings` row, versioned like the intensity table; the shipped
 * defaults (domain/siting/energyAssumptions.ts) until an admin saves one.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_ENERGY_ASSUMPTIONS, energyAssumptionsSchema, type EnergyAssumptions } from '../../domain/siting/energyAssumptions';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/users.store';
import { saveSettingAtVersion } from './settings.write';
import { nowIso } from './spatial';

export const ASSUMPTIONS_KEY = 'energyAssumptions';

export async function loadEnergyAssumptions(db: Kysely<Database>): Promise<{ assumptions: EnergyAssumptions; version: number; custom: boolean }> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', ASSUMPTIONS_KEY).executeTakeFirst();
  if (!row) return { assumptions: DEFAULT_ENERGY_ASSUMPTIONS, version: 0, custom: false };
  return { assumptions: energyAssumptionsSchema.parse(JSON.parse(row.value)), version: row.version, custom: true };
}

/** Saves at the expected version; null when someone saved in between. */
export async function saveEnergyAssumptions(db: Kysely<Database>, assumptions: EnergyAssumptions, expectedVersion: number, user: AuthUser | null = null): Promise<number | null> {
  return saveSettingAtVersion(db, user, ASSUMPTIONS_KEY, JSON.stringify(assumptions), expectedVersion);
}
