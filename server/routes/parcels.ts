/**
 * A parcel's history and restore (/api/parcels/{id}/history, /api/parcels/{id}/restore),
 * and edits of several parcels in one transaction (POST /api/parcels/edits: merge, split).
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { precomputeParcelChecks } from '../pool/parcelChecks';
import { shapesOfEdit, shapesOfRestore } from '../pool/parcelShapes';
import { featureHistory, type ChangeBus } from '../store/history';
import { etagFor, restoreParcel, versionFromIfMatch } from '../store/parcels.write';
import { applyParcelEdit, parcelEditSchema } from '../store/parcels.edit';
import { confirmedWarnings } from './ogc.writes';
import type { parcelEditResultSchema, parcelHistorySchema } from '../../domain/api/parcels.schema';

export const restoreSchema = z.object({ version: z.number().int().positive() });

export function parcelRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/:id/history', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,15}$/.test(id)) return problem(c, 404, 'NOT_FOUND', `parcel ${id}`);
    const changes = await featureHistory(db, 'parcels', id);
    if (changes.length === 0) return problem(c, 404, 'NOT_FOUND', `parcel ${id}`);
    return c.json({ parcelId: Number(id), versions: changes } satisfies z.input<typeof parcelHistorySchema>);
  });

  app.post('/:id/restore', requireRole('editor'), async (c) => {
    const idText = c.req.param('id');
    if (!/^\d{1,15}$/.test(idText)) return problem(c, 404, 'NOT_FOUND', `parcel ${idText}`);
    const id = Number(idText);
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const expected = versionFromIfMatch(ifMatch, id);
    if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED');
    const body = await readJson(c, restoreSchema);
    if (!body.ok) return body.response;
    const pre = await precomputeParcelChecks(db, await shapesOfRestore(db, id, expected, body.data.version));
    if ('failure' in pre) return c.json({ ...problemBody(pre.failure.code, pre.failure.detail), errors: pre.failure.errors }, 422);
    const outcome = await restoreParcel({ db, user: c.get('user')!, bus }, id, expected, body.data.version, confirmedWarnings(c), pre.precomputed);
    if (!outcome.ok) {
      return c.json({ ...problemBody(outcome.code, outcome.detail), errors: outcome.errors, warnings: outcome.warnings }, outcome.status);
    }
    return c.json(outcome.feature, 200, { ETag: etagFor(id, outcome.version), 'X-Edit-Id': String(outcome.editId) });
  });

  /**
   * A merge or split as one write: { target: {id, version} | null, feature, absorb: [{id, version}],
   * pieces: [feature] }. 200 (201 for a new parcel) with the parcel, the new pieces and the removed
   * ids; 404/412/422 naming the part refused, and then nothing is written.
   */
  app.post('/edits', requireRole('editor'), async (c) => {
    const body = await readJson(c, parcelEditSchema);
    if (!body.ok) return body.response;
    // Large shapes are checked in the pool before the edit's transaction; their results are used when nothing moved meanwhile.
    const pre = await precomputeParcelChecks(db, await shapesOfEdit(db, body.data));
    if ('failure' in pre) return c.json({ ...problemBody(pre.failure.code, pre.failure.detail), errors: pre.failure.errors }, 422);
    const outcome = await applyParcelEdit({ db, user: c.get('user')!, bus }, body.data, confirmedWarnings(c), pre.precomputed);
    if (!outcome.ok) {
      return c.json({ ...problemBody(outcome.code, outcome.detail), part: outcome.part, errors: outcome.errors, warnings: outcome.warnings }, outcome.status);
    }
    return c.json(
      { feature: outcome.feature, pieces: outcome.pieces, removedIds: outcome.removedIds, editId: outcome.editId } satisfies z.input<typeof parcelEditResultSchema>,
      outcome.status,
      { ETag: etagFor(outcome.id, outcome.version), 'X-Edit-Id': String(outcome.editId) },
    );
  });

  return app;
}
