/**
 * The edit log and the writes that answer with an edit: GET /api/edits,
 * POST /api/edits/{id}/undo (server/routes/edits.ts) and POST
 * /api/parcels/bulk (server/routes/parcels.bulk.ts), read by client/api/.
 */
import { z } from 'zod';
import { problemSchema } from './problem.schema';

export const editEntrySchema = z.object({
  id: z.number(),
  kind: z.string(),
  username: z.string(),
  at: z.string(),
  /** The edit this one undid (kind 'undo'). */
  undoes: z.number().nullable(),
  /** The undo edit that reversed this one, once undone. */
  undoneBy: z.number().nullable(),
  changes: z.array(
    z.object({
      collection: z.string(),
      featureId: z.string(),
      action: z.string(),
      version: z.number(),
      name: z.string().nullable(),
      /** Each field from → to (both sides present: an update or restore). */
      fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      geometryChanged: z.boolean(),
      /** After − before, m²; null for a create or delete (figureDeltas carries those). */
      areaChangeSquareMeters: z.number().nullable(),
    }),
  ),
  /** What the edit changed in the ledger's totals, by figure. */
  figureDeltas: z.record(z.string(), z.number()),
  undoable: z.boolean(),
  notUndoableReason: z.string().nullable(),
  /** The least role that may undo it (zones, plans and targets: admin). */
  undoRole: z.enum(['editor', 'admin']),
});
export type EditEntry = z.output<typeof editEntrySchema>;

export const editListSchema = z.object({ edits: z.array(editEntrySchema), next: z.number().nullable() });
export type EditList = z.output<typeof editListSchema>;

/** An undo done: the new edit, the one it undid, and each parcel it wrote. */
export const undoResultSchema = z.object({
  ok: z.literal(true),
  editId: z.number(),
  undid: z.number(),
  changed: z.array(z.object({ id: z.number(), action: z.string(), version: z.number() })),
});
export type UndoBody = z.output<typeof undoResultSchema>;

/** A bulk edit done: the edit and each parcel's new version. */
export const bulkResultSchema = z.object({ editId: z.number(), updated: z.array(z.object({ id: z.number(), version: z.number() })) });
export type BulkResult = z.output<typeof bulkResultSchema>;

/** The parcels a refused bulk edit found moved on since they were selected (currentVersion null: deleted). */
export const bulkMovedSchema = z.array(z.object({ id: z.number(), expectedVersion: z.number(), currentVersion: z.number().nullable() }));
export type BulkMoved = z.output<typeof bulkMovedSchema>;

export const bulkRefusalSchema = problemSchema.extend({ moved: bulkMovedSchema.optional() });
