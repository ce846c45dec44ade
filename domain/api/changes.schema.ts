/**
 * The change feed (server/routes/changes.ts) as the client follows it
 * (client/state/liveUpdates.svelte.ts, client/api/endpoints.ts): ids, never
 * features — a reader re-reads what it shows.
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
