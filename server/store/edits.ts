/**
 * Edits: what a planner did, as one entry each (a save, a merge, a split, an
 * import, an undo), with the figures it moved, and the undo of any of them.
 *
 * Undo replays the edit's changes backwards inside one transaction: a parcel
 * the edit created is deleted, one it changed gets its earlier content back
 * as a new version, one it deleted (or a merge absorbed) comes back under its
 * own id. Each parcel must still be at the version the edit left it at — when
 * a later edit moved it on, that edit is undone first (412 EDIT_SUPERSEDED) —
 * and each restored shape passes the parcel rules against today's map, so an
 * undo never writes an overlap. The undo is itself an edit, so it can be
 * undone (redo). Figures come back exactly: the stored shape and values of the
 * earlier version are written again, not recomputed from anything else.
 */
import type { Feature } from 'geojson';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ADDITIVE_FIELDS, type AdditiveField } from '../../domain/additive';
import { squareMetersToMu } from '../../domain/units';
import { diffVersions } from '../../domain/featureDiff';
import { lockParcelWrites } from '../db/dialect';
import type { Database } from '../db/schema';
import type { MultiPolygon, Polygon } from 'geojson';
import { roleAtLeast } from '../auth/users.store';
import type { PrecomputedZoneCells } from '../pool/zoneCells';
import { openEdit, recordChange } from './history';
import { restoreEnergyRecord } from './energy.write';
import { restorePlanRecord } from './plans.write';
import { REGISTER_COLLECTIONS, restoreRegisterRecord } from './register.restore';
import type { ChangeLogger } from './unitOfWork';
import { restoreZone } from './zones.write';
import {
  deleteParcelRow,
  editableProperties,
  EVERY_WARNING_CONFIRMED,
  insertParcelRow,
  readRow,
  updateParcelRow,
  type WriteContext,
  type WriteOutcome,
  type WrittenRow,
} from './parcels.write';

type Executor = Kysely<Database> | Transaction<Database>;
type Refusal = Omit<Extract<WriteOutcome, { ok: false }>, 'status'> & { status: Extract<WriteOutcome, { ok: false }>['status'] | 403 };

/** Collections whose changes undo replays (settings are not undone in one step yet). */
const UNDOABLE_COLLECTIONS = new Set(['parcels', 'zones', 'plans', 'targets', 'energy_stations', 'energy_lines', ...REGISTER_COLLECTIONS]);
/** Collections only an admin writes, so only an admin undoes. */
const ADMIN_COLLECTIONS = new Set(['zones', 'plans', 'targets']);

/**
 * The changes an undo replays. A zone's write also logs the parcels and
 * stations whose zone cells or codes it recomputed; those follow from the
 * boundary, so its undo puts the boundary back and recomputes them again,
 * and only the zone's own change decides whether it can be undone.
 */
function primaryChanges<C extends { collection: string }>(changes: readonly C[]): C[] {
  return changes.some((c) => c.collection === 'zones') ? changes.filter((c) => c.collection === 'zones') : [...changes];
}

export type FigureField = AdditiveField | 'areaMu';

export interface EditChange {
  collection: string;
  featureId: string;
  action: string;
  /** The feature's version after the change (before it, for a delete). */
  version: number;
  /** The feature's name before or after, for the list. */
  name: string | null;
  /** Each field from → to (both sides present: an update or restore). */
  fields: { field: string; from: unknown; to: unknown }[];
  geometryChanged: boolean;
  /** After − before, m²; null for a create or delete (figureDeltas carries those). */
  areaChangeSquareMeters: number | null;
}

