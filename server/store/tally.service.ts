/** The plan tally as the API serves it: the domain tally plus each target's definition. */
import type { Kysely } from 'kysely';
import { tallyTargets } from '../../domain/tally';
import type { PlanWithTargets } from '../../domain/target.schema';
import type { Database } from '../db/schema';
import { loadTallyParcels } from './parcels.store';
import { loadPlan, loadTallyStations } from './plans.store';

export async function tallyPlan(db: Kysely<Database>, planId: string) {
  // One read transaction: the parcels, stations and targets are one snapshot.
  return db.transaction().execute(async (trx) => {
    const plan: PlanWithTargets | null = await loadPlan(trx, planId);
    if (!plan) return null;
    const [parcels, stations] = await Promise.all([loadTallyParcels(trx), loadTallyStations(trx)]);
    const tallies = tallyTargets(plan.targets, parcels, stations);
    const { targets, ...planInfo } = plan;
    return {
      plan: planInfo,
      computedAt: new Date().toISOString(),
      parcelCount: parcels.length,
      targets: targets.map((t, i) => ({
        ...tallies[i]!,
        labelZh: t.labelZh,
        labelEn: t.labelEn,
        source: t.source,
        notes: t.notes,
        definition: {
          zoneCodes: t.zoneCodes,
          landUseCodes: t.landUseCodes,
          securedStatuses: t.securedStatuses,
          pipelineStatuses: t.pipelineStatuses,
          stationKinds: t.stationKinds,
          supplyYearFrom: t.supplyYearFrom,
          supplyYearTo: t.supplyYearTo,
        },
      })),
    };
  });
}
