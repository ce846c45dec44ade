/**
 * The requests one save makes, in order, and what came of them. A plain
 * draft is one POST (new) or PUT with If-Match (existing). A merge first
 * deletes the parcels merged in (else the merged shape overlaps them) and
 * puts them back if the PUT is then refused; a split POSTs its extra pieces
 * after the main piece is saved, so no two writes ever overlap.
 */
import type { Polygon } from 'geojson';
import { createParcel, deleteParcel, fetchParcel, replaceParcel, type ParcelDraft } from '../api/parcels';
import type { Problem } from '../api/problem';
import type { ParcelFeature } from '../api/types';
import { formFromProperties, validateForm } from './parcelForm';

export interface SaveRequest {
  draft: ParcelDraft;
  /** The parcel being replaced and the ETag it was read with; null for a new parcel. */
  target: { id: string; etag: string } | null;
  mergedIds: readonly string[];
  splitPieces: readonly Polygon[];
  confirm: readonly string[];
}

export type SaveOutcome =
  | { kind: 'saved'; feature: ParcelFeature; pieces: ParcelFeature[]; removedIds: string[] }
  | { kind: 'refused'; status: number; problem: Problem; restored: ParcelFeature[] }
  | { kind: 'conflict'; restored: ParcelFeature[] };

/** Warnings a rollback re-creation confirms: the parcel was stored before, with the same shape. */
const ROLLBACK_CONFIRM = ['OUTSIDE_ZONES', 'OUTSIDE_URBAN_BOUNDARY'];

/** Puts back parcels a refused merge had already deleted (as new parcels with the same data). */
async function putBack(deleted: readonly ParcelFeature[]): Promise<ParcelFeature[]> {
  const restored: ParcelFeature[] = [];
  for (const feature of deleted) {
    const properties = validateForm(formFromProperties(feature.properties as unknown as Record<string, unknown>));
    if (!properties.ok) continue;
    const recreated = await createParcel({ geometry: feature.geometry, properties: properties.properties }, ROLLBACK_CONFIRM);
    if (recreated.ok && recreated.feature) restored.push(recreated.feature);
  }
  return restored;
}

export async function saveDraft(request: SaveRequest): Promise<SaveOutcome> {
  const deleted: ParcelFeature[] = [];
  if (request.target) {
    for (const id of request.mergedIds) {
      const current = await fetchParcel(id).catch(() => null);
      if (!current) continue;
      const result = await deleteParcel(id, current.etag);
      if (!result.ok) return { kind: 'refused', status: result.status, problem: result.problem, restored: await putBack(deleted) };
      deleted.push(current.feature);
    }
  }
  const result = request.target
    ? await replaceParcel(request.target.id, request.target.etag, request.draft, request.confirm)
    : await createParcel(request.draft, request.confirm);
  if (!result.ok) {
    const restored = await putBack(deleted);
    if (result.status === 412 && request.target) return { kind: 'conflict', restored };
    return { kind: 'refused', status: result.status, problem: result.problem, restored };
  }
  const pieces: ParcelFeature[] = [];
  for (const [i, piece] of request.splitPieces.entries()) {
    const name = `${request.draft.properties.name}-${i + 2}`;
    const created = await createParcel({ geometry: piece, properties: { ...request.draft.properties, name } }, request.confirm);
    if (created.ok && created.feature) pieces.push(created.feature);
  }
  return { kind: 'saved', feature: result.feature!, pieces, removedIds: deleted.map((f) => String(f.id)) };
}
