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
import { additiveMismatches, type AdditiveValues } from '../../domain/additive';
import type { EditPart } from '../../domain/api/problem.schema';
import { REASONS } from '../../domain/reasons';
import { lockParcelWrites } from '../db/dialect';
import { openEdit } from './history';
import type { PrecomputedChecks } from '../pool/parcelChecks';
import {
  deleteParcelRow,
  toFeature,
  featureBodySchema,
  insertParcelRow,
  readAtVersion,
  updateParcelRow,
  type WriteContext,
  type WriteOutcome,
  type WrittenRow,
} from './parcels.write';

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

/**
 * A refused edit names the part refused (domain/api/problem.schema.ts
 * EditPart) as a field, so a client tells a conflict on the parcel it edits
 * from one on a parcel merged in without reading `detail`'s wording; `detail`
 * still starts with the part for clients that read it.
 */
type Refusal = Extract<WriteOutcome, { ok: false }> & { part?: EditPart };

export type EditOutcome =
  | { ok: true; status: 200 | 201; feature: Feature; id: number; version: number; pieces: Feature[]; removedIds: number[]; editId: number }
  | Refusal;

/** Thrown inside the transaction to roll back everything written so far. */
class Rollback extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

const refuse = (refusal: Refusal, part: EditPart): never => {
  throw new Rollback({ ...refusal, part, detail: refusal.detail ? `${part}: ${refusal.detail}` : part });
};

/**
 * A split shares its parcel's figures out and a merge sums them: money,
 * output, floor area and entered demand must total the same before and after,
 * whatever the client sent, unless the planner confirms FIGURES_CHANGED.
 */
function refuseChangedFigures(sources: readonly AdditiveValues[], results: readonly Feature[], confirmed: ReadonlySet<string>): void {
  if (confirmed.has('FIGURES_CHANGED')) return;
  const mismatches = additiveMismatches(sources, results.map((f) => (f.properties ?? {}) as AdditiveValues));
  if (mismatches.length === 0) return;
  const detail = mismatches.map((m) => `${m.field}: ${m.sourceTotal ?? '—'} → ${m.resultTotal ?? '—'}`).join('; ');
  throw new Rollback({
    ok: false,
    status: 422,
    code: 'FIGURES_CHANGED',
    detail,
    errors: [],
    warnings: [{ code: 'FIGURES_CHANGED', messageZh: `${REASONS.FIGURES_CHANGED.zh}（${detail}）`, messageEn: `${REASONS.FIGURES_CHANGED.en} (${detail})` }],
  });
}

export async function applyParcelEdit(ctx: WriteContext, edit: ParcelEdit, confirmed: ReadonlySet<string>, precomputed?: PrecomputedChecks): Promise<EditOutcome> {
  const absorbedIds = edit.absorb.map((a) => a.id);
  if (new Set(absorbedIds).size !== absorbedIds.length || (edit.target && absorbedIds.includes(edit.target.id))) {
    return { ok: false, status: 400, code: 'INVALID_REQUEST', detail: 'a parcel appears twice in one edit' };
  }
  const announced: (WrittenRow & { action: 'create' | 'update' | 'delete' })[] = [];
  /** A step's row, logged for announcing after commit; a refused step rolls the whole edit back, naming the part. */
  const written = (r: { written: WrittenRow } | { failure: Refusal }, part: EditPart, action: 'create' | 'update' | 'delete'): WrittenRow => {
    if ('failure' in r) return refuse(r.failure, part);
    announced.push({ ...r.written, action });
    return r.written;
  };
  const at = async (trx: Parameters<typeof readAtVersion>[0], id: number, version: number, part: EditPart) => {
    const r = await readAtVersion(trx, id, version);
    return 'failure' in r ? refuse(r.failure, part) : r.row;
  };
  let outcome: EditOutcome;
  try {
    outcome = await ctx.db.transaction().execute(async (trx): Promise<EditOutcome> => {
      await lockParcelWrites(trx);
      const kind = edit.absorb.length > 0 ? 'merge' : edit.pieces.length > 0 ? 'split' : edit.target ? 'update' : 'create';
      const editId = await openEdit(trx, ctx.user, kind);
      /** What the edit consumes: the edited parcel as it was and every parcel it absorbs. */
      const sources: AdditiveValues[] = [];
      // Absorbed parcels go first, so the merged shape is checked against a map without them.
      for (const [i, a] of edit.absorb.entries()) {
        const row = await at(trx, a.id, a.version, `absorb[${i}]`);
        sources.push(row);
        written(await deleteParcelRow(trx, ctx.user, row), `absorb[${i}]`, 'delete');
      }
      let main: WrittenRow;
      if (edit.target) {
        const row = await at(trx, edit.target.id, edit.target.version, 'target');
        sources.push(row);
        main = written(await updateParcelRow(trx, ctx.user, row, edit.feature, confirmed, 'update', toFeature(row), precomputed), 'feature', 'update');
      } else {
        main = written(await insertParcelRow(trx, ctx.user, edit.feature, confirmed, precomputed), 'feature', 'create');
        precomputed?.alias(main.id, 'feature');
      }
      // Each piece is checked against the edited parcel and the pieces before it (the pool checked it under their aliases: parcelShapes.ts shapesOfEdit).
      const pieces: Feature[] = [];
      for (const [i, piece] of edit.pieces.entries()) {
        const row = written(await insertParcelRow(trx, ctx.user, piece, confirmed, precomputed), `pieces[${i}]`, 'create');
        precomputed?.alias(row.id, `pieces[${i}]`);
        pieces.push(row.feature!);
      }
      if (edit.absorb.length > 0 || edit.pieces.length > 0) refuseChangedFigures(sources, [main.feature!, ...pieces], confirmed);
      return { ok: true, status: edit.target ? 200 : 201, feature: main.feature!, id: main.id, version: main.version, pieces, removedIds: absorbedIds, editId };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.refusal;
    throw err;
  }
  for (const a of announced) ctx.bus.publish({ id: a.changeId, collection: 'parcels', featureId: String(a.id), action: a.action, version: a.version });
  return outcome;
}
