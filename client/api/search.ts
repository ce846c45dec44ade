/** GET /api/search: parcels matching a typed query (server/routes/search.ts). */
import { z } from 'zod';
import { getJson } from './http';

const searchResultSchema = z.object({
  kind: z.literal('parcel'),
  id: z.number(),
  name: z.string(),
  enterprise: z.string().nullable(),
  matched: z.enum(['id', 'name', 'nameInitials', 'enterprise', 'enterpriseInitials']),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});

const searchResponseSchema = z.object({
  query: z.string(),
  total: z.number(),
  results: z.array(searchResultSchema),
});

export type SearchResult = z.output<typeof searchResultSchema>;
export type SearchResponse = z.output<typeof searchResponseSchema>;

export function fetchSearch(query: string, limit: number, signal?: AbortSignal): Promise<SearchResponse> {
  return getJson(`/api/search?q=${encodeURIComponent(query)}&limit=${limit}`, searchResponseSchema, signal);
}
