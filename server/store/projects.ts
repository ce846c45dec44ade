/**
 * Projects (项目库): reads with their parcels and overdue milestones, writes
 * (editors; create, patch under If-Match) as one edit with history in
 * collection 'projects', and the land status as of a date (idle,
 * reclaimable, supplied-not-used) read from the milestones
 * (domain/project.ts states the rule and its source).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { idleState, overdueMilestones, patchMilestones, projectSchema, statusFromMilestones, suppliedNotUsed, type IdleFinding, type Project, type ProjectPatch } from '../../domain/project';
import { squareMetersToMu } from '../../domain/units';
import type { Database, ProjectsTable } from '../db/schema';
import { attributeFeature, write, type EnterpriseContext, type Failure, type WriteOutcome } from './enterprises.write';

type Executor = Kysely<Database> | Transaction<Database>;

export const projectEtag = (id: number, version: number) => `"projects-${id}-v${version}"`;

export interface StoredProject extends Project {
  id: number;
  version: number;
  updatedAt: string;
}

function storedProject(row: Selectable<ProjectsTable>, parcelIds: number[]): StoredProject {
  return {
    id: row.id,
    name: row.name,
    enterpriseId: row.enterpriseId,
    signedInvestmentYi: row.signedInvestmentYi,
    plannedInvestmentYi: row.plannedInvestmentYi,
    // Parsed through the schema so a stored record always has every milestone.
    milestones: projectSchema.shape.milestones.parse(JSON.parse(row.milestones)),
    fundsInPlaceYi: projectSchema.shape.fundsInPlaceYi.parse(JSON.parse(row.fundsInPlaceYi)),
    parcelIds,
    notes: row.notes,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

async function parcelIdsByProject(db: Executor, ids?: number[]): Promise<Map<number, number[]>> {
  let q = db.selectFrom('projectParcels').select(['projectId', 'parcelId']).orderBy('parcelId');
  if (ids) q = q.where('projectId', 'in', ids.length ? ids : [-1]);
  const byProject = new Map<number, number[]>();
  for (const r of await q.execute()) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.parcelId]);
  return byProject;
}

export async function listProjects(db: Executor): Promise<StoredProject[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('id').execute();
  const parcels = await parcelIdsByProject(db);
  return rows.map((r) => storedProject(r, parcels.get(r.id) ?? []));
}

export async function readProject(db: Executor, id: number): Promise<StoredProject | null> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? storedProject(row, (await parcelIdsByProject(db, [id])).get(id) ?? []) : null;
}

/** The project with what a planner checks: overdue milestones and the idle state as of a date. */
export function projectStatus(p: StoredProject, asOf: string) {
  return { ...p, overdue: overdueMilestones(p.milestones, asOf), idle: idleState(p.milestones, asOf) };
}

/** Refusals for the parcel list: unknown parcels (422), parcels of another project (409). */
async function checkParcels(trx: Executor, parcelIds: readonly number[], selfId: number | null): Promise<Failure | null> {
  if (parcelIds.length === 0) return null;
  const existing = new Set((await trx.selectFrom('parcels').select('id').where('id', 'in', [...parcelIds]).execute()).map((r) => r.id));
  const missing = parcelIds.filter((p) => !existing.has(p));
  if (missing.length) return { ok: false, status: 422, code: 'UNKNOWN_PARCEL', detail: `parcels ${missing.join(', ')}` };
  let q = trx.selectFrom('projectParcels').select(['parcelId', 'projectId']).where('parcelId', 'in', [...parcelIds]);
  if (selfId !== null) q = q.where('projectId', '<>', selfId);
  const taken = await q.execute();
  if (taken.length) return { ok: false, status: 409, code: 'PARCEL_OCCUPIED', detail: taken.map((t) => `parcel ${t.parcelId}: project ${t.projectId}`).join('; ') };
  return null;
}

async function checkEnterprise(trx: Executor, enterpriseId: number | null): Promise<Failure | null> {
  if (enterpriseId === null) return null;
  const found = await trx.selectFrom('enterprises').select('id').where('id', '=', enterpriseId).executeTakeFirst();
  return found ? null : { ok: false, status: 422, code: 'UNKNOWN_ENTERPRISE', detail: `enterprise ${enterpriseId}` };
}

const RACED: Failure = { ok: false, status: 409, code: 'PARCEL_OCCUPIED', detail: 'a parcel was linked meanwhile' };
const feature = (p: StoredProject) => attributeFeature(String(p.id), p);

async function saveParcels(trx: Executor, projectId: number, parcelIds: readonly number[]) {
  await trx.deleteFrom('projectParcels').where('projectId', '=', projectId).execute();
  if (parcelIds.length) await trx.insertInto('projectParcels').values(parcelIds.map((parcelId) => ({ parcelId, projectId }))).execute();
}

