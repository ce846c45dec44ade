/**
 * Reads of the enterprise register: the list (with each enterprise's land in
 * 亩) and one enterprise with its parcels, statistics and 亩均 figures per
 * year. Parcels link by their `enterprise` text equal to the enterprise's
 * name (domain/enterprise.ts says why and which parcels count).
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  efficiencyFigures,
  enterpriseLandMu,
  ENTERPRISE_TAGS,
  type EfficiencyFigures,
  type EnterpriseTag,
  type Statistics,
} from '../../domain/enterprise';
import { SECURED_STATUSES } from '../../domain/parcel.schema';
import { squareMetersToMu } from '../../domain/units';
import type { Database, EnterprisesTable, EnterpriseStatisticsTable } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export const enterpriseEtag = (id: number, version: number) => `"enterprises-${id}-v${version}"`;
export const statisticsEtag = (id: number, year: number, version: number) => `"enterprise-statistics-${id}-${year}-v${version}"`;

/** The rule the land figures rest on, served beside them so a reader can recompute them. */
export const LAND_RULE = {
  zh: '企业用地 = 地块“用地企业”字段与企业名称完全一致、且状态为已供地/在建/已投产的地块官方面积之和（亩，1 亩 = 10000/15 m²）；租用厂房面积暂未计入',
  en: "An enterprise's land = the official area of parcels whose enterprise field equals its name exactly and whose status is supplied, under construction or in production (亩, 1 亩 = 10000/15 m²); rented factory floor is not yet counted",
} as const;

export interface StoredEnterprise {
  id: number;
  name: string;
  creditCode: string | null;
  industryChain: string | null;
  scale: string;
  tags: EnterpriseTag[];
  notes: string | null;
  version: number;
  updatedAt: string;
}

export interface StoredStatistics extends Statistics {
  year: number;
  version: number;
  updatedAt: string;
  /** The ETag to send as If-Match when replacing this year's figures. */
  etag: string;
}

export function storedEnterprise(row: Selectable<EnterprisesTable>): StoredEnterprise {
  const tags = (JSON.parse(row.tags) as string[]).filter((t): t is EnterpriseTag => (ENTERPRISE_TAGS as readonly string[]).includes(t));
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    industryChain: row.industryChain,
    scale: row.scale,
    tags,
    notes: row.notes,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

export function storedStatistics(row: Selectable<EnterpriseStatisticsTable>): StoredStatistics {
  return {
    year: row.year,
    outputYi: row.outputYi,
    revenueYi: row.revenueYi,
    taxYi: row.taxYi,
    valueAddedYi: row.valueAddedYi,
    energyTce: row.energyTce,
    rdYi: row.rdYi,
    employees: row.employees,
    version: row.version,
    updatedAt: row.updatedAt,
    etag: statisticsEtag(row.enterpriseId, row.year, row.version),
  };
}

export async function readEnterpriseRow(db: Executor, id: number) {
  return db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function readStatisticsRow(db: Executor, enterpriseId: number, year: number) {
  return db.selectFrom('enterpriseStatistics').selectAll().where('enterpriseId', '=', enterpriseId).where('year', '=', year).executeTakeFirst();
}

export interface EnterpriseFilter {
  /** Part of the name, or the start of the credit code. */
  q?: string;
  scale?: string;
  industryChain?: string;
  tag?: string;
  limit: number;
}

/** `%` and `_` typed in a search are literal characters, not wildcards. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Secured land per enterprise name, 亩, for the given names. */
async function landMuByName(db: Executor, names: readonly string[]): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  if (names.length === 0) return byName;
  const rows = await db
    .selectFrom('parcels')
    .select((eb) => ['enterprise', eb.fn.sum<number>('areaSquareMeters').as('areaSquareMeters')])
    .where('enterprise', 'in', [...names])
    .where('status', 'in', [...SECURED_STATUSES])
    .groupBy('enterprise')
    .execute();
  for (const r of rows) byName.set(r.enterprise!, squareMetersToMu(Number(r.areaSquareMeters)));
  return byName;
}

export async function listEnterprises(db: Executor, filter: EnterpriseFilter): Promise<(StoredEnterprise & { landMu: number })[]> {
  let query = db.selectFrom('enterprises').selectAll();
  if (filter.q) {
    const pattern = likeEscape(filter.q);
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; ESCAPE: SQLite has no default.
    query = query.where(
      sql<boolean>`(lower(name) LIKE lower(${`%${pattern}%`}) ESCAPE '\\' OR credit_code LIKE ${`${pattern.toUpperCase()}%`} ESCAPE '\\')`,
    );
  }
  if (filter.scale) query = query.where('scale', '=', filter.scale);
  if (filter.industryChain) query = query.where('industryChain', '=', filter.industryChain);
  // Tags are a short JSON list: filtered after reading, so the limit applies after the filter.
  const rows = (await query.orderBy('name').orderBy('id').execute()).map(storedEnterprise);
  const matching = (filter.tag ? rows.filter((e) => e.tags.includes(filter.tag as EnterpriseTag)) : rows).slice(0, filter.limit);
  const land = await landMuByName(db, matching.map((e) => e.name));
  return matching.map((e) => ({ ...e, landMu: land.get(e.name) ?? 0 }));
}

export interface EnterpriseDetail {
  enterprise: StoredEnterprise;
  parcels: { id: number; name: string; status: string; landUseCode: string; supplyYear: number | null; areaSquareMeters: number; areaMu: number; counted: boolean }[];
  landMu: number;
  statistics: StoredStatistics[];
  efficiency: EfficiencyFigures[];
  landRule: typeof LAND_RULE;
}

/** One enterprise with its parcels, statistics (by year) and 亩均 figures, or null. */
export async function readEnterpriseDetail(db: Executor, id: number): Promise<EnterpriseDetail | null> {
  const row = await readEnterpriseRow(db, id);
  if (!row) return null;
  const enterprise = storedEnterprise(row);
  const parcelRows = await db
    .selectFrom('parcels')
    .select(['id', 'name', 'status', 'landUseCode', 'supplyYear', 'areaSquareMeters'])
    .where('enterprise', '=', enterprise.name)
    .orderBy('id')
    .execute();
  const parcels = parcelRows.map((p) => ({
    ...p,
    areaMu: squareMetersToMu(p.areaSquareMeters),
    counted: (SECURED_STATUSES as readonly string[]).includes(p.status),
  }));
  // Today's land serves every year: parcels keep no dated link to their enterprise yet.
  const landMu = enterpriseLandMu(parcelRows);
  const statRows = await db.selectFrom('enterpriseStatistics').selectAll().where('enterpriseId', '=', id).orderBy('year').execute();
  const statistics = statRows.map(storedStatistics);
  const efficiency = statistics.map((s) => efficiencyFigures(s.year, s, landMu));
  return { enterprise, parcels, landMu, statistics, efficiency, landRule: LAND_RULE };
}
