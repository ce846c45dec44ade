/**
 * Edits (GET /api/edits) and their undo (POST /api/edits/{id}/undo).
 *
 *   GET /api/edits?parcel=ID&deleted=1&before=EDIT_ID&since=EDIT_ID&limit=N
 * lists planner actions newest first, each with its changes, the figures it
 * moved and whether it can be undone now; `deleted=1` lists the edits whose
 * deleted parcels are still gone (the recycle bin).
 *   POST /api/edits/{id}/undo
 * undoes one edit as a new edit (200 with its id); 409 when already undone,
 * 412 when a later edit changed the same parcels, 422 when a restored shape
 * breaks a rule today; nothing is written then.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem, problemBody } from '../http/problem';
import { precomputeZoneCells } from '../pool/zoneCells';
import { listEdits, undoEdit, zoneUndoShape } from '../store/edits';
import type { ChangeBus } from '../store/history';
import type { editListSchema, undoResultSchema } from '../../domain/api/edits.schema';

const listQuery = z.object({
  parcel: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  deleted: z.enum(['0', '1', 'true', 'false']).optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function editRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/', async (c) => {
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) return problem(c, 400, 'INVALID_REQUEST', z.prettifyError(q.error));
    const { parcel, deleted, before, since, limit } = q.data;
    const edits = await listEdits(db, {
      limit,
      ...(parcel !== undefined ? { parcelId: parcel } : {}),
      ...(before !== undefined ? { beforeId: before } : {}),
      ...(since !== undefined ? { sinceId: since } : {}),
      deletedOnly: deleted === '1' || deleted === 'true',
    });
    return c.json({ edits, next: edits.length === limit ? edits[edits.length - 1]!.id : null } satisfies z.input<typeof editListSchema>);
  });

  app.post('/:id/undo', requireRole('editor'), async (c) => {
    const idText = c.req.param('id');
    if (!/^\d{1,15}$/.test(idText)) return problem(c, 404, 'NOT_FOUND', `edit ${idText}`);
    // A zone edit's undo recomputes the zone cells around the boundary it puts back: worked out in the pool first.
    const zoneShape = await zoneUndoShape(db, Number(idText));
    const zoneCells = zoneShape ? await precomputeZoneCells(db, zoneShape) : undefined;
    const outcome = await undoEdit({ db, user: c.get('user')!, bus, ...(zoneCells ? { zoneCells } : {}) }, Number(idText));
    if (!outcome.ok) {
      return c.json({ ...problemBody(outcome.code, outcome.detail), errors: outcome.errors, warnings: outcome.warnings }, outcome.status);
    }
    const body: z.input<typeof undoResultSchema> = outcome;
    return c.json(body, 200, { 'X-Edit-Id': String(outcome.editId) });
  });

  return app;
}
