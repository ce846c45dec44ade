/**
 * The request one save makes and what came of it. A plain draft is one POST
 * (new) or PUT with If-Match (existing). A merge or split is one POST to
 * /api/parcels/edits, which the server applies as one transaction: the
 * parcels merged in are deleted and the extra pieces created together with
 * the edited parcel, or nothing is written at all.
 */
import type { Polygon } from 'geojson';
import { versionOfEtag } from '../api/http';
import { createParcel, editParcels, replaceParcel, type ParcelDraft } from '../api/parcels';
import type { Problem } from '../api/problem';
import type { ParcelFeature } from '../api/types';

export interface SaveRequest {
  draft: ParcelDraft;
  /** The parcel being replaced and the ETag it was read with; null for a new parcel. */
  target: { id: string; etag: string } | null;
  /** Parcels merged in, each with the version the planner picked. */
  merged: readonly { id: string; version: number }[];
  splitPieces: readonly Polygon[];
  confirm: readonly string[];
}

export type SaveOutcome =
  | { kind: 'saved'; feature: ParcelFeature; pieces: ParcelFeature[]; removedIds: string[] }
  | { kind: 'refused'; status: number; problem: Problem }
  | { kind: 'conflict' };

export async function saveDraft(request: SaveRequest): Promise<SaveOutcome> {
  const { draft, target, confirm } = request;
  if (request.merged.length > 0 || request.splitPieces.length > 0) {
    const version = target ? versionOfEtag(target.etag) : null;
    if (target && version === null) return { kind: 'conflict' };
    const outcome = await editParcels(
      {
        target: target ? { id: target.id, version: version! } : null,
        draft,
        absorb: request.merged,
        pieces: request.splitPieces.map((geometry, i) => ({ geometry, properties: { ...draft.properties, name: `${draft.properties.name}-${i + 2}` } })),
      },
      confirm,
    );
    if (!outcome.ok) {
      // A 412 on the edited parcel itself opens the conflict view; one on a merged-in parcel is a refusal to show.
      if (outcome.status === 412 && target && (outcome.problem.detail ?? '').startsWith('target')) return { kind: 'conflict' };
      return { kind: 'refused', status: outcome.status, problem: outcome.problem };
    }
    return { kind: 'saved', feature: outcome.result.feature, pieces: outcome.result.pieces, removedIds: outcome.result.removedIds.map(String) };
  }
  const result = target ? await replaceParcel(target.id, target.etag, draft, confirm) : await createParcel(draft, confirm);
  if (!result.ok) {
    if (result.status === 412 && target) return { kind: 'conflict' };
    return { kind: 'refused', status: result.status, problem: result.problem };
  }
  return { kind: 'saved', feature: result.feature!, pieces: [], removedIds: [] };
}
