/**
 * Undo for the enterprise register (issue 12: "writes follow the same rules
 * as parcels … history, undo"): one change of an enterprise (its fields and
 * the parcels it occupies), of one year's statistics ("id/year"), or of a
 * project (fields, milestones, parcels) put back to the content it had
 * before, as a new version, inside the undo's transaction (server/store/edits.ts).
 *
 * Like a parcel's undo, it writes the stored earlier content again (never a
 * recomputation), checked against today's register: a name or credit code
 * another enterprise took meanwhile (409), a parcel another enterprise or
 * project holds now, or records added later that hang on a created record
 * (statistics, projects) refuse the undo (412 EDIT_SUPERSEDED), so an undo
 * never moves land between enterprises or orphans a figure silently.
 */
import type { Feature } from 'geojson';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { enterpriseSchema, statisticsSchema } from '../../domain/enterprise';
import { projectSchema } from '../../domain/project';
import type { Database } from '../db/schema';
import { linkedParcelIds, readEnterpriseRow, readStatisticsRow, storedEnterprise, storedStatistics } from './enterprises.store';
import { attributeFeature, type Failure } from './enterprises.write';
import { readProject } from './projects';
import { nowIso } from './spatial';
import type { ChangeLogger } from './unitOfWork';

type Trx = Transaction<Database>;

/** Collections this file restores. */
export const REGISTER_COLLECTIONS = new Set(['enterprises', 'enterprise_statistics', 'projects']);

const superseded = (detail: string): Failure => ({ ok: false, status: 412, code: 'EDIT_SUPERSEDED', detail });

const invalid = (error: z.ZodError): Failure => ({ ok: false, status: 422, code: 'INVALID_PROPERTIES', detail: z.prettifyError(error) });

/** Parcels held by another owner now (enterprise_parcels or project_parcels), as a refusal. */
async function heldElsewhere(trx: Trx, table: 'enterpriseParcels' | 'projectParcels', parcelIds: readonly number[], selfId: number, what: string): Promise<Failure | null> {
  if (parcelIds.length === 0) return null;
  const rows =
    table === 'enterpriseParcels'
      ? await trx.selectFrom('enterpriseParcels').select(['parcelId', 'enterpriseId as owner']).where('parcelId', 'in', [...parcelIds]).execute()
      : await trx.selectFrom('projectParcels').select(['parcelId', 'projectId as owner']).where('parcelId', 'in', [...parcelIds]).execute();
  const taken = rows.filter((r) => r.owner !== selfId);
  return taken.length ? superseded(taken.map((t) => `parcel ${t.parcelId}: now ${what} ${t.owner}`).join('; ')) : null;
}

const enterpriseFeature = async (trx: Trx, id: number) => {
  const row = await readEnterpriseRow(trx, id);
  return row ? attributeFeature(String(id), { ...storedEnterprise(row), parcelIds: await linkedParcelIds(trx, id) }) : null;
};

async function restoreEnterprise(trx: Trx, id: number, version: number, before: Record<string, unknown> | null, log: ChangeLogger): Promise<Failure | null> {
  const current = await enterpriseFeature(trx, id);
  if (!before) {
    // The undone change created the enterprise: it goes, unless later records hang on it.
    if (!current) return superseded(`enterprise ${id}`);
    const years = await trx.selectFrom('enterpriseStatistics').select('year').where('enterpriseId', '=', id).orderBy('year').execute();
    const projects = await trx.selectFrom('projects').select('id').where('enterpriseId', '=', id).orderBy('id').execute();
    if (years.length || projects.length) {
      return superseded(`enterprise ${id}: ${[...years.map((y) => `statistics ${y.year}`), ...projects.map((p) => `project ${p.id}`)].join(', ')}`);
    }
    await trx.deleteFrom('enterpriseParcels').where('enterpriseId', '=', id).execute();
    await trx.deleteFrom('enterprises').where('id', '=', id).execute();
    await log({ collection: 'enterprises', featureId: id, action: 'delete', version, before: current, after: null });
    return null;
  }
  const parsed = enterpriseSchema.safeParse(before);
  if (!parsed.success) return invalid(parsed.error);
  const parcelIds = z.array(z.number().int()).catch([]).parse(before.parcelIds);
  const e = parsed.data;
  const clash = await trx
    .selectFrom('enterprises')
    .select(['id', 'name', 'creditCode'])
    .where((eb) => eb.or([eb('name', '=', e.name), ...(e.creditCode ? [eb('creditCode', '=', e.creditCode)] : [])]))
    .where('id', '<>', id)
    .executeTakeFirst();
  if (clash) return { ok: false, status: 409, code: 'ENTERPRISE_EXISTS', detail: `${clash.name === e.name ? `name ${e.name}` : `credit code ${e.creditCode}`} (enterprise ${clash.id})` };
  const held = await heldElsewhere(trx, 'enterpriseParcels', parcelIds, id, 'enterprise');
  if (held) return held;
  const row = await readEnterpriseRow(trx, id);
  const next = (row?.version ?? version) + 1;
  const columns = {
    name: e.name,
    creditCode: e.creditCode,
    industryChain: e.industryChain,
    scale: e.scale,
    tags: JSON.stringify(e.tags),
    notes: e.notes,
    rentedFloorSquareMeters: e.rentedFloorSquareMeters,
    aboveScaleSinceYear: e.aboveScaleSinceYear,
    version: next,
    updatedAt: nowIso(),
  };
  if (row) await trx.updateTable('enterprises').set(columns).where('id', '=', id).execute();
  else await trx.insertInto('enterprises').values({ ...columns, id }).execute();
  await trx.deleteFrom('enterpriseParcels').where('enterpriseId', '=', id).execute();
  if (parcelIds.length) await trx.insertInto('enterpriseParcels').values(parcelIds.map((parcelId) => ({ parcelId, enterpriseId: id }))).execute();
  await log({ collection: 'enterprises', featureId: id, action: 'restore', version: next, before: current, after: await enterpriseFeature(trx, id) });
  return null;
}

