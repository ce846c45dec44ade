/**
 * Enterprise writes (editors): create, patch, the parcels it occupies, and
 * one year's statistics replaced or added. Each runs in one transaction that checks the credit code
 * (GB 32100 check character), that no other enterprise has the name or code,
 * compares the version the client saw (If-Match), and records the change as
 * part of one edit — collection 'enterprises' (featureId = id) or
 * 'enterprise_statistics' (featureId = "id/year"), as a geometry-less
 * Feature like plans and targets, so the change log keeps one shape.
 */
import type { Feature } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { checkCreditCode, type Enterprise, type Statistics } from '../../domain/enterprise';
import type { ReasonCode } from '../../domain/reasons';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import {
  enterpriseEtag,
  linkedParcelIds,
  readEnterpriseRow,
  readStatisticsRow,
  statisticsEtag,
  storedEnterprise,
  storedStatistics,
  type StoredEnterprise,
  type StoredStatistics,
} from './enterprises.store';
import { editIdOf, openEdit, recordChange, type ChangeBus } from './history';
import { nowIso } from './spatial';

type Trx = Transaction<Database>;

export interface EnterpriseContext {
  db: Kysely<Database>;
  user: AuthUser;
  bus: ChangeBus;
}

export type WriteOutcome<T> =
  | { ok: true; status: 200 | 201; body: T; etag: string; /** The edit to name in POST /api/edits/{id}/undo. */ editId?: number }
  | { ok: false; status: 404 | 409 | 412 | 422 | 428; code: ReasonCode; detail?: string };
export type Failure = Extract<WriteOutcome<unknown>, { ok: false }>;

type Change = Parameters<typeof recordChange>[1];

/** A record without geometry as a Feature (RFC 7946 §3.2 allows a null geometry). */
export function attributeFeature(id: string, properties: object): Feature {
  return { type: 'Feature', id, geometry: null, properties } as unknown as Feature;
}

/** Carries a refused outcome out of the transaction, rolling it back. */
class RefusedWrite extends Error {
  constructor(readonly outcome: Failure) {
    super('refused');
  }
}

/** PostgreSQL 23505, or SQLite's SQLITE_CONSTRAINT_UNIQUE. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const TAKEN_MEANWHILE: Failure = { ok: false, status: 409, code: 'ENTERPRISE_EXISTS', detail: 'name or credit code taken meanwhile' };
const YEAR_ADDED_MEANWHILE: Failure = { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: "the year's figures were added meanwhile" };

/** Runs a write as one edit in one transaction; announces its changes after commit. */
export async function write<T>(
  ctx: EnterpriseContext,
  kind: string,
  raced: Failure,
  body: (trx: Trx, log: (c: Change) => Promise<void>) => Promise<WriteOutcome<T>>,
): Promise<WriteOutcome<T>> {
  const announced: { id: number; collection: string; featureId: string; action: string; version: number }[] = [];
  let outcome: WriteOutcome<T>;
  try {
    outcome = await ctx.db.transaction().execute(async (trx) => {
      await openEdit(trx, ctx.user, kind);
      const result = await body(trx, async (change) => {
        const id = await recordChange(trx, change, ctx.user);
        announced.push({ id, collection: change.collection, featureId: String(change.featureId), action: change.action, version: change.version });
      });
      // A refusal must leave nothing behind, not even the opened edit.
      if (!result.ok) throw new RefusedWrite(result);
      const editId = editIdOf(trx);
      return editId === null ? result : { ...result, editId };
    });
  } catch (err) {
    if (err instanceof RefusedWrite) return err.outcome;
    // Two creates racing past duplicateOf() on PostgreSQL: the unique index decides, and the loser hears why.
    if (isUniqueViolation(err)) return raced;
    throw err;
  }
  for (const a of announced) ctx.bus.publish(a);
  return outcome;
}

/** The normalised credit code (upper case), or the refusal naming the expected check character. */
function normaliseCreditCode(code: string | null): { code: string | null } | Failure {
  if (code === null || code === '') return { code: null };
  const checked = checkCreditCode(code);
  if (checked.valid) return { code: checked.code };
  const detail = checked.expectedCheck ? `${code.trim().toUpperCase()}: check character should be ${checked.expectedCheck}` : code;
  return { ok: false, status: 422, code: checked.reason, detail };
}

