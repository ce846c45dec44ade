/**
 * The change feed (server/routes/changes.ts) as the client follows it
 * (client/state/liveUpdates.svelte.ts, client/api/endpoints.ts): ids, never
 * features — a reader re-reads what it shows. And the ledger's meta
 * (server/routes/meta.ts), which the client reads beside it at start.
 */
import { z } from 'zod';

/** One `change` event of GET /api/changes/stream. */
export const changeEventSchema = z.object({
  id: z.number(),
  collection: z.string(),
  featureId: z.string(),
  action: z.string(),
  version: z.number(),
  username: z.string(),
  at: z.string(),
});
export type ChangeEvent = z.output<typeof changeEventSchema>;

/** GET /api/changes/head: the newest change id; data read after it is at least that fresh. */
export const changeHeadSchema = z.object({ last: z.number().int().nonnegative() });

/** GET /api/meta: whether the data is illustrative, and where the figures come from. */
export const metaSchema = z.object({
  illustrative: z.boolean(),
  /** Features flagged illustrative across every layer. */
  illustrativeFeatureCount: z.number(),
  provenanceZh: z.string(),
  provenanceEn: z.string(),
});
