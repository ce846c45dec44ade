/**
 * Reads of the enterprise register: the list (with each enterprise's land in
 * 亩) and one enterprise with its parcels, statistics and 亩均 figures per
 * year. Parcels link to the enterprise occupying them by id
 * (enterprise_parcels; domain/enterprise.ts says why and which parcels count).
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
import { rentedLandMu } from '../../domain/efficiency';
import { SECURED_STATUSES } from '../../domain/parcel.schema';
import { squareMetersToMu } from '../../domain/units';
import type { Database, EnterprisesTable, EnterpriseStatisticsTable } from '../db/schema';
import { loadEfficiencyMethod } from './efficiencyMethod';
import { recordEtag } from '../../domain/api/etags';

type Executor = Kysely<Database> | Transaction<Database>;

export const enterpriseEtag = (id: number, version: number) => recordEtag('enterprises', id, version);
export const statisticsEtag = (id: number, year: number, version: number) => recordEtag('enterprise-statistics', `${id}-${year}`, version);

/** The rule the land figures rest on, served beside them so a reader can recompute them. */
export function landRule(rentedFloorPlotRatio: number) {
  return {
    zh: `企业用地 = 关联到该企业（按编号）、且状态为已供地/在建/已投产的地块官方面积之和，加租用厂房建筑面积 ÷ 容积率 ${rentedFloorPlotRatio}（亩，1 亩 = 10000/15 m²；容积率为管理员设置）`,
    en: `An enterprise's land = the official area of the parcels linked to it (by id) whose status is supplied, under construction or in production, plus its rented factory floor ÷ a plot ratio of ${rentedFloorPlotRatio} (亩, 1 亩 = 10000/15 m²; the ratio is an admin setting)`,
    rentedFloorPlotRatio,
  };
}

export interface StoredEnterprise {
  id: number;
  name: string;
  creditCode: string | null;
  industryChain: string | null;
  scale: string;
  tags: EnterpriseTag[];
  notes: string | null;
  rentedFloorSquareMeters: number | null;
  /** 纳入规上年份; null = unknown or never. */
  aboveScaleSinceYear: number | null;
  /** Invented by the seed (示例), like illustrative parcels. */
  illustrative: boolean;
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
    rentedFloorSquareMeters: row.rentedFloorSquareMeters,
    aboveScaleSinceYear: row.aboveScaleSinceYear,
    illustrative: row.illustrative === 1,
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
  /** Only the enterprise occupying this parcel. */
  parcelId?: number;
  limit: number;
}

/** `%` and `_` typed in a search are literal characters, not wildcards. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Secured parcel land per enterprise, 亩, for the given ids. */
async function landMuById(db: Executor, ids: readonly number[]): Promise<Map<number, number>> {
  const byId = new Map<number, number>();
  if (ids.length === 0) return byId;
  const rows = await db
    .selectFrom('enterpriseParcels as ep')
    .innerJoin('parcels as p', 'p.id', 'ep.parcelId')
    .select((eb) => ['ep.enterpriseId', eb.fn.sum<number>('p.areaSquareMeters').as('areaSquareMeters')])
    .where('ep.enterpriseId', 'in', [...ids])
    .where('p.status', 'in', [...SECURED_STATUSES])
    .groupBy('ep.enterpriseId')
    .execute();
  for (const r of rows) byId.set(Number(r.enterpriseId), squareMetersToMu(Number(r.areaSquareMeters)));
  return byId;
}

/** The ids of the parcels linked to an enterprise, existing or not (a deleted parcel keeps its link for undo). */
export async function linkedParcelIds(db: Executor, enterpriseId: number): Promise<number[]> {
  const rows = await db.selectFrom('enterpriseParcels').select('parcelId').where('enterpriseId', '=', enterpriseId).orderBy('parcelId').execute();
  return rows.map((r) => r.parcelId);
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
  if (filter.parcelId !== undefined) {
    const parcelId = filter.parcelId;
    query = query.where('id', 'in', (eb) => eb.selectFrom('enterpriseParcels').select('enterpriseId').where('parcelId', '=', parcelId));
  }
  // Tags are a short JSON list: filtered after reading, so the limit applies after the filter.
  const rows = (await query.orderBy('name').orderBy('id').execute()).map(storedEnterprise);
  const matching = (filter.tag ? rows.filter((e) => e.tags.includes(filter.tag as EnterpriseTag)) : rows).slice(0, filter.limit);
  const land = await landMuById(db, matching.map((e) => e.id));
  const { method } = await loadEfficiencyMethod(db);
  return matching.map((e) => ({ ...e, landMu: (land.get(e.id) ?? 0) + rentedLandMu(e.rentedFloorSquareMeters, method.rentedFloorPlotRatio) }));
}