export async function createProject(ctx: EnterpriseContext, input: Project): Promise<WriteOutcome<StoredProject>> {
  return write(ctx, 'project', RACED, async (trx, log) => {
    const refused = (await checkEnterprise(trx, input.enterpriseId)) ?? (await checkParcels(trx, input.parcelIds, null));
    if (refused) return refused;
    const { parcelIds, milestones, fundsInPlaceYi, ...fields } = input;
    const inserted = await trx
      .insertInto('projects')
      .values({ ...fields, milestones: JSON.stringify(milestones), fundsInPlaceYi: JSON.stringify(fundsInPlaceYi), version: 1, updatedAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sorted = [...parcelIds].sort((a, b) => a - b);
    await saveParcels(trx, inserted.id, sorted);
    const stored = (await readProject(trx, inserted.id))!;
    await log({ collection: 'projects', featureId: stored.id, action: 'create', version: 1, before: null, after: feature(stored) });
    return { ok: true, status: 201, body: stored, etag: projectEtag(stored.id, 1) };
  });
}

export async function patchProject(ctx: EnterpriseContext, id: number, expectedVersion: number, patch: ProjectPatch): Promise<WriteOutcome<StoredProject>> {
  return write(ctx, 'project', RACED, async (trx, log) => {
    const before = await readProject(trx, id);
    if (!before) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `project ${id}` };
    if (before.version !== expectedVersion) return { ok: false, status: 412, code: 'PRECONDITION_FAILED', detail: `current version ${before.version}` };
    const { milestones, ...rest } = patch;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Project>;
    const next: Project = { ...before, ...defined, milestones: patchMilestones(before.milestones, milestones) };
    const refused = (await checkEnterprise(trx, next.enterpriseId)) ?? (await checkParcels(trx, next.parcelIds, id));
    if (refused) return refused;
    const version = before.version + 1;
    const updated = await trx
      .updateTable('projects')
      .set({
        name: next.name,
        enterpriseId: next.enterpriseId,
        signedInvestmentYi: next.signedInvestmentYi,
        plannedInvestmentYi: next.plannedInvestmentYi,
        milestones: JSON.stringify(next.milestones),
        fundsInPlaceYi: JSON.stringify(next.fundsInPlaceYi),
        notes: next.notes,
        version,
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, status: 412, code: 'PRECONDITION_FAILED' };
    if (defined.parcelIds) await saveParcels(trx, id, [...defined.parcelIds].sort((a, b) => a - b));
    const after = (await readProject(trx, id))!;
    await log({ collection: 'projects', featureId: id, action: 'update', version, before: feature(before), after: feature(after) });
    return { ok: true, status: 200, body: after, etag: projectEtag(id, version) };
  });
}

export interface LandStatusEntry extends IdleFinding {
  projectId: number;
  name: string;
  enterpriseId: number | null;
  parcelIds: number[];
  /** Official area of the project's parcels, 亩. */
  areaMu: number;
}

/** Idle, reclaimable and supplied-not-used projects as of a date, with their land. */
export async function landStatus(db: Executor, asOf: string) {
  const projects = await listProjects(db);
  const projectParcels = await db.selectFrom('parcels').select(['id', 'name', 'status', 'areaSquareMeters']).where('id', 'in', (eb) => eb.selectFrom('projectParcels').select('parcelId')).execute();
  const areas = new Map(projectParcels.map((p) => [p.id, p.areaSquareMeters]));
  const parcelById = new Map(projectParcels.map((p) => [p.id, p]));
  const areaMu = (ids: number[]) => squareMetersToMu(ids.reduce((s, id) => s + (areas.get(id) ?? 0), 0));
  const idle: LandStatusEntry[] = [];
  const reclaimable: LandStatusEntry[] = [];
  const notUsed: { projectId: number; name: string; enterpriseId: number | null; parcelIds: number[]; areaMu: number; supplied: string }[] = [];
  for (const p of projects) {
    const base = { projectId: p.id, name: p.name, enterpriseId: p.enterpriseId, parcelIds: p.parcelIds, areaMu: areaMu(p.parcelIds) };
    const finding = idleState(p.milestones, asOf);
    if (finding) (finding.state === 'reclaimable' ? reclaimable : idle).push({ ...base, ...finding });
    if (suppliedNotUsed(p.milestones, asOf)) notUsed.push({ ...base, supplied: p.milestones.supplied.actual! });
  }
  // One source of truth, or the difference listed: a parcel whose status is not what its project's milestones say.
  const statusMismatches: { projectId: number; parcelId: number; parcelName: string; status: string; expected: string }[] = [];
  for (const p of projects) {
    const expected = statusFromMilestones(p.milestones, asOf);
    if (expected === null) continue;
    for (const id of p.parcelIds) {
      const parcel = parcelById.get(id);
      if (parcel && parcel.status !== expected) statusMismatches.push({ projectId: p.id, parcelId: id, parcelName: parcel.name, status: parcel.status, expected });
    }
  }
  const byOverdue = (a: LandStatusEntry, b: LandStatusEntry) => b.daysPastAgreedStart - a.daysPastAgreedStart || a.projectId - b.projectId;
  return { idle: idle.sort(byOverdue), reclaimable: reclaimable.sort(byOverdue), suppliedNotUsed: notUsed, statusMismatches };
}
