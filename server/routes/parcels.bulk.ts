/**
 * POST /api/parcels/bulk: the same tags set on many parcels as one edit
 * (store/parcels.bulk.ts). Body { items: [{id, version}] (≤ 500), set: { status?,
 * supplyYear?, enterprise?, industryChain?, landUseCode?, notes? } }; 200
 * { editId, updated: [{id, version}] } with X-Edit-Id; 412 with `moved` naming
 * the parcels that moved on; 422 naming the parcel a rule refused. On any
 * refusal nothing is written.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problemBody } from '../http/problem';
import type { ChangeBus } from '../store/history';
import type { z } from 'zod';
import type { bulkRefusalSchema, bulkResultSchema } from '../../domain/api/edits.schema';
import { applyBulkEdit, bulkEditSchema } from '../store/parcels.bulk';
import { confirmedWarnings } from './ogc.writes';

export function parcelBulkRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.post('/', requireRole('editor'), async (c) => {
    const body = await readJson(c, bulkEditSchema);
    if (!body.ok) return body.response;
    const outcome = await applyBulkEdit({ db, user: c.get('user')!, bus }, body.data, confirmedWarnings(c));
    if (!outcome.ok) {
      const refusal: z.input<typeof bulkRefusalSchema> = { ...problemBody(outcome.code, outcome.detail) };
      if (outcome.moved) refusal.moved = outcome.moved;
      if (outcome.errors) refusal.errors = outcome.errors;
      if (outcome.warnings) refusal.warnings = outcome.warnings;
      return c.json(refusal, outcome.status);
    }
    return c.json({ editId: outcome.editId, updated: outcome.updated } satisfies z.input<typeof bulkResultSchema>, 200, { 'X-Edit-Id': String(outcome.editId) });
  });
  return app;
}
