/** GET /api/search: parcels matching a typed query (server/routes/search.ts). */
import { searchResponseSchema, type SearchResponse } from '$domain/api/parcels.schema';
import { getJson } from './http';

export type { SearchResponse, SearchResult } from '$domain/api/parcels.schema';

export function fetchSearch(query: string, limit: number, signal?: AbortSignal): Promise<SearchResponse> {
  return getJson(`/api/search?q=${encodeURIComponent(query)}&limit=${limit}`, searchResponseSchema, signal);
}
