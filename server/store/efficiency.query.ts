/**
 * One year's 亩均效益 evaluation of the whole register: every enterprise's
 * linked parcel land (secured parcels, by id), whether it is still in its
 * construction period, and that year's statistics, scored by the pure
 * domain/efficiency.ts under the admin's method, served with the method and
 * the land rule so anyone can recompute it. Three queries, whatever the
 * register's size.
 */
import type { Kysely } from 'kysely';
import {
  evaluateEfficiency,
  INDICATOR_CODES,
  INDICATORS,
  type EfficiencyClass,
  type EfficiencyInput,
  type EfficiencyMethod,
  type EfficiencyResult,
} from '../../domain/efficiency';
import { SECURED_STATUSES } from '../../domain/parcel.schema';
import { squareMetersToMu } from '../../domain/units';
import type { Database } from '../db/schema';
import { landRule } from './enterprises.store';
import { loadEfficiencyMethod } from './efficiencyMethod';

export interface EfficiencyReport {
  year: number;
  method: EfficiencyMethod & {
    version: number;
    custom: boolean;
    indicators: { code: string; zh: string; en: string; definition: { zh: string; en: string }; unit: string }[];
    landRule: ReturnType<typeof landRule>;
  };
  counts: Record<EfficiencyClass | 'unclassed', number>;
  enterprises: EfficiencyResult[];
}

export async function efficiencyForYear(db: Kysely<Database>, year: number): Promise<EfficiencyReport> {
  const { method, version, custom } = await loadEfficiencyMethod(db);
  const enterprises = await db.selectFrom('enterprises').select(['id', 'name', 'scale', 'rentedFloorSquareMeters']).orderBy('id').execute();
  const parcelRows = await db
    .selectFrom('enterpriseParcels as ep')
    .innerJoin('parcels as p', 'p.id', 'ep.parcelId')
    .select(['ep.enterpriseId', 'p.status', 'p.areaSquareMeters'])
    .where('p.status', 'in', [...SECURED_STATUSES])
    .execute();
  const land = new Map<number, { squareMeters: number; producing: boolean }>();
  for (const p of parcelRows) {
    const entry = land.get(p.enterpriseId) ?? { squareMeters: 0, producing: false };
    entry.squareMeters += p.areaSquareMeters;
    if (p.status === 'in_production') entry.producing = true;
    land.set(p.enterpriseId, entry);
  }
  const statRows = await db.selectFrom('enterpriseStatistics').selectAll().where('year', '=', year).execute();
  const stats = new Map(statRows.map((s) => [s.enterpriseId, s]));
  const inputs: EfficiencyInput[] = enterprises.map((e) => {
    const l = land.get(e.id);
    const s = stats.get(e.id);
    return {
      id: e.id,
      name: e.name,
      scale: e.scale,
      parcelLandMu: l ? squareMetersToMu(l.squareMeters) : 0,
      rentedFloorSquareMeters: e.rentedFloorSquareMeters,
      // Secured land (supplied or under construction) and none of it producing yet.
      constructionPeriod: l !== undefined && !l.producing,
      statistics: s
        ? { outputYi: s.outputYi, revenueYi: s.revenueYi, taxYi: s.taxYi, valueAddedYi: s.valueAddedYi, energyTce: s.energyTce, rdYi: s.rdYi, employees: s.employees }
        : null,
    };
  });
  const results = evaluateEfficiency(year, inputs, method);
  const counts = { A: 0, B: 0, C: 0, D: 0, unclassed: 0 };
  for (const r of results) counts[r.class ?? 'unclassed']++;
  return {
    year,
    method: {
      ...method,
      version,
      custom,
      indicators: INDICATOR_CODES.map((code) => ({ code, ...INDICATORS[code] })),
      landRule: landRule(method.rentedFloorPlotRatio),
    },
    counts,
    enterprises: results,
  };
}

export interface ParcelEfficiency {
  parcelId: number;
  enterpriseId: number;
  /** The occupying enterprise's class that year; null when it is unclassed (see unclassedReason). */
  class: EfficiencyClass | null;
  unclassedReason: EfficiencyResult['unclassedReason'];
}

/**
 * The map's view of one year's evaluation: every linked parcel with its
 * enterprise's class, so parcels can be coloured by 亩均 class. One
 * evaluation plus one read of the links, whatever the register's size.
 */
export async function parcelEfficiencyForYear(db: Kysely<Database>, year: number): Promise<{ year: number; parcels: ParcelEfficiency[] }> {
  const report = await efficiencyForYear(db, year);
  const byId = new Map(report.enterprises.map((e) => [e.id, e]));
  const links = await db.selectFrom('enterpriseParcels').select(['parcelId', 'enterpriseId']).orderBy('parcelId').execute();
  const parcels: ParcelEfficiency[] = [];
  for (const link of links) {
    const e = byId.get(link.enterpriseId);
    if (e) parcels.push({ parcelId: link.parcelId, enterpriseId: link.enterpriseId, class: e.class, unclassedReason: e.unclassedReason });
  }
  return { year, parcels };
}
