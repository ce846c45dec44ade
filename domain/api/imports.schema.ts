/**
 * Parcel imports (server/routes/imports.ts, server/store/imports.commit.ts),
 * read and written by client/api/imports.ts: the commit request, what a
 * commit and a dry run answer, and a refused upload or commit, which names
 * where (a line of the file, a feature of the preview).
 */
import { z } from 'zod';
import { MAPPABLE_PARCEL_FIELDS } from '../io/fieldMapping';
import { problemSchema } from './problem.schema';

/** Most features one import may hold: each is rule-checked in the preview. */
export const MAX_IMPORT_FEATURES = 5000;

/** The file's attribute → the parcel field it fills. */
export const fieldMappingSchema = z.record(z.string().max(200), z.enum(MAPPABLE_PARCEL_FIELDS));

/** POST /api/imports/{id}/commit[?dryRun=1]. */
export const commitBodySchema = z.strictObject({
  mapping: fieldMappingSchema.optional(),
  acceptedIndices: z.array(z.number().int().nonnegative()).max(MAX_IMPORT_FEATURES).optional(),
  confirmWarnings: z.array(z.string().max(100)).max(20).optional(),
  defaults: z.partialRecord(z.enum(MAPPABLE_PARCEL_FIELDS), z.union([z.string().max(2000), z.number(), z.null()])).optional(),
});
export type CommitRequest = z.input<typeof commitBodySchema>;

/** A commit done (201, X-Edit-Id): the parcels it created, updated and left alone, and the edit to undo. */
export const importCommittedSchema = z.object({
  importId: z.string(),
  committed: z.number().int().nonnegative(),
  ids: z.array(z.number()),
  updated: z.array(z.number()),
  unchanged: z.array(z.number()),
  editId: z.number(),
});
export type ImportCommitted = z.output<typeof importCommittedSchema>;

/** How a dry run would move one target: secured and pipeline before and after, in the target's unit. */
export const targetMoveSchema = z.object({
  planId: z.string(),
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  secured: z.object({ before: z.number(), after: z.number() }),
  pipeline: z.object({ before: z.number(), after: z.number() }),
});
export type TargetMove = z.output<typeof targetMoveSchema>;

/** A dry run (200): the same commit rolled back, with every target's move. */
export const importDryRunSchema = z.object({
  importId: z.string(),
  dryRun: z.literal(true),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  targets: z.array(targetMoveSchema),
});
export type ImportDryRun = z.output<typeof importDryRunSchema>;

/** A refused upload or commit: the reason and its texts, and where (line of the file, feature of the preview, geometry reason). */
export const importProblemSchema = problemSchema.extend({
  line: z.number().int().optional(),
  featureIndex: z.number().int().nonnegative().optional(),
  geometryReason: z.string().optional(),
  geometryMessageZh: z.string().optional(),
  geometryMessageEn: z.string().optional(),
});
export type ImportProblem = z.output<typeof importProblemSchema>;
