/**
 * The attribute table's reads: one page of parcels (light columns only),
 * filtered by field equality — the same queryables as OGC items, so the
 * table's count and /ogc/collections/parcels/items?…'s numberMatched agree —
 * by a part of the name, and by the map's view (bbox), sorted by any column.
 * Paged with offset/limit so 200,000 parcels never leave the database at once.
 */
import { sql, type Kysely } from 'kysely';
import { squareMetersToMu } from '../../domain/units';
import { bboxIntersects } from '../db/dialect';
import type { Database } from '../db/schema';
import type { TablePage, TableRow } from '../../domain/api/parcels.schema';

export const TABLE_SORT_COLUMNS = ['id', 'name', 'status', 'landUseCode', 'supplyYear', 'enterprise', 'industryChain', 'areaSquareMeters'] as const;
export type TableSortColumn = (typeof TABLE_SORT_COLUMNS)[number];

export const TABLE_FILTER_FIELDS = ['status', 'landUseCode', 'supplyYear', 'industryChain', 'enterprise', 'name'] as const;
export type TableFilterField = (typeof TABLE_FILTER_FIELDS)[number];

export interface TableQuery {
  filters: Partial<Record<TableFilterField, string | number>>;
  /** A part of the name (case-insensitive for ASCII). */
  nameContains: string | null;
  bbox: [number, number, number, number] | null;
  sort: TableSortColumn;
  descending: boolean;
  offset: number;
  limit: number;
}

export type { TableRow };

export async function readParcelTable(db: Kysely<Database>, query: TableQuery): Promise<TablePage> {
  let base = db.selectFrom('parcels');
  for (const [field, value] of Object.entries(query.filters) as [TableFilterField, string | number][]) base = base.where(field, '=', value);
  if (query.nameContains) {
    const escaped = query.nameContains.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    // ESCAPE names the backslash for both SQLite (which has no default) and PostgreSQL.
    base = base.where(sql<boolean>`lower(${sql.ref('name')}) LIKE ${`%${escaped.toLowerCase()}%`} ESCAPE '\\'`);
  }
  if (query.bbox) base = base.where(bboxIntersects(db, 'parcels', query.bbox));
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['id', 'name', 'status', 'landUseCode', 'supplyYear', 'enterprise', 'industryChain', 'areaSquareMeters', 'version'])
    .orderBy(query.sort, query.descending ? 'desc' : 'asc')
    // Ties (many parcels share a status) keep a stable order across pages.
    .orderBy('id', query.descending ? 'desc' : 'asc')
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  return {
    total: Number(counted.total),
    rows: rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      status: r.status,
      landUseCode: r.landUseCode,
      supplyYear: r.supplyYear,
      enterprise: r.enterprise,
      industryChain: r.industryChain,
      areaMu: squareMetersToMu(r.areaSquareMeters),
      version: Number(r.version),
    })),
  };
}