export interface EditSummary {
  id: number;
  kind: string;
  username: string;
  at: string;
  undoes: number | null;
  undoneBy: number | null;
  changes: EditChange[];
  /** Per figure, what the edit moved the ledger's total by (after − before), only where it moved. */
  figureDeltas: Partial<Record<FigureField, number>>;
  /** Whether POST /api/edits/{id}/undo would be tried now, and if not, why. */
  undoable: boolean;
  notUndoableReason: 'EDIT_ALREADY_UNDONE' | 'EDIT_SUPERSEDED' | 'UNDO_UNSUPPORTED' | null;
  /** The least role that may undo it: zones, plans and targets are an admin's. */
  undoRole: 'editor' | 'admin';
}

interface ChangeRow {
  id: number;
  editId: number | null;
  collection: string;
  featureId: string;
  action: string;
  version: number;
  before: string | null;
  after: string | null;
}

const parse = (text: string | null): Feature | null => (text ? (JSON.parse(text) as Feature) : null);

/** A parcel's or station's name, a zone's or plan's Chinese name, a target's label. */
function nameOf(f: Feature | null): string | null {
  const p = (f?.properties ?? {}) as Record<string, unknown>;
  const name = p.name ?? p.nameZh ?? p.labelZh ?? null;
  return typeof name === 'string' ? name : null;
}

function figuresOf(f: Feature | null): Record<FigureField, number> {
  const p = (f?.properties ?? {}) as Record<string, unknown>;
  const out = {} as Record<FigureField, number>;
  for (const k of ADDITIVE_FIELDS) out[k] = typeof p[k] === 'number' ? (p[k] as number) : 0;
  out.areaMu = typeof p.areaSquareMeters === 'number' ? squareMetersToMu(p.areaSquareMeters as number) : 0;
  return out;
}

/** What an edit's parcel changes moved each total by; tiny float noise is not a move. */
export function figureDeltas(changes: readonly { collection: string; before: Feature | null; after: Feature | null }[]): Partial<Record<FigureField, number>> {
  const sums = {} as Record<FigureField, number>;
  for (const c of changes) {
    if (c.collection !== 'parcels') continue;
    const b = figuresOf(c.before);
    const a = figuresOf(c.after);
    for (const k of Object.keys(a) as FigureField[]) sums[k] = (sums[k] ?? 0) + a[k] - b[k];
  }
  const out: Partial<Record<FigureField, number>> = {};
  for (const [k, v] of Object.entries(sums) as [FigureField, number][]) {
    const rounded = Math.round(v * 1e4) / 1e4;
    if (rounded !== 0) out[k] = rounded;
  }
  return out;
}

interface EditLinks {
  id: number;
  undoes: number | null;
  undoneBy: number | null;
  kind?: string;
}

/** Edits that are the ledger's starting point, not a planner's action: never undone in one click. */
const BASELINE_KINDS = new Set(['seed']);

/**
 * Why this edit cannot be undone now (null: it can).
 *
 * It can when every later change to the parcels it touched belongs to an edit
 * whose effect is gone again: an edit undone by an undo that still stands (an
 * undo writes the earlier content as new versions, so version numbers alone
 * would say "moved on"). An undo that was itself undone (a redo) stands for
 * its original again: that chain has to be unwound first.
 */
