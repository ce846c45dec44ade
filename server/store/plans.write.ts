/**
 * Plan and target writes (admin): create, patch and copy plans; add, replace
 * and retire targets. Each runs in one transaction that checks the period,
 * the windows and that every zone a target names exists, compares the version
 * the client saw (If-Match) and records the change — collection 'plans'
 * (featureId = plan id) or 'targets' (featureId = "planId/code"), as a
 * geometry-less GeoJSON Feature so the change log keeps one shape.
 */
import type { Feature } from 'geojson';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { shiftTargetWindow } from '../../domain/planCopy';
import type { ReasonCode } from '../../domain/reasons';
import { planSchema, targetDefinitionSchema, type Plan, type TargetDefinition } from '../../domain/target.schema';
import type { AuthUser } from '../auth/users.store';
import type { Database, PlansTable, TargetsTable } from '../db/schema';
import { recordChange, type ChangeBus } from './history';
import { runLoggedWrite, type ChangeLogger } from './unitOfWork';
import { nowIso } from './spatial';
import { planEtag, targetEtag } from '../../domain/api/etags';

type Trx = Transaction<Database>;
type Executor = Kysely<Database> | Trx;

export interface AdminContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
}

export type AdminOutcome<T> =
  | { ok: true; status: 200 | 201 | 204; body: T; etag: string; editId?: number }
  | { ok: false; status: 404 | 409 | 412 | 422; code: ReasonCode; detail?: string };

export const newPlanSchema = planSchema.extend({ targets: z.array(targetDefinitionSchema).max(500).default([]) });

/**
 * A plan PATCH names only what it changes. Not `.partial()` of planSchema: zod fills
 * defaults inside a partial, so `{nameEn}` parsed as `{nameEn, sourceDocument: null}`
 * and wiped the plan's source document.
 */
export const planPatchSchema = z
  .object({
    nameZh: planSchema.shape.nameZh,
    nameEn: planSchema.shape.nameEn,
    periodStart: planSchema.shape.periodStart,
    periodEnd: planSchema.shape.periodEnd,
    sourceDocument: z.string().trim().max(500).nullable(),
  })
  .partial();

export const planCopySchema = z.object({
  id: planSchema.shape.id,
  /** The new plan's name; used for both languages unless nameEn is given. */
  name: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().min(1).max(300).optional(),
  periodStart: planSchema.shape.periodStart,
  periodEnd: planSchema.shape.periodEnd,
  sourceDocument: planSchema.shape.sourceDocument.optional(),
});

export interface StoredTarget extends TargetDefinition {
  planId: string;
  position: number;
  retired: boolean;
  version: number;
}

export { planEtag, targetEtag };

/** The version an If-Match names when it is this resource's ETag, else null. */
export function versionFromEtag(header: string, etagOfVersion: (v: number) => string): number | null {
  const m = /-v(\d{1,9})"$/.exec(header.trim());
  if (!m) return null;
  const version = Number(m[1]);
  return etagOfVersion(version) === header.trim() ? version : null;
}

/** A record without geometry as a Feature: RFC 7946 §3.2 allows a null geometry; @types/geojson's default Feature does not. */
function attributeFeature(id: string, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', id, geometry: null, properties } as unknown as Feature;
}

export function planFeature(row: Selectable<PlansTable>): Feature {
  const { createdAt: _c, ...properties } = row;
  return attributeFeature(row.id, properties);
}

export function storedTarget(row: Selectable<TargetsTable>): StoredTarget {
  // Parsed through the schema so a definition written by an older version gets today's defaults.
  const definition = targetDefinitionSchema.parse(JSON.parse(row.definition));
  return { ...definition, planId: row.planId, position: row.position, retired: row.retired === 1, version: row.version };
}

function targetFeature(row: Selectable<TargetsTable>): Feature {
  const t = storedTarget(row);
  return attributeFeature(`${row.planId}/${row.code}`, { ...t, updatedAt: row.updatedAt });
}

