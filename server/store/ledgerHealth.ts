/**
 * The ledger-health listing: every parcel with at least one warning
 * (domain/ledgerHealth.ts), with reason texts. The rows are read here in one
 * transaction (one consistent state); the checks run in the worker pool
 * after it ends (server/pool/ledgerHealth.job.ts: seconds for thousands of
 * parcels, and a SQLite transaction must not wait on a worker).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { LedgerHealthBody } from '../pool/ledgerHealth.job';
import { runJob } from '../pool/pool';

export type { LedgerHealthItem } from '../pool/ledgerHealth.job';

export async function ledgerHealth(db: Kysely<Database>, currentYear: number): Promise<LedgerHealthBody> {
  const input = await db.transaction().execute(async (trx) => {
    const boundaries = await trx.selectFrom('constraints').select(['id', 'name', 'kind', 'geometry']).where('kind', '=', 'urban_development_boundary').execute();
    const parcels = await trx
      .selectFrom('parcels')
      .select(['id', 'name', 'status', 'supplyYear', 'enterprise', 'industryChain', 'landUseCode', 'areaSquareMeters', 'zoneCells', 'geometry'])
      .orderBy('id')
      .execute();
    return { boundaries, parcels, currentYear };
  });
  return runJob('ledgerHealth', input);
}