async function blockerOf(db: Executor, edit: EditLinks, allChanges: readonly ChangeRow[]): Promise<EditSummary['notUndoableReason']> {
  if (edit.undoneBy !== null) return 'EDIT_ALREADY_UNDONE';
  if (edit.kind !== undefined && BASELINE_KINDS.has(edit.kind)) return 'UNDO_UNSUPPORTED';
  const changes = primaryChanges(allChanges);
  if (changes.some((c) => !UNDOABLE_COLLECTIONS.has(c.collection))) return 'UNDO_UNSUPPORTED';
  if (changes.length === 0) return null;
  const lastChangeId = Math.max(...allChanges.map((c) => c.id));
  const laterEditIds = new Set<number>();
  for (const collection of new Set(changes.map((c) => c.collection))) {
    const featureIds = [...new Set(changes.filter((c) => c.collection === collection).map((c) => c.featureId))];
    for (let i = 0; i < featureIds.length; i += 500) {
      const rows = await db
        .selectFrom('changes')
        .select('editId')
        .distinct()
        .where('collection', '=', collection)
        .where('featureId', 'in', featureIds.slice(i, i + 500))
        .where('id', '>', lastChangeId)
        .execute();
      for (const r of rows) laterEditIds.add(r.editId ?? -1);
    }
  }
  if (laterEditIds.size === 0) return null;
  if (laterEditIds.has(-1)) return 'EDIT_SUPERSEDED';
  // The later edits and every edit linked to them by undo, loaded breadth-first.
  const links = new Map<number, EditLinks>();
  let frontier = [...laterEditIds];
  while (frontier.length > 0) {
    const rows = await db.selectFrom('edits').select(['id', 'undoes', 'undoneBy']).where('id', 'in', frontier.slice(0, 500)).execute();
    for (const r of rows) links.set(r.id, r);
    const next = new Set<number>(frontier.slice(500));
    for (const r of rows) for (const l of [r.undoes, r.undoneBy]) if (l !== null && !links.has(l)) next.add(l);
    frontier = [...next];
  }
  /** An edit's effect stands unless an undo that stands took it back. */
  const stands = (id: number, depth = 0): boolean => {
    const e = links.get(id);
    if (!e || e.undoneBy === null || depth > 10_000) return true;
    return !stands(e.undoneBy, depth + 1);
  };
  const rootOf = (id: number): number => {
    let at = id;
    for (let guard = 0; guard < 10_000; guard++) {
      const up = links.get(at)?.undoes ?? null;
      if (up === null) return at;
      at = up;
    }
    return at;
  };
  for (const id of laterEditIds) {
    const root = rootOf(id);
    if (root <= edit.id || stands(root)) return 'EDIT_SUPERSEDED';
  }
  return null;
}

export interface EditQuery {
  /** Only edits that touched this parcel. */
  parcelId?: number;
  /** Only edits that deleted a parcel that is still gone (the recycle bin). */
  deletedOnly?: boolean;
  /** Newest first, ids below this one (paging). */
  beforeId?: number;
  /** Only edits after this one (a client catching up). */
  sinceId?: number;
  limit: number;
}

