/**
 * Edits (GET /api/edits) and undo (POST /api/edits/{id}/undo): what planners
 * did, one entry per action, and taking one back. Undo returns its outcome as
 * data (never throws) so the panel can show 409/412/422 reasons.
 */
import { z } from 'zod';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';

const editSchema = z.object({
  id: z.number(),
  kind: z.string(),
  username: z.string(),
  at: z.string(),
  undoes: z.number().nullable(),
  undoneBy: z.number().nullable(),
  changes: z.array(z.object({ collection: z.string(), featureId: z.string(), action: z.string(), version: z.number(), name: z.string().nullable() })),
  figureDeltas: z.record(z.string(), z.number()),
  undoable: z.boolean(),
  notUndoableReason: z.string().nullable(),
  /** The least role that may undo it (zones and plan targets: admin). */
  undoRole: z.enum(['editor', 'admin']).default('editor'),
});
export type EditEntry = z.output<typeof editSchema>;

const listSchema = z.object({ edits: z.array(editSchema), next: z.number().nullable() });
export type EditList = z.output<typeof listSchema>;

export interface EditListQuery {
  parcelId?: string;
  deletedOnly?: boolean;
  before?: number;
  limit?: number;
}

export function fetchEdits(q: EditListQuery = {}, signal?: AbortSignal): Promise<EditList> {
  const params = new URLSearchParams();
  if (q.parcelId !== undefined) params.set('parcel', q.parcelId);
  if (q.deletedOnly) params.set('deleted', '1');
  if (q.before !== undefined) params.set('before', String(q.before));
  params.set('limit', String(q.limit ?? 30));
  return getJson(`/api/edits?${params}`, listSchema, signal);
}

const undoSchema = z.object({ editId: z.number(), undid: z.number(), changed: z.array(z.object({ id: z.number(), action: z.string(), version: z.number() })) });
export type UndoResult = { ok: true; body: z.output<typeof undoSchema> } | { ok: false; status: number; problem: Problem };

export async function undoEdit(editId: number): Promise<UndoResult> {
  let response: Response;
  try {
    response = await fetch(`/api/edits/${editId}/undo`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  return { ok: true, body: undoSchema.parse(await response.json()) };
}
