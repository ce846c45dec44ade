/**
 * The request one save makes and what came of it. A plain draft is one POST
 * (new) or PUT with If-Match (existing). A merge or split is one POST to
 * /api/parcels/edits, which the server applies as one transaction: the
 * parcels merged in are deleted and the extra pieces created together with
 * the edited parcel, or nothing is written at all.
 */
import type { Polygon } from 'geojson';
import { ADDITIVE_FIELDS, apportionFigures } from '$domain/additive';
import { areaSquareMeters } from '$domain/area';
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
  /** A hole cut or a clip, named to the server for the edit log (X-Edit-Kind). */
  editKind?: 'hole' | 'clip';
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
    const split = splitByArea(draft, request.splitPieces);
    const outcome = await editParcels(
      {
        target: target ? { id: target.id, version: version! } : null,
        draft: split.kept,
        absorb: request.merged,
        pieces: split.pieces,
      },
      confirm,
    );
    if (!outcome.ok) return editRefusal(outcome.status, outcome.problem, target !== null);
    return { kind: 'saved', feature: outcome.result.feature, pieces: outcome.result.pieces, removedIds: outcome.result.removedIds.map(String) };
  }
  const result = target ? await replaceParcel(target.id, target.etag, draft, confirm, request.editKind) : await createParcel(draft, confirm);
  if (!result.ok) {
    if (result.status === 412 && target) return { kind: 'conflict' };
    return { kind: 'refused', status: result.status, problem: result.problem };
  }
  return { kind: 'saved', feature: result.feature!, pieces: [], removedIds: [] };
}

/**
 * What a refused merge or split means to the editor: a 412 on the edited
 * parcel itself (the server names the part, `part: 'target'`) opens the
 * conflict view; one on a merged-in parcel, or any other refusal, is shown.
 */
export function editRefusal(status: number, problem: Problem, editsExisting: boolean): Extract<SaveOutcome, { kind: 'refused' | 'conflict' }> {
  if (status === 412 && editsExisting && problem.part === 'target') return { kind: 'conflict' };
  return { kind: 'refused', status, problem };
}

/**
 * A split shares the form's figures (investment, output, floor area, entered
 * demand) over the kept parcel and the pieces by official area, so the pieces
 * add up to what the parcel carried; the server refuses any other sum unless
 * the planner confirms it.
 */
export function splitByArea(draft: ParcelDraft, splitPieces: readonly Polygon[]): { kept: ParcelDraft; pieces: ParcelDraft[] } {
  if (splitPieces.length === 0) return { kept: draft, pieces: [] };
  const geometries = [draft.geometry, ...splitPieces];
  const shares = apportionFigures(draft.properties, geometries.map((g) => areaSquareMeters(g)));
  const withShare = (i: number) => {
    const properties = { ...draft.properties };
    for (const f of ADDITIVE_FIELDS) properties[f] = shares[i]![f] ?? null;
    return properties;
  };
  return {
    kept: { geometry: draft.geometry, properties: withShare(0) },
    pieces: splitPieces.map((geometry, i) => ({ geometry, properties: { ...withShare(i + 1), name: `${draft.properties.name}-${i + 2}` } })),
  };
}
