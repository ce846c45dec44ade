/** GET /api/parcels/table: one page of the attribute table (server/routes/parcels.table.ts). */
import { tablePageSchema, type TablePage } from '$domain/api/parcels.schema';
import { getJson } from './http';

export type { TableRow, TablePage } from '$domain/api/parcels.schema';

export type TableColumn = 'id' | 'name' | 'status' | 'landUseCode' | 'supplyYear' | 'enterprise' | 'industryChain' | 'areaSquareMeters';

export interface TableRequest {
  /** Equality filters, as OGC items' queryables. */
  filters: Partial<Record<'status' | 'landUseCode' | 'supplyYear' | 'industryChain' | 'enterprise', string>>;
  q: string;
  bbox: [number, number, number, number] | null;
  sort: TableColumn;
  descending: boolean;
}

export function tableQueryString(request: TableRequest, offset: number, limit: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.filters)) if (value) params.set(key, value);
  if (request.q.trim()) params.set('q', request.q.trim());
  if (request.bbox) params.set('bbox', request.bbox.map((v) => v.toFixed(6)).join(','));
  params.set('sort', request.sort);
  params.set('dir', request.descending ? 'desc' : 'asc');
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return params.toString();
}

export function fetchTablePage(request: TableRequest, offset: number, limit: number, signal?: AbortSignal): Promise<TablePage> {
  return getJson(`/api/parcels/table?${tableQueryString(request, offset, limit)}`, tablePageSchema, signal);
}
