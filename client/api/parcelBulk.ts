/**
 * POST /api/parcels/bulk (server/routes/parcels.bulk.ts): tags set on the
 * selected parcels as one edit. The outcome is data, never thrown: a 412
 * names the parcels that moved on (`moved`), a 422 the rule that refused.
 */
import { bulkMovedSchema, bulkResultSchema, type BulkMoved, type BulkResult } from '$domain/api/edits.schema';
import type { IndustryChain, ParcelStatus } from '$domain/parcel.schema';
import type { LandUseCode } from '$domain/landUse';
import { networkProblem, readProblem, type Problem } from './problem';

/** The tags a bulk edit may set (never money or area figures); an absent tag is left as it is. */
export interface BulkTags {
  status?: ParcelStatus;
  landUseCode?: LandUseCode;
  supplyYear?: number | null;
  enterprise?: string | null;
  industryChain?: IndustryChain | null;
  notes?: string | null;
}

export type { BulkMoved, BulkResult } from '$domain/api/edits.schema';

export async function bulkEditParcels(
  items: readonly { id: number; version: number }[],
  set: BulkTags,
  confirm: readonly string[] = [],
): Promise<{ ok: true; result: BulkResult } | { ok: false; status: number; problem: Problem; moved: BulkMoved }> {
  let response: Response;
  try {
    const query = confirm.length > 0 ? `?confirm=${confirm.map(encodeURIComponent).join(',')}` : '';
    response = await fetch(`/api/parcels/bulk${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ items, set }),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause), moved: [] };
  }
  if (!response.ok) {
    const text = await response.clone().text();
    let moved: BulkMoved = [];
    try {
      moved = bulkMovedSchema.parse((JSON.parse(text) as { moved?: unknown }).moved ?? []);
    } catch {
      // Not a bulk refusal: readProblem makes a generic problem.
    }
    return { ok: false, status: response.status, problem: await readProblem(response), moved };
  }
  return { ok: true, result: bulkResultSchema.parse(await response.json()) };
}