async function readPlanRow(db: Executor, id: string) {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

async function readTargetRow(db: Executor, planId: string, code: string) {
  return db.selectFrom('targets').selectAll().where('planId', '=', planId).where('code', '=', code).executeTakeFirst();
}

export async function listStoredTargets(db: Executor, planId: string, includeRetired: boolean): Promise<StoredTarget[]> {
  const rows = await db
    .selectFrom('targets')
    .selectAll()
    .where('planId', '=', planId)
    .$if(!includeRetired, (q) => q.where('retired', '=', 0))
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(storedTarget);
}

/** The plan's stored fields with its version (for the ETag), or null. */
export async function readPlanVersioned(db: Executor, id: string) {
  const row = await readPlanRow(db, id);
  if (!row) return null;
  const { createdAt: _c, ...plan } = row;
  return plan;
}

export async function readTarget(db: Executor, planId: string, code: string): Promise<StoredTarget | null> {
  const row = await readTargetRow(db, planId, code);
  return row ? storedTarget(row) : null;
}

type Failure = Extract<AdminOutcome<unknown>, { ok: false }>;

function checkPeriod(p: { periodStart: number; periodEnd: number }): Failure | null {
  return p.periodEnd < p.periodStart
    ? { ok: false, status: 422, code: 'PERIOD_REVERSED', detail: `${p.periodStart}–${p.periodEnd}` }
    : null;
}

/** Windows in order and every scoped zone present; the first problem found, naming it. */
async function checkTargets(db: Executor, targets: readonly TargetDefinition[]): Promise<Failure | null> {
  for (const t of targets) {
    if (t.supplyYearFrom !== null && t.supplyYearTo !== null && t.supplyYearTo < t.supplyYearFrom) {
      return { ok: false, status: 422, code: 'YEAR_WINDOW_REVERSED', detail: `target ${t.code}: ${t.supplyYearFrom}–${t.supplyYearTo}` };
    }
  }
  const wanted = [...new Set(targets.flatMap((t) => t.zoneCodes))];
  if (wanted.length === 0) return null;
  const present = new Set((await db.selectFrom('zones').select('code').where('code', 'in', wanted).execute()).map((r) => r.code));
  for (const t of targets) {
    const missing = t.zoneCodes.find((z) => !present.has(z));
    if (missing) return { ok: false, status: 422, code: 'UNKNOWN_ZONE', detail: `zone ${missing} (target ${t.code})` };
  }
  return null;
}

function duplicateCode(targets: readonly TargetDefinition[]): string | null {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.code)) return t.code;
    seen.add(t.code);
  }
  return null;
}

/** Runs a write as one logged edit (unitOfWork.ts). */
function write<T>(ctx: AdminContext, body: (trx: Trx, log: ChangeLogger) => Promise<AdminOutcome<T>>): Promise<AdminOutcome<T>> {
  return runLoggedWrite(ctx, 'plan', body);
}

async function insertTargets(trx: Trx, planId: string, targets: readonly TargetDefinition[], log: (c: Parameters<typeof recordChange>[1]) => Promise<void>) {
  const now = nowIso();
  const last = await trx.selectFrom('targets').select((eb) => eb.fn.max('position').as('p')).where('planId', '=', planId).executeTakeFirst();
  let position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
  for (const t of targets) {
    await trx
      .insertInto('targets')
      .values({ planId, code: t.code, position: position++, definition: JSON.stringify(t), retired: 0, version: 1, createdAt: now, updatedAt: now })
      .execute();
    const row = (await readTargetRow(trx, planId, t.code))!;
    await log({ collection: 'targets', featureId: `${planId}/${t.code}`, action: 'create', version: 1, before: null, after: targetFeature(row) });
  }
}

export async function createPlan(ctx: AdminContext, input: z.output<typeof newPlanSchema>): Promise<AdminOutcome<unknown>> {
  const dup = duplicateCode(input.targets);
  if (dup) return { ok: false, status: 409, code: 'DUPLICATE_TARGET', detail: `target ${dup}` };
  return write(ctx, async (trx, log) => {
    const invalid = checkPeriod(input) ?? (await checkTargets(trx, input.targets));
    if (invalid) return invalid;
    if (await readPlanRow(trx, input.id)) return { ok: false, status: 409, code: 'PLAN_EXISTS', detail: `plan ${input.id}` };
    const now = nowIso();
    const { targets, ...plan } = input;
    await trx.insertInto('plans').values({ ...plan, version: 1, createdAt: now, updatedAt: now }).execute();
    const row = (await readPlanRow(trx, plan.id))!;
    await log({ collection: 'plans', featureId: plan.id, action: 'create', version: 1, before: null, after: planFeature(row) });
    await insertTargets(trx, plan.id, targets, log);
    return { ok: true, status: 201, body: { ...plan, version: 1, targets: await listStoredTargets(trx, plan.id, false) }, etag: planEtag(plan.id, 1) };
  });
}

