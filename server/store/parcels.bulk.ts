/**
 * A bulk edit of tags: the same tag values set on many parcels the planner
 * selected in the attribute table, as one edit (one entry in GET /api/edits,
 * undone as one). Only non-additive tags may be set this way — never money,
 * output, floor area or demand, whose totals a planner must share out parcel
 * by parcel — and the shape is kept exactly, so each row goes through the same
 * updateParcelRow as every other write (rules, version guard, history). Every
 * version the planner saw is checked first; if any parcel moved on, nothing
 * is written and the refusal names them all.
 */
import type { Polygon, MultiPolygon } from 'geojson';
import { z } from 'zod';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import { lockParcelWrites } from '../db/dialect';
import { beginBatch } from './batchWrite';
import { openEdit } from './history';
import { editableProperties, toFeature, updateParcelRow, type WriteContext, type WriteOutcome, type WrittenRow } from './parcels.write';

/** Most parcels one bulk edit may touch: the table's "select all matching" takes at most this many. */
export const MAX_BULK_PARCELS = 500;

const props = parcelPropertiesSchema.shape;

/** The tags a bulk edit may set; `.unwrap()` drops the schema's defaults so an absent tag stays untouched. */
export const bulkSetSchema = z
  .object({
    status: props.status.optional(),
    landUseCode: props.landUseCode.optional(),
    supplyYear: props.supplyYear.unwrap().optional(),
    enterprise: props.enterprise.unwrap().optional(),
    industryChain: props.industryChain.unwrap().optional(),
    notes: props.notes.unwrap().optional(),
  })
  .strict()
  .refine((set) => Object.values(set).some((v) => v !== undefined), 'set names no tag');

export const bulkEditSchema = z
  .object({
    items: z
      .array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() }).strict())
      .min(1)
      .max(MAX_BULK_PARCELS)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'a parcel appears twice'),
    set: bulkSetSchema,
  })
  .strict();

export type BulkEdit = z.output<typeof bulkEditSchema>;

type Refusal = Extract<WriteOutcome, { ok: false }>;

/** A parcel whose version is not the one the planner saw (null: deleted meanwhile). */
export interface MovedParcel {
  id: number;
  expectedVersion: number;
  currentVersion: number | null;
}

export type BulkOutcome =
  | { ok: true; editId: number; updated: { id: number; version: number }[] }
  | (Refusal & { moved?: MovedParcel[] });

/** Thrown inside the transaction to roll back everything written so far. */
class Rollback extends Error {
  constructor(readonly refusal: Refusal & { moved?: MovedParcel[] }) {
    super(refusal.code);
  }
}

export async function applyBulkEdit(ctx: WriteContext, edit: BulkEdit, confirmed: ReadonlySet<string>): Promise<BulkOutcome> {
  const announced: WrittenRow[] = [];
  const set = Object.fromEntries(Object.entries(edit.set).filter(([, v]) => v !== undefined));
  let outcome: BulkOutcome;
  try {
    outcome = await ctx.db.transaction().execute(async (trx): Promise<BulkOutcome> => {
      await lockParcelWrites(trx);
      const editId = await openEdit(trx, ctx.user, 'bulk');
      // One transaction, one edit; the event loop gets a turn between rows (batchWrite.ts).
      const batch = beginBatch(trx);
      // Every version first, so a refusal names all the parcels that moved on, not only the first.
      const rows = [];
      const moved: MovedParcel[] = [];
      // One read for all of them (≤ 500 ids), not one a parcel.
      const stored = new Map((await trx.selectFrom('parcels').selectAll().where('id', 'in', edit.items.map((i) => i.id)).execute()).map((r) => [r.id, r]));
      for (const item of edit.items) {
        const row = stored.get(item.id);
        if (!row || row.version !== item.version) moved.push({ id: item.id, expectedVersion: item.version, currentVersion: row?.version ?? null });
        else rows.push(row);
      }
      if (moved.length > 0) {
        throw new Rollback({ ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `parcels ${moved.map((m) => m.id).join(', ')}`, moved });
      }
      const updated: { id: number; version: number }[] = [];
      for (const row of rows) {
        await batch.pause();
        const before = toFeature(row);
        const next = { properties: { ...editableProperties(before), ...set }, geometry: JSON.parse(row.geometry) as Polygon | MultiPolygon };
        const r = await updateParcelRow(trx, ctx.user, row, next, confirmed, 'update', before);
        if ('failure' in r) {
          const f = r.failure;
          throw new Rollback({ ...f, detail: f.detail ? `parcel ${row.id}: ${f.detail}` : `parcel ${row.id}` });
        }
        announced.push(r.written);
        updated.push({ id: row.id, version: r.written.version });
      }
      return { ok: true, editId, updated };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.refusal;
    throw err;
  }
  for (const w of announced) ctx.bus.publish({ id: w.changeId, collection: 'parcels', featureId: String(w.id), action: 'update', version: w.version });
  return outcome;
}
