/**
 * Parcel bodies outside OGC API – Features, served by server/routes/
 * (parcels.ts, parcels.table.ts, search.ts) and read by client/api/: the
 * attribute table's page, search results, a parcel's history and the answer
 * to a merge or split.
 */
import type { Geometry } from 'geojson';
import { z } from 'zod';

/** GET /api/parcels/table: one page of the attribute table. */
export const tableRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  landUseCode: z.string(),
  supplyYear: z.number().nullable(),
  enterprise: z.string().nullable(),
  industryChain: z.string().nullable(),
  areaMu: z.number(),
  /** The version the row was read at, so a bulk edit of the selection can check it. */
  version: z.number(),
});
export type TableRow = z.output<typeof tableRowSchema>;

export const tablePageSchema = z.object({ total: z.number(), rows: z.array(tableRowSchema) });
export type TablePage = z.output<typeof tablePageSchema>;

/** GET /api/search. */
export const searchResultSchema = z.object({
  kind: z.literal('parcel'),
  id: z.number(),
  name: z.string(),
  enterprise: z.string().nullable(),
  /** Which part of the parcel the query matched (domain/search.ts SearchField). */
  matched: z.enum(['id', 'name', 'nameInitials', 'enterprise', 'enterpriseInitials']),
  /** [minX, minY, maxX, maxY], lon/lat degrees: the client flies there without fetching the parcel. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type SearchResult = z.output<typeof searchResultSchema>;

export const searchResponseSchema = z.object({
  query: z.string(),
  total: z.number(),
  results: z.array(searchResultSchema),
});
export type SearchResponse = z.output<typeof searchResponseSchema>;

/**
 * A GeoJSON feature: the members checked, the geometry taken as the server
 * validated it (typed as geojson's Geometry so a server Feature fits).
 */
export const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.custom<Geometry | null>((g) => g === null || (typeof g === 'object' && typeof (g as { type?: unknown }).type === 'string')),
  properties: z.record(z.string(), z.unknown()).nullable(),
});

/** A feature as the change log holds it (whatever its collection served then); null before a create, after a delete. */
const storedFeatureSchema = featureSchema.nullable();

/** GET /api/parcels/{id}/history: every version, oldest first. */
export const parcelHistorySchema = z.object({
  parcelId: z.number(),
  versions: z.array(
    z.object({
      id: z.number(),
      collection: z.string(),
      featureId: z.string(),
      action: z.enum(['create', 'update', 'delete', 'restore']),
      version: z.number(),
      username: z.string(),
      at: z.string(),
      before: storedFeatureSchema,
      after: storedFeatureSchema,
      /** The edit (planner action) this version was written by: GET /api/edits, undo. */
      editId: z.number().nullable(),
    }),
  ),
});
export type ParcelHistory = z.output<typeof parcelHistorySchema>;
export type ParcelVersion = ParcelHistory['versions'][number];

/** POST /api/parcels/edits, done: the edited parcel, the new pieces, the parcels merged away and the edit to undo. */
export const parcelEditResultSchema = z.object({
  feature: featureSchema,
  pieces: z.array(featureSchema),
  removedIds: z.array(z.number()),
  editId: z.number(),
});