export async function patchPlan(
  ctx: AdminContext,
  planId: string,
  expectedVersion: number | null,
  patch: z.output<typeof planPatchSchema>,
): Promise<AdminOutcome<unknown>> {
  return write(ctx, async (trx, log) => {
    const row = await readPlanRow(trx, planId);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `plan ${planId}` };
    if (expectedVersion !== null && row.version !== expectedVersion) {
      return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    }
    const next = { ...row, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Selectable<PlansTable>;
    const invalid = checkPeriod(next);
    if (invalid) return invalid;
    const version = row.version + 1;
    await trx
      .updateTable('plans')
      .set({ nameZh: next.nameZh, nameEn: next.nameEn, periodStart: next.periodStart, periodEnd: next.periodEnd, sourceDocument: next.sourceDocument, version, updatedAt: nowIso() })
      .where('id', '=', planId)
      .execute();
    const after = (await readPlanRow(trx, planId))!;
    await log({ collection: 'plans', featureId: planId, action: 'update', version, before: planFeature(row), after: planFeature(after) });
    return { ok: true, status: 200, body: planFeature(after).properties, etag: planEtag(planId, version) };
  });
}

/** A new plan with the source's active targets, windows shifted (domain/planCopy.ts). The source is not touched. */
export async function copyPlan(ctx: AdminContext, sourceId: string, input: z.output<typeof planCopySchema>): Promise<AdminOutcome<unknown>> {
  const source = await readPlanRow(ctx.db, sourceId);
  if (!source) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `plan ${sourceId}` };
  const targets = (await listStoredTargets(ctx.db, sourceId, false)).map(({ planId: _p, position: _o, retired: _r, version: _v, ...definition }) =>
    shiftTargetWindow(definition, source, input),
  );
  const plan: Plan = {
    id: input.id,
    nameZh: input.name,
    nameEn: input.nameEn ?? input.name,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    sourceDocument: input.sourceDocument ?? null,
  };
  return createPlan(ctx, { ...plan, targets });
}

export async function createTarget(ctx: AdminContext, planId: string, target: TargetDefinition): Promise<AdminOutcome<StoredTarget>> {
  return write(ctx, async (trx, log) => {
    if (!(await readPlanRow(trx, planId))) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `plan ${planId}` };
    const invalid = await checkTargets(trx, [target]);
    if (invalid) return invalid;
    const existing = await readTargetRow(trx, planId, target.code);
    if (existing && existing.retired === 0) return { ok: false, status: 409, code: 'DUPLICATE_TARGET', detail: `target ${target.code}` };
    if (existing) {
      // A retired code is reinstated with the new definition: one row per code keeps its whole history.
      const version = existing.version + 1;
      await trx
        .updateTable('targets')
        .set({ definition: JSON.stringify(target), retired: 0, version, updatedAt: nowIso() })
        .where('id', '=', existing.id)
        .execute();
      const row = (await readTargetRow(trx, planId, target.code))!;
      await log({ collection: 'targets', featureId: `${planId}/${target.code}`, action: 'restore', version, before: targetFeature(existing), after: targetFeature(row) });
      return { ok: true, status: 201, body: storedTarget(row), etag: targetEtag(planId, target.code, version) };
    }
    await insertTargets(trx, planId, [target], log);
    const row = (await readTargetRow(trx, planId, target.code))!;
    return { ok: true, status: 201, body: storedTarget(row), etag: targetEtag(planId, target.code, 1) };
  });
}

export async function replaceTarget(
  ctx: AdminContext,
  planId: string,
  code: string,
  expectedVersion: number,
  target: TargetDefinition,
): Promise<AdminOutcome<StoredTarget>> {
  return write(ctx, async (trx, log) => {
    const existing = await readTargetRow(trx, planId, code);
    if (!existing || existing.retired === 1) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `target ${planId}/${code}` };
    if (existing.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${existing.version}` };
    const invalid = await checkTargets(trx, [target]);
    if (invalid) return invalid;
    const version = existing.version + 1;
    const updated = await trx
      .updateTable('targets')
      .set({ definition: JSON.stringify(target), version, updatedAt: nowIso() })
      .where('id', '=', existing.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, status: 412, code: 'PRECONDITION_FAILED' };
    const row = (await readTargetRow(trx, planId, code))!;
    await log({ collection: 'targets', featureId: `${planId}/${code}`, action: 'update', version, before: targetFeature(existing), after: targetFeature(row) });
    return { ok: true, status: 200, body: storedTarget(row), etag: targetEtag(planId, code, version) };
  });
}

/** Retires a target: kept (retired = 1) so history and old reports still resolve it; no longer tallied. */
export async function retireTarget(ctx: AdminContext, planId: string, code: string, expectedVersion: number): Promise<AdminOutcome<null>> {
  return write(ctx, async (trx, log) => {
    const existing = await readTargetRow(trx, planId, code);
    if (!existing || existing.retired === 1) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `target ${planId}/${code}` };
    if (existing.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${existing.version}` };
    const version = existing.version + 1;
    await trx.updateTable('targets').set({ retired: 1, version, updatedAt: nowIso() }).where('id', '=', existing.id).execute();
    // Logged as a delete (after = null) like any other; the row itself stays, retired.
    await log({ collection: 'targets', featureId: `${planId}/${code}`, action: 'delete', version, before: targetFeature(existing), after: null });
    return { ok: true, status: 204, body: null, etag: targetEtag(planId, code, version) };
  });
}