/** Another enterprise with this name or code, as a 409. */
async function duplicateOf(trx: Trx, name: string, creditCode: string | null, selfId: number | null): Promise<Failure | null> {
  let query = trx.selectFrom('enterprises').select(['id', 'name', 'creditCode']);
  query = creditCode === null ? query.where('name', '=', name) : query.where((eb) => eb.or([eb('name', '=', name), eb('creditCode', '=', creditCode)]));
  const other = (await query.execute()).find((r) => r.id !== selfId);
  if (!other) return null;
  const what = other.name === name ? `name ${name}` : `credit code ${creditCode}`;
  return { ok: false, status: 409, code: 'ENTERPRISE_EXISTS', detail: `${what} (enterprise ${other.id})` };
}

/** The enterprise as history keeps it: its fields and the parcels linked to it. */
const enterpriseFeature = (e: StoredEnterprise, parcelIds: readonly number[]) => attributeFeature(String(e.id), { ...e, parcelIds });

export async function createEnterprise(ctx: EnterpriseContext, input: Enterprise): Promise<WriteOutcome<StoredEnterprise>> {
  const credit = normaliseCreditCode(input.creditCode);
  if ('ok' in credit) return credit;
  return write(ctx, 'enterprise', TAKEN_MEANWHILE, async (trx, log) => {
    const dup = await duplicateOf(trx, input.name, credit.code, null);
    if (dup) return dup;
    const inserted = await trx
      .insertInto('enterprises')
      .values({ ...input, creditCode: credit.code, tags: JSON.stringify(input.tags), version: 1, updatedAt: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored = storedEnterprise((await readEnterpriseRow(trx, inserted.id))!);
    await log({ collection: 'enterprises', featureId: stored.id, action: 'create', version: 1, before: null, after: enterpriseFeature(stored, []) });
    return { ok: true, status: 201, body: stored, etag: enterpriseEtag(stored.id, 1) };
  });
}

export async function patchEnterprise(
  ctx: EnterpriseContext,
  id: number,
  expectedVersion: number,
  patch: Partial<Enterprise>,
): Promise<WriteOutcome<StoredEnterprise>> {
  return write(ctx, 'enterprise', TAKEN_MEANWHILE, async (trx, log) => {
    const row = await readEnterpriseRow(trx, id);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `enterprise ${id}` };
    if (row.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    const before = storedEnterprise(row);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Enterprise>;
    const next = { ...before, ...defined };
    const credit = normaliseCreditCode(next.creditCode);
    if ('ok' in credit) return credit;
    const dup = await duplicateOf(trx, next.name, credit.code, id);
    if (dup) return dup;
    const version = row.version + 1;
    const updated = await trx
      .updateTable('enterprises')
      .set({
        name: next.name,
        creditCode: credit.code,
        industryChain: next.industryChain,
        scale: next.scale,
        tags: JSON.stringify(next.tags),
        notes: next.notes,
        rentedFloorSquareMeters: next.rentedFloorSquareMeters,
        aboveScaleSinceYear: next.aboveScaleSinceYear,
        version,
        updatedAt: nowIso(),
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, status: 412, code: 'PRECONDITION_FAILED' };
    const after = storedEnterprise((await readEnterpriseRow(trx, id))!);
    const parcelIds = await linkedParcelIds(trx, id);
    await log({ collection: 'enterprises', featureId: id, action: 'update', version, before: enterpriseFeature(before, parcelIds), after: enterpriseFeature(after, parcelIds) });
    return { ok: true, status: 200, body: after, etag: enterpriseEtag(id, version) };
  });
}

export type LinkedEnterprise = StoredEnterprise & { parcelIds: number[] };

/**
 * Replaces the parcels an enterprise occupies (If-Match of the enterprise,
 * whose version moves on: its land changed). Every id must be a parcel that
 * exists now; one linked to another enterprise is refused (409), not moved,
 * so land never changes hands as a side effect of a typing slip.
 */
export async function setEnterpriseParcels(
  ctx: EnterpriseContext,
  id: number,
  expectedVersion: number,
  parcelIds: readonly number[],
): Promise<WriteOutcome<LinkedEnterprise>> {
  return write(ctx, 'enterprise-parcels', { ok: false, status: 409, code: 'PARCEL_OCCUPIED', detail: 'linked meanwhile' }, async (trx, log) => {
    const row = await readEnterpriseRow(trx, id);
    if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `enterprise ${id}` };
    if (row.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${row.version}` };
    const before = await linkedParcelIds(trx, id);
    const wanted = [...parcelIds].sort((a, b) => a - b);
    if (wanted.length > 0) {
      const existing = new Set((await trx.selectFrom('parcels').select('id').where('id', 'in', wanted).execute()).map((r) => r.id));
      const missing = wanted.filter((p) => !existing.has(p));
      if (missing.length > 0) return { ok: false, status: 422, code: 'UNKNOWN_PARCEL', detail: `parcels ${missing.join(', ')}` };
      const taken = await trx
        .selectFrom('enterpriseParcels as ep')
        .innerJoin('enterprises as e', 'e.id', 'ep.enterpriseId')
        .select(['ep.parcelId', 'e.id', 'e.name'])
        .where('ep.parcelId', 'in', wanted)
        .where('ep.enterpriseId', '<>', id)
        .orderBy('ep.parcelId')
        .execute();
      if (taken.length > 0) {
        return { ok: false, status: 409, code: 'PARCEL_OCCUPIED', detail: taken.map((t) => `parcel ${t.parcelId}: ${t.name} (enterprise ${t.id})`).join('; ') };
      }
    }
    // Links to parcels deleted meanwhile (kept for undo) are dropped only when the planner's list leaves them out.
    await trx.deleteFrom('enterpriseParcels').where('enterpriseId', '=', id).execute();
    if (wanted.length > 0) await trx.insertInto('enterpriseParcels').values(wanted.map((parcelId) => ({ parcelId, enterpriseId: id }))).execute();
    const version = row.version + 1;
    await trx.updateTable('enterprises').set({ version, updatedAt: nowIso() }).where('id', '=', id).execute();
    const stored = storedEnterprise((await readEnterpriseRow(trx, id))!);
    await log({
      collection: 'enterprises',
      featureId: id,
      action: 'update',
      version,
      before: enterpriseFeature(storedEnterprise(row), before),
      after: enterpriseFeature(stored, wanted),
    });
    return { ok: true, status: 200, body: { ...stored, parcelIds: wanted }, etag: enterpriseEtag(id, version) };
  });
}

/**
 * Adds or replaces one year's figures. Replacing needs the year's ETag
 * (If-Match; 428 without), so two people entering the same year cannot
 * overwrite each other unseen; adding a new year needs none.
 */
export async function putStatistics(
  ctx: EnterpriseContext,
  enterpriseId: number,
  year: number,
  expectedVersion: number | null,
  figures: Statistics,
): Promise<WriteOutcome<StoredStatistics>> {
  return write(ctx, 'enterprise-statistics', YEAR_ADDED_MEANWHILE, async (trx, log) => {
    if (!(await readEnterpriseRow(trx, enterpriseId))) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `enterprise ${enterpriseId}` };
    const existing = await readStatisticsRow(trx, enterpriseId, year);
    const featureId = `${enterpriseId}/${year}`;
    const now = nowIso();
    if (!existing) {
      if (expectedVersion !== null) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `no figures for ${year} yet` };
      await trx.insertInto('enterpriseStatistics').values({ enterpriseId, year, ...figures, version: 1, updatedAt: now }).execute();
      const stored = storedStatistics((await readStatisticsRow(trx, enterpriseId, year))!);
      await log({ collection: 'enterprise_statistics', featureId, action: 'create', version: 1, before: null, after: attributeFeature(featureId, stored) });
      return { ok: true, status: 201, body: stored, etag: stored.etag };
    }
    if (expectedVersion === null) return { ok: false, status: 428, code: 'PRECONDITION_REQUIRED', detail: `figures for ${year} exist` };
    if (existing.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${existing.version}` };
    const version = existing.version + 1;
    const updated = await trx
      .updateTable('enterpriseStatistics')
      .set({ ...figures, version, updatedAt: now })
      .where('enterpriseId', '=', enterpriseId)
      .where('year', '=', year)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, status: 412, code: 'PRECONDITION_FAILED' };
    const stored = storedStatistics((await readStatisticsRow(trx, enterpriseId, year))!);
    await log({
      collection: 'enterprise_statistics',
      featureId,
      action: 'update',
      version,
      before: attributeFeature(featureId, storedStatistics(existing)),
      after: attributeFeature(featureId, stored),
    });
    return { ok: true, status: 200, body: stored, etag: statisticsEtag(enterpriseId, year, version) };
  });
}
