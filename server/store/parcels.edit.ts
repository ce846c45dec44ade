/**
 * One editing operation that touches several parcels — a merge (the parcel
 * being edited absorbs others, which are deleted) or a split (the parcel
 * keeps one piece, the others become new parcels) — as one transaction:
 * every version the planner saw is checked, every shape passes the parcel
 * rules against the state the operation itself leaves (absorbed parcels gone,
 * earlier pieces in place), and every change is recorded in the history. If
 * any part is refused, nothing is written.
 */
import type { Feature } from 'geojson';
import { z } from 'zod';
import { lockParcelWrites } from '../db/dialect';
import { nowIso } from './spatial';
import { recordChange } from './history';
import { checkParcel, columnsOf, featureBodySchema, readRow, toFeature, type WriteContext, type WriteOutcome } from './parcels.write';

/** Most parcels one operation may absorb or create (a planner merges or splits a handful). */
export const MAX_EDIT_PARTS = 50;

const versionedId = z.object({ id: z.number().int().positive(), version: z.number().int().positive() });

export const parcelEditSchema = z
  .object({
    /** The parcel being edited and the version it was read at; null for a new parcel. */
    target: versionedId.nullable(),
    /** Its content after the operation. */
    feature: featureBodySchema,
    /** Parcels merged into it, each at the version the planner saw: deleted. */
    absorb: z.array(versionedId).max(MAX_EDIT_PARTS).default([]),
    /** Further pieces of a split: created as new parcels. */
    pieces: z.array(featureBodySchema).max(MAX_EDIT_PARTS).default([]),
  })
  .strict();

export type ParcelEdit = z.output<typeof parcelEditSchema>;

type Refusal = Extract<WriteOutcome, { ok: false }>;

export type EditOutcome =
  | { ok: true; status: 200 | 201; feature: Feature; id: number; version: number; pieces: Feature[]; removedIds: number[] }
  | Refusal;

/** Thrown inside the transaction to roll back everything written so far. */
class Rollback extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

const refuse = (refusal: Refusal, part: string): never => {
  throw new Rollback({ ...refusal, detail: refusal.detail ? `${part}: ${refusal.detail}` : part });
};

export async function applyParcelEdit(ctx: WriteContext, edit: ParcelEdit, confirmed: ReadonlySet<string>): Promise<EditOutcome> {
  const absorbedIds = edit.absorb.map((a) => a.id);
  if (new Set(absorbedIds).size !== absorbedIds.length || (edit.target && absorbedIds.includes(edit.target.id))) {
    return { ok: false, status: 400, code: 'INVALID_REQUEST', detail: 'a parcel appears twice in one edit' };
  }
  const announced: { id: number; changeId: number; action: 'create' | 'update' | 'delete'; version: number }[] = [];
  let outcome: EditOutcome;
  try {
    outcome = await ctx.db.transaction().execute(async (trx): Promise<EditOutcome> => {
      await lockParcelWrites(trx);
      const expectRow = async (id: number, version: number, part: string) => {
        const row = await readRow(trx, id);
        if (!row) return refuse({ ok: false, status: 404, code: 'NOT_FOUND', detail: `parcel ${id}` }, part);
        if (row.version !== version) return refuse({ ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `parcel ${id} is at version ${row.version}, not ${version}` }, part);
        return row;
      };

      // Absorbed parcels go first, so the merged shape is checked against a map without them.
      for (const [i, a] of edit.absorb.entries()) {
        const row = await expectRow(a.id, a.version, `absorb[${i}]`);
        await trx.deleteFrom('parcels').where('id', '=', a.id).execute();
        const changeId = await recordChange(trx, { collection: 'parcels', featureId: a.id, action: 'delete', version: row.version, before: toFeature(row), after: null }, ctx.user);
        announced.push({ id: a.id, changeId, action: 'delete', version: row.version });
      }

      let main: { feature: Feature; id: number; version: number };
      if (edit.target) {
        const { id, version: expected } = edit.target;
        const row = await expectRow(id, expected, 'target');
        const checked = await checkParcel(trx, edit.feature.properties, edit.feature.geometry, id, confirmed);
        if ('failure' in checked) return refuse(checked.failure as Refusal, 'feature');
        const version = row.version + 1;
        await trx.updateTable('parcels').set({ ...columnsOf(checked.checked), version }).where('id', '=', id).where('version', '=', expected).execute();
        const after = toFeature(await readRow(trx, id));
        const changeId = await recordChange(trx, { collection: 'parcels', featureId: id, action: 'update', version, before: toFeature(row), after }, ctx.user);
        announced.push({ id, changeId, action: 'update', version });
        main = { feature: after, id, version };
      } else {
        main = await insert(trx, edit.feature, 'feature');
      }

      // Each piece is checked against the edited parcel and the pieces before it.
      const pieces: Feature[] = [];
      for (const [i, piece] of edit.pieces.entries()) pieces.push((await insert(trx, piece, `pieces[${i}]`)).feature);
      return { ok: true, status: edit.target ? 200 : 201, ...main, pieces, removedIds: absorbedIds };

      async function insert(t: typeof trx, body: ParcelEdit['feature'], part: string) {
        const checked = await checkParcel(t, body.properties, body.geometry, null, confirmed);
        if ('failure' in checked) return refuse(checked.failure as Refusal, part);
        const { id } = await t
          .insertInto('parcels')
          .values({ ...columnsOf(checked.checked), version: 1, createdAt: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow();
        const feature = toFeature(await readRow(t, id));
        const changeId = await recordChange(t, { collection: 'parcels', featureId: id, action: 'create', version: 1, before: null, after: feature }, ctx.user);
        announced.push({ id, changeId, action: 'create', version: 1 });
        return { feature, id, version: 1 };
      }
    });
  } catch (err) {
    if (err instanceof Rollback) return err.refusal;
    throw err;
  }
  for (const a of announced) ctx.bus.publish({ id: a.changeId, collection: 'parcels', featureId: String(a.id), action: a.action, version: a.version });
  return outcome;
}