async function restoreStatistics(trx: Trx, featureId: string, version: number, before: Record<string, unknown> | null, log: ChangeLogger): Promise<Failure | null> {
  const [enterpriseId, year] = featureId.split('/').map(Number) as [number, number];
  const row = await readStatisticsRow(trx, enterpriseId, year);
  const current = row ? attributeFeature(featureId, storedStatistics(row)) : null;
  if (!before) {
    if (!row) return superseded(`statistics ${featureId}`);
    await trx.deleteFrom('enterpriseStatistics').where('enterpriseId', '=', enterpriseId).where('year', '=', year).execute();
    await log({ collection: 'enterprise_statistics', featureId, action: 'delete', version, before: current, after: null });
    return null;
  }
  const parsed = statisticsSchema.safeParse(before);
  if (!parsed.success) return invalid(parsed.error);
  if (!(await readEnterpriseRow(trx, enterpriseId))) return superseded(`enterprise ${enterpriseId}`);
  const next = (row?.version ?? version) + 1;
  const columns = { ...parsed.data, version: next, updatedAt: nowIso() };
  if (row) await trx.updateTable('enterpriseStatistics').set(columns).where('enterpriseId', '=', enterpriseId).where('year', '=', year).execute();
  else await trx.insertInto('enterpriseStatistics').values({ ...columns, enterpriseId, year }).execute();
  const after = storedStatistics((await readStatisticsRow(trx, enterpriseId, year))!);
  await log({ collection: 'enterprise_statistics', featureId, action: 'restore', version: next, before: current, after: attributeFeature(featureId, after) });
  return null;
}

async function restoreProject(trx: Trx, id: number, version: number, before: Record<string, unknown> | null, log: ChangeLogger): Promise<Failure | null> {
  const existing = await readProject(trx, id);
  const current = existing ? attributeFeature(String(id), existing) : null;
  if (!before) {
    if (!existing) return superseded(`project ${id}`);
    await trx.deleteFrom('projectParcels').where('projectId', '=', id).execute();
    await trx.deleteFrom('projects').where('id', '=', id).execute();
    await log({ collection: 'projects', featureId: id, action: 'delete', version, before: current, after: null });
    return null;
  }
  const parsed = projectSchema.safeParse(before);
  if (!parsed.success) return invalid(parsed.error);
  const { parcelIds, milestones, fundsInPlaceYi, ...fields } = parsed.data;
  if (fields.enterpriseId !== null && !(await readEnterpriseRow(trx, fields.enterpriseId))) return superseded(`project ${id}: enterprise ${fields.enterpriseId}`);
  const held = await heldElsewhere(trx, 'projectParcels', parcelIds, id, 'project');
  if (held) return held;
  const next = (existing?.version ?? version) + 1;
  const columns = { ...fields, milestones: JSON.stringify(milestones), fundsInPlaceYi: JSON.stringify(fundsInPlaceYi), version: next, updatedAt: nowIso() };
  if (existing) await trx.updateTable('projects').set(columns).where('id', '=', id).execute();
  else await trx.insertInto('projects').values({ ...columns, id }).execute();
  await trx.deleteFrom('projectParcels').where('projectId', '=', id).execute();
  if (parcelIds.length) await trx.insertInto('projectParcels').values([...parcelIds].sort((a, b) => a - b).map((parcelId) => ({ parcelId, projectId: id }))).execute();
  await log({ collection: 'projects', featureId: id, action: 'restore', version: next, before: current, after: attributeFeature(String(id), (await readProject(trx, id))!) });
  return null;
}

/** Puts one register record back as it was before `change` (null before: the change created it, so it goes). */
export async function restoreRegisterRecord(
  trx: Trx,
  change: { collection: string; featureId: string; version: number; before: Feature | null },
  log: ChangeLogger,
): Promise<Failure | null> {
  const before = (change.before?.properties ?? null) as Record<string, unknown> | null;
  if (change.collection === 'enterprise_statistics') return restoreStatistics(trx, change.featureId, change.version, before, log);
  const id = Number(change.featureId);
  if (!Number.isSafeInteger(id)) return superseded(`${change.collection} ${change.featureId}`);
  return change.collection === 'projects' ? restoreProject(trx, id, change.version, before, log) : restoreEnterprise(trx, id, change.version, before, log);
}