interface DetailParcel {
  id: number;
  name: string;
  status: string;
  landUseCode: string;
  supplyYear: number | null;
  areaSquareMeters: number;
  areaMu: number;
  /** Secured, so in the land figure. */
  counted: boolean;
  /** The parcel's own free-text enterprise label. */
  enterpriseLabel: string | null;
}

export interface EnterpriseDetail {
  enterprise: StoredEnterprise;
  /** The parcels linked to the enterprise (by id). */
  parcels: (DetailParcel & { labelMatches: boolean })[];
  /**
   * Unlinked parcels whose label names the enterprise exactly: offered for
   * linking, never counted (a label is text a survey or import typed).
   */
  suggestedParcels: DetailParcel[];
  /** Parcels plus rented floor as land (landRule). */
  landMu: number;
  parcelLandMu: number;
  rentedLandMu: number;
  statistics: StoredStatistics[];
  efficiency: EfficiencyFigures[];
  landRule: ReturnType<typeof landRule>;
}

const PARCEL_COLUMNS = ['p.id', 'p.name', 'p.status', 'p.landUseCode', 'p.supplyYear', 'p.areaSquareMeters', 'p.enterprise'] as const;

function detailParcel(p: { id: number; name: string; status: string; landUseCode: string; supplyYear: number | null; areaSquareMeters: number; enterprise: string | null }): DetailParcel {
  const { enterprise: enterpriseLabel, ...rest } = p;
  return {
    ...rest,
    areaMu: squareMetersToMu(p.areaSquareMeters),
    counted: (SECURED_STATUSES as readonly string[]).includes(p.status),
    enterpriseLabel,
  };
}

/** One enterprise with its parcels, statistics (by year) and 亩均 figures, or null. */
export async function readEnterpriseDetail(db: Executor, id: number): Promise<EnterpriseDetail | null> {
  const row = await readEnterpriseRow(db, id);
  if (!row) return null;
  const enterprise = storedEnterprise(row);
  const linkedRows = await db
    .selectFrom('enterpriseParcels as ep')
    .innerJoin('parcels as p', 'p.id', 'ep.parcelId')
    .select([...PARCEL_COLUMNS])
    .where('ep.enterpriseId', '=', id)
    .orderBy('p.id')
    .execute();
  const parcels = linkedRows.map((p) => ({ ...detailParcel(p), labelMatches: p.enterprise === enterprise.name }));
  const suggestedRows = await db
    .selectFrom('parcels as p')
    .leftJoin('enterpriseParcels as ep', 'ep.parcelId', 'p.id')
    .select([...PARCEL_COLUMNS])
    .where('p.enterprise', '=', enterprise.name)
    .where('ep.parcelId', 'is', null)
    .orderBy('p.id')
    .execute();
  // Today's land serves every year: links carry no dates yet.
  const parcelLandMu = enterpriseLandMu(linkedRows);
  const { method } = await loadEfficiencyMethod(db);
  const rented = rentedLandMu(enterprise.rentedFloorSquareMeters, method.rentedFloorPlotRatio);
  const landMu = parcelLandMu + rented;
  const statRows = await db.selectFrom('enterpriseStatistics').selectAll().where('enterpriseId', '=', id).orderBy('year').execute();
  const statistics = statRows.map(storedStatistics);
  const efficiency = statistics.map((s) => efficiencyFigures(s.year, s, landMu));
  return {
    enterprise,
    parcels,
    suggestedParcels: suggestedRows.map(detailParcel),
    landMu,
    parcelLandMu,
    rentedLandMu: rented,
    statistics,
    efficiency,
    landRule: landRule(method.rentedFloorPlotRatio),
  };
}