/** "planId/code" of a target's change → its parts (a plan id has no '/'). */
function targetKey(featureId: string): { planId: string; code: string } {
  const at = featureId.indexOf('/');
  return { planId: featureId.slice(0, at), code: featureId.slice(at + 1) };
}

/**
 * An undo's step for a plan or a target: puts the record back as it was
 * before the undone change (`before`), or removes it when that change created
 * it (`before` null), as a new version, through the same checks a write makes
 * (period in order, windows in order, every scoped zone present).
 * `version` is the undone change's (a re-created record continues from it).
 */
export async function restorePlanRecord(
  trx: Trx,
  change: { collection: string; featureId: string; version: number; before: Feature | null },
  log: ChangeLogger,
): Promise<Failure | null> {
  const now = nowIso();
  const props = (change.before?.properties ?? null) as Record<string, unknown> | null;
  if (change.collection === 'plans') {
    const row = await readPlanRow(trx, change.featureId);
    if (!props) {
      if (!row) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `plan ${change.featureId}` };
      // Targets added to the plan by later edits would be orphaned: those edits come first.
      const left = await trx.selectFrom('targets').select('code').where('planId', '=', change.featureId).execute();
      if (left.length > 0) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `plan ${change.featureId}: targets ${left.map((t) => t.code).join(', ')}` };
      await trx.deleteFrom('plans').where('id', '=', change.featureId).execute();
      await log({ collection: 'plans', featureId: change.featureId, action: 'delete', version: row.version, before: planFeature(row), after: null });
      return null;
    }
    const parsed = planSchema.safeParse(props);
    if (!parsed.success) return { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(parsed.error) };
    const invalid = checkPeriod(parsed.data);
    if (invalid) return invalid;
    const { id: _id, ...fields } = parsed.data;
    const version = (row?.version ?? change.version) + 1;
    if (row) await trx.updateTable('plans').set({ ...fields, version, updatedAt: now }).where('id', '=', change.featureId).execute();
    else await trx.insertInto('plans').values({ ...fields, id: change.featureId, version, createdAt: now, updatedAt: now }).execute();
    await log({ collection: 'plans', featureId: change.featureId, action: 'restore', version, before: row ? planFeature(row) : null, after: planFeature((await readPlanRow(trx, change.featureId))!) });
    return null;
  }
  const { planId, code } = targetKey(change.featureId);
  const row = await readTargetRow(trx, planId, code);
  if (!props) {
    // The undone change created the target: the row goes; its history stays in the log.
    if (!row) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `target ${change.featureId}` };
    await trx.deleteFrom('targets').where('id', '=', row.id).execute();
    await log({ collection: 'targets', featureId: change.featureId, action: 'delete', version: row.version, before: targetFeature(row), after: null });
    return null;
  }
  const { planId: _p, position, retired, version: _v, updatedAt: _u, ...rest } = props;
  const definition = targetDefinitionSchema.safeParse(rest);
  if (!definition.success) return { ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(definition.error) };
  if (!(await readPlanRow(trx, planId))) return { ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail: `plan ${planId}` };
  const invalid = await checkTargets(trx, retired === true ? [] : [definition.data]);
  if (invalid) return invalid;
  const version = (row?.version ?? change.version) + 1;
  const columns = { definition: JSON.stringify(definition.data), retired: retired === true ? 1 : 0, position: typeof position === 'number' ? position : 0, version, updatedAt: now };
  if (row) await trx.updateTable('targets').set(columns).where('id', '=', row.id).execute();
  else await trx.insertInto('targets').values({ ...columns, planId, code, createdAt: now }).execute();
  const after = (await readTargetRow(trx, planId, code))!;
  // Back to retired reads as a retirement does (a delete; the row stays).
  const back = retired === true ? { action: 'delete' as const, after: null } : { action: 'restore' as const, after: targetFeature(after) };
  await log({ collection: 'targets', featureId: change.featureId, version, before: row ? targetFeature(row) : null, ...back });
  return null;
}
