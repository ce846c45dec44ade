/**
 * Edits (GET /api/edits) and undo (POST /api/edits/{id}/undo): what planners
 * did, one entry per action, and taking one back. Undo returns its outcome as
 * data (never throws) so the panel can show 409/412/422 reasons.
 */
import { editListSchema, undoResultSchema, type EditList, type UndoBody } from '$domain/api/edits.schema';
import { getJson } from './http';
import { networkProblem, readProblem, type Problem } from './problem';

export type { EditEntry, EditList } from '$domain/api/edits.schema';

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
  return getJson(`/api/edits?${params}`, editListSchema, signal);
}

export type UndoResult = { ok: true; body: UndoBody } | { ok: false; status: number; problem: Problem };

export async function undoEdit(editId: number): Promise<UndoResult> {
  let response: Response;
  try {
    response = await fetch(`/api/edits/${editId}/undo`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  return { ok: true, body: undoResultSchema.parse(await response.json()) };
}