export async function listEdits(db: Kysely<Database>, q: EditQuery): Promise<EditSummary[]> {
  let query = db.selectFrom('edits').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.parcelId !== undefined) {
    const featureId = String(q.parcelId);
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('changes').select('editId').where('collection', '=', 'parcels').where('featureId', '=', featureId).where('editId', 'is not', null).$castTo<number>(),
    );
  }
  if (q.deletedOnly) {
    query = query.where('undoneBy', 'is', null).where('id', 'in', (eb) =>
      eb
        .selectFrom('changes')
        .select('editId')
        .where('collection', '=', 'parcels')
        .where('action', '=', 'delete')
        .where('editId', 'is not', null)
        .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM parcels WHERE CAST(parcels.id AS TEXT) = changes.feature_id)`)
        .$castTo<number>(),
    );
  }
  const edits = await query.execute();
  if (edits.length === 0) return [];
  const changeRows = (await db
    .selectFrom('changes')
    .select(['id', 'editId', 'collection', 'featureId', 'action', 'version', 'before', 'after'])
    .where('editId', 'in', edits.map((e) => e.id))
    .orderBy('id')
    .execute()) as ChangeRow[];
  const byEdit = new Map<number, ChangeRow[]>();
  for (const c of changeRows) byEdit.set(c.editId!, [...(byEdit.get(c.editId!) ?? []), c]);
  const out: EditSummary[] = [];
  for (const e of edits) {
    const changes = byEdit.get(e.id) ?? [];
    const parsed = changes.map((c) => ({ ...c, beforeFeature: parse(c.before), afterFeature: parse(c.after) }));
    const reason = await blockerOf(db, e, changes);
    out.push({
      id: e.id,
      kind: e.kind,
      username: e.username,
      at: e.at,
      undoes: e.undoes,
      undoneBy: e.undoneBy,
      changes: parsed.map((c) => ({
        collection: c.collection,
        featureId: c.featureId,
        action: c.action,
        version: c.version,
        name: nameOf(c.afterFeature) ?? nameOf(c.beforeFeature),
        ...diffVersions(c.beforeFeature, c.afterFeature),
      })),
      figureDeltas: figureDeltas(parsed.map((c) => ({ collection: c.collection, before: c.beforeFeature, after: c.afterFeature }))),
      undoable: reason === null,
      notUndoableReason: reason,
      undoRole: primaryChanges(changes).some((c) => ADMIN_COLLECTIONS.has(c.collection)) ? 'admin' : 'editor',
    });
  }
  return out;
}


class Rollback extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

export type UndoOutcome = { ok: true; editId: number; undid: number; changed: { id: number; action: string; version: number }[] } | Refusal;

export interface UndoContext extends WriteContext {
  /** Zone cells the route had the pool work out for a zone edit's undo (server/pool/zoneCells.ts). */
  zoneCells?: PrecomputedZoneCells;
}

/** The zone boundary an undo of this edit would put back, for the pool to work out cells before the transaction. */
export async function zoneUndoShape(db: Executor, editId: number): Promise<{ code: string; geometry: unknown | null; previousGeometry: Polygon | MultiPolygon | null } | null> {
  const zoneChanges = await db.selectFrom('changes').select(['featureId', 'before']).where('editId', '=', editId).where('collection', '=', 'zones').execute();
  if (zoneChanges.length !== 1) return null;
  const [c] = zoneChanges;
  const row = await db.selectFrom('zones').select('geometry').where('code', '=', c!.featureId).executeTakeFirst();
  return { code: c!.featureId, geometry: parse(c!.before)?.geometry ?? null, previousGeometry: row ? (JSON.parse(row.geometry) as Polygon | MultiPolygon) : null };
}

export async function undoEdit(ctx: UndoContext, editId: number): Promise<UndoOutcome> {
  const announced: { changeId: number; collection: string; featureId: string; id: number | null; action: string; version: number }[] = [];
  let outcome: UndoOutcome;
  try {
    outcome = await ctx.db.transaction().execute(async (trx): Promise<UndoOutcome> => {
      await lockParcelWrites(trx);
      const edit = await trx.selectFrom('edits').selectAll().where('id', '=', editId).executeTakeFirst();
      if (!edit) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `edit ${editId}` };
      const changes = (await trx
        .selectFrom('changes')
        .select(['id', 'editId', 'collection', 'featureId', 'action', 'version', 'before', 'after'])
        .where('editId', '=', editId)
        .orderBy('id')
        .execute()) as ChangeRow[];
      const blocker = await blockerOf(trx, edit, changes);
      if (blocker === 'EDIT_ALREADY_UNDONE') return { ok: false, status: 409, code: blocker, detail: `edit ${editId} undone by ${edit.undoneBy}` };
      if (blocker === 'UNDO_UNSUPPORTED') return { ok: false, status: 422, code: blocker, detail: `edit ${editId} (${edit.kind})` };
      const replayed = primaryChanges(changes);
      if (blocker === 'EDIT_SUPERSEDED') {
        return { ok: false, status: 412, code: blocker, detail: [...new Set(replayed.map((c) => `${c.collection} ${c.featureId}`))].join(', ') };
      }
      if (replayed.some((c) => ADMIN_COLLECTIONS.has(c.collection)) && !roleAtLeast(ctx.user.role, 'admin')) {
        return { ok: false, status: 403, code: 'FORBIDDEN', detail: `edit ${editId} (${edit.kind}) changed zones or plan targets` };
      }
      const undoId = await openEdit(trx, ctx.user, 'undo', { undoes: editId });
      const log: ChangeLogger = async (change) => {
        const changeId = await recordChange(trx, change, ctx.user);
        announced.push({ changeId, collection: change.collection, featureId: String(change.featureId), id: change.collection === 'parcels' ? Number(change.featureId) : null, action: change.action, version: change.version });
      };
      const step = (r: { written: WrittenRow } | { failure: Refusal }, action: string, part: string): void => {
        if ('failure' in r) throw new Rollback({ ...r.failure, detail: `parcel ${part}${r.failure.detail ? `: ${r.failure.detail}` : ''}` });
        announced.push({ changeId: r.written.changeId, collection: 'parcels', featureId: String(r.written.id), id: r.written.id, action, version: r.written.version });
      };
      const refuse = (failure: { status: number; code: string; detail?: string } | null): void => {
        if (failure) throw new Rollback({ ok: false, status: failure.status, code: failure.code, ...(failure.detail ? { detail: failure.detail } : {}) } as Refusal);
      };
      // Every warning counts as confirmed on undo: the state it returns to was confirmed when it was written.
  // Backwards: a split's pieces go before its parcel shrinks back; a merge's parcel shrinks before the absorbed return.
      for (const c of [...replayed].reverse()) {
        const before = parse(c.before);
        if (c.collection === 'zones') {
          refuse(await restoreZone(trx, c.featureId, before, c.version, log, ctx.zoneCells));
          continue;
        }
        if (c.collection === 'energy_stations' || c.collection === 'energy_lines') {
          refuse(await restoreEnergyRecord(trx, c.collection, Number(c.featureId), before, c.version, log));
          continue;
        }
        if (c.collection === 'plans' || c.collection === 'targets') {
          refuse(await restorePlanRecord(trx, { collection: c.collection, featureId: c.featureId, version: c.version, before }, log));
          continue;
        }
        if (REGISTER_COLLECTIONS.has(c.collection)) {
          refuse(await restoreRegisterRecord(trx, { collection: c.collection, featureId: c.featureId, version: c.version, before }, log));
          continue;
        }
        const id = Number(c.featureId);
        const row = await readRow(trx, id);
        if (c.action === 'create' || (c.action === 'restore' && !before)) {
          if (!row) throw new Rollback({ ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `parcel ${id}` });
          step(await deleteParcelRow(trx, ctx.user, row), 'delete', c.featureId);
        } else if (c.action === 'delete') {
          if (row || !before) throw new Rollback({ ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `parcel ${id}` });
          // It keeps the creation time of its first version.
          const first = await trx.selectFrom('changes').select('at').where('collection', '=', 'parcels').where('featureId', '=', c.featureId).orderBy('id').limit(1).executeTakeFirst();
          const createdAt = first?.at ?? new Date().toISOString();
          step(
            await insertParcelRow(trx, ctx.user, { properties: editableProperties(before), geometry: before.geometry }, EVERY_WARNING_CONFIRMED, undefined, { id, version: c.version + 1, createdAt }),
            'restore',
            c.featureId,
          );
        } else {
          if (!row || !before) throw new Rollback({ ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `parcel ${id}` });
          step(await updateParcelRow(trx, ctx.user, row, { properties: editableProperties(before), geometry: before.geometry }, EVERY_WARNING_CONFIRMED, 'restore'), 'restore', c.featureId);
        }
      }
      await trx.updateTable('edits').set({ undoneBy: undoId }).where('id', '=', editId).execute();
      const changed = announced.filter((a) => a.id !== null).map((a) => ({ id: a.id!, action: a.action, version: a.version }));
      return { ok: true, editId: undoId, undid: editId, changed };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.refusal;
    throw err;
  }
  for (const a of announced) ctx.bus.publish({ id: a.changeId, collection: a.collection, featureId: a.featureId, action: a.action, version: a.version });
  return outcome;
}
