/**
 * OGC API – Features Part 4 write bodies (server/routes/ogc.writes.ts for
 * parcels, zones.writes.ts, energy.writes.ts), written by client/api/
 * featureWrites.ts and the parcel editor. The envelope only: each collection
 * then checks the geometry and its properties with its own schema
 * (domain/parcel.schema.ts, zone.schema.ts, energy.schema.ts).
 */
import { z } from 'zod';

/** POST and PUT: a whole GeoJSON Feature. */
export const featureBodySchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown()).nullable(),
});
export type FeatureWriteBody = z.input<typeof featureBodySchema>;

/** PATCH (application/merge-patch+json): only what changes. */
export const patchBodySchema = z.object({
  type: z.literal('Feature').optional(),
  geometry: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type FeaturePatchBody = z.input<typeof patchBodySchema>;
