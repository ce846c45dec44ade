/**
 * Each enterprise's latest reported 综合能耗 (tce/a): the latest year whose
 * energyTce is given, so a year with other figures but no energy use does
 * not hide an earlier measured one. Read by the energy service to derive
 * measured demand (domain/siting/measuredUse.ts).
 */
import type { Kysely } from 'kysely';
import type { EnterpriseEnergyUse } from '../../domain/siting/measuredUse';
import type { Database } from '../db/schema';

export async function loadEnterpriseEnergyUses(db: Kysely<Database>): Promise<EnterpriseEnergyUse[]> {
  const rows = await db
    .selectFrom('enterpriseStatistics')
    .innerJoin('enterprises', 'enterprises.id', 'enterpriseStatistics.enterpriseId')
    .select(['enterprises.id as enterpriseId', 'enterprises.name as name', 'enterpriseStatistics.year as year', 'enterpriseStatistics.energyTce as energyTce'])
    .where('enterpriseStatistics.energyTce', 'is not', null)
    .orderBy('enterprises.id')
    .orderBy('enterpriseStatistics.year', 'desc')
    .execute();
  const latest = new Map<number, EnterpriseEnergyUse>();
  for (const r of rows) {
    if (!latest.has(r.enterpriseId)) latest.set(r.enterpriseId, { enterpriseId: r.enterpriseId, name: r.name, year: r.year, energyTce: Number(r.energyTce) });
  }
  return [...latest.values()];
}
