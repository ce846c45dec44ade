/**
 * Large parcel geometries are validated in the worker pool, before the
 * save's transaction opens: on SQLite a transaction holds the one
 * connection, so awaiting a worker inside it would stall every read.
 * The valid result is marked (domain markValidated) so the save path's own
 * validatePolygonGeometry returns it at once instead of checking it again on
 * the request thread. Small geometries (most parcels) skip the round trip.
 */
import { markValidated, MAX_PARCEL_VERTICES, vertexCount } from '../../domain/geometry.validation';
import { problemBody } from '../http/problem';
import type { ProblemBody } from '../http/problem';
import { runJob } from './pool';

/**
 * Above this many positions a geometry goes to the pool. Validation is
 * O(n log n), ~1 ms per 1,000 positions here, so smaller ones cost the
 * request thread less than the worker round trip would.
 */
export const POOLED_VALIDATION_VERTICES = 2_000;

export type Prevalidated = { geometry: unknown } | { failure: { ok: false; status: 422; code: ProblemBody['code']; detail?: string; errors: ProblemBody[] } };

/** The geometry to save (validated and marked when large), or the 422 outcome a save would give. */
export async function prevalidateGeometry(geometry: unknown): Promise<Prevalidated> {
  const vertices = vertexCount(geometry);
  // Over the limit is refused by the save's own (counting-first) validation; small ones are quick.
  if (vertices <= POOLED_VALIDATION_VERTICES || vertices > MAX_PARCEL_VERTICES) return { geometry };
  const result = await runJob('validateGeometry', { geometry });
  if (!result.valid) {
    const { code, messageZh, messageEn } = problemBody(result.reason);
    return { failure: { ok: false, status: 422, code: result.reason, ...(result.detail ? { detail: result.detail } : {}), errors: [{ code, messageZh, messageEn }] } };
  }
  markValidated(result.geometry);
  return { geometry: result.geometry };
}
