/**
 * Committing an import preview in ONE transaction, as one edit (undoable as
 * a whole): a new feature becomes a parcel; a feature the preview matched to
 * a stored parcel updates it at the version the preview saw (412 if it moved
 * on), keeping the stored value of every field the file lacks, or is left
 * alone when nothing changed. Each is re-checked by the parcel save rules
 * against the ledger as it is now, through the same steps as every parcel
 * write (parcels.write.ts). Any failure rolls the whole batch back.
 * A dry run does all of it, reads how every target's figures would move, and
 * rolls back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { commitBodySchema, type ImportDryRun } from '../../domain/api/imports.schema';
import { mapProperties, type FieldDefaults, type FieldMapping } from '../../domain/io/fieldMapping';
import type { ReasonCode } from '../../domain/reasons';
import type { AuthUser } from '../auth/users.store';
import { lockParcelWrites } from '../db/dialect';
import type { PrecomputedChecks } from '../pool/parcelChecks';
import type { Database } from '../db/schema';
import { beginBatch } from './batchWrite';
import { openEdit, type ChangeBus } from './history';
import { compareWithStored } from '../../domain/io/importMatch';
import { readPlanFigures, tallyBody } from './planFigures';
import { rememberMapping, suggestedMapping } from './imports.mappings';
import type { PreviewFeature } from './imports.preview';
import { editableProperties, insertParcelRow, readAtVersion, toFeature, updateParcelRow, type Finding, type WriteOutcome, type WrittenRow } from './parcels.write';
import { nowIso } from './spatial';

export { commitBodySchema };
export type CommitBody = z.output<typeof commitBodySchema>;

export type CommitOutcome =
  | { ok: true; ids: number[]; updatedIds: number[]; unchangedIds: number[]; editId: number; dryRun?: DryRunResult }
  | {
      ok: false;
      status: 404 | 409 | 412 | 422;
      code: ReasonCode;
      detail?: string;
      featureIndex?: number;
      errors?: Finding[];
      warnings?: Finding[];
    };

/** Thrown inside the transaction to roll the whole batch back. */
class FeatureRefused extends Error {
  constructor(readonly outcome: CommitOutcome & { ok: false }) {
    super(outcome.code);
  }
}

export async function commitImport(
  db: Kysely<Database>,
  bus: ChangeBus,
  user: AuthUser,
  importId: string,
  body: CommitBody,
  options: { dryRun?: boolean; precomputed?: PrecomputedChecks } = {},
): Promise<CommitOutcome> {
  const row = await db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
  // Another user's preview is as good as absent: ids are unguessable and previews personal.
  if (!row || row.username !== user.username || row.expiresAt < nowIso()) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `import ${importId}` };
  if (row.status === 'committed') return { ok: false, status: 409, code: 'INVALID_REQUEST', detail: 'this import was already committed' };
  const features = JSON.parse(row.features) as PreviewFeature[];
  const accepted = body.acceptedIndices ?? features.filter((f) => f.validation.valid).map((f) => f.index);
  const unknown = accepted.filter((i) => !features[i]);
  if (unknown.length > 0) return { ok: false, status: 422, code: 'INVALID_REQUEST', detail: `no feature with index ${unknown.join(', ')}` };
  if (accepted.length === 0) return { ok: false, status: 422, code: 'INVALID_REQUEST', detail: 'no feature accepted (none valid, or acceptedIndices empty)' };
  const attributes = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
  const mapping: FieldMapping = body.mapping ?? (await suggestedMapping(db, row.sourceSignature, attributes)).mapping;
  const defaults: FieldDefaults = body.defaults ?? {};
  const confirmed = new Set(body.confirmWarnings ?? []);
  const written: (WrittenRow & { action: 'create' | 'update' })[] = [];
  const unchangedIds: number[] = [];
  let editId = 0;
  let dryRun: DryRunResult | null = null;
  /** A step refused: the whole batch rolls back, naming the feature. */
  const refuse = (index: number, failure: Extract<WriteOutcome, { ok: false }>): never => {
    const refused: CommitOutcome & { ok: false } = { ok: false, status: failure.status === 412 ? 412 : failure.status === 404 ? 404 : 422, code: failure.code, featureIndex: index };
    refused.detail = `feature ${index + 1}${failure.detail ? `: ${failure.detail}` : ''}`;
    if (failure.errors) refused.errors = failure.errors;
    if (failure.warnings) refused.warnings = failure.warnings;
    throw new FeatureRefused(refused);
  };
  try {
    await db.transaction().execute(async (trx) => {
      await lockParcelWrites(trx);
      // Re-read under the lock: two commits of one preview must not both write.
      const current = await trx.selectFrom('imports').select('status').where('id', '=', importId).executeTakeFirst();
      if (current?.status !== 'preview') throw new FeatureRefused({ ok: false, status: 409, code: 'INVALID_REQUEST', detail: 'this import was already committed' });
      const figuresBefore = options.dryRun ? await allPlanFigures(trx) : null;
      editId = await openEdit(trx, user, 'import');
      // One transaction, one edit; the event loop gets a turn between rows (batchWrite.ts).
      const batch = beginBatch(trx);
      for (const index of [...new Set(accepted)].sort((a, b) => a - b)) {
        await batch.pause();
        const f = features[index]!;
        if (f.match) {
          // An update, at the version the preview showed (412 if someone changed the parcel since).
          const at = await readAtVersion(trx, f.match.parcelId, f.match.version);
          if ('failure' in at) refuse(index, at.failure);
          const row = (at as { row: Parameters<typeof updateParcelRow>[2] }).row;
          const storedGeometry = JSON.parse(row.geometry) as PreviewFeature['geometry'];
          // Recompared with the commit's mapping, which may differ from the preview's.
          const { properties, sameShape, unchanged } = compareWithStored({ properties: editableProperties(toFeature(row)), geometry: storedGeometry }, f, mapping);
          if (unchanged) {
            unchangedIds.push(row.id);
            continue;
          }
          const r = await updateParcelRow(trx, user, row, { properties, geometry: sameShape ? storedGeometry : f.geometry }, confirmed, 'update', toFeature(row), options.precomputed);
          if ('failure' in r) refuse(index, r.failure);
          written.push({ ...(r as { written: WrittenRow }).written, action: 'update' });
          continue;
        }
        const properties = mapProperties(f.properties, mapping, defaults, `${row.fileName} #${index + 1}`);
        const r = await insertParcelRow(trx, user, { properties, geometry: f.geometry }, confirmed, options.precomputed);
        if ('failure' in r) refuse(index, r.failure);
        written.push({ ...(r as { written: WrittenRow }).written, action: 'create' });
      }
      if (figuresBefore) {
        dryRun = { created: written.filter((w) => w.action === 'create').length, updated: written.filter((w) => w.action === 'update').length, unchanged: unchangedIds.length, targets: targetMoves(figuresBefore, await allPlanFigures(trx)) };
        throw new DryRunDone();
      }
      await trx.updateTable('imports').set({ status: 'committed' }).where('id', '=', importId).execute();
      await rememberMapping(trx, row.sourceSignature, mapping);
    });
  } catch (e) {
    if (e instanceof FeatureRefused) return e.outcome;
    if (e instanceof DryRunDone && dryRun) return { ok: true, dryRun, ids: [], updatedIds: [], unchangedIds: [], editId: 0 };
    throw e;
  }
  for (const w of written) bus.publish({ id: w.changeId, collection: 'parcels', featureId: String(w.id), action: w.action, version: w.version });
  return {
    ok: true,
    ids: written.filter((w) => w.action === 'create').map((w) => w.id),
    updatedIds: written.filter((w) => w.action === 'update').map((w) => w.id),
    unchangedIds,
    editId,
  };
}

/** Ends a dry run's transaction: everything it wrote is rolled back. */
class DryRunDone extends Error {}

/** How a dry run would move each target: secured and pipeline before and after, in the target's unit. */
export type DryRunResult = Omit<ImportDryRun, 'importId' | 'dryRun'>;

async function allPlanFigures(trx: Transaction<Database>) {
  const plans = await trx.selectFrom('plans').select('id').orderBy('id').execute();
  const out = [];
  for (const p of plans) {
    const figures = await readPlanFigures(trx, p.id);
    if (figures) out.push(tallyBody(figures));
  }
  return out;
}

function targetMoves(before: Awaited<ReturnType<typeof allPlanFigures>>, after: Awaited<ReturnType<typeof allPlanFigures>>): DryRunResult['targets'] {
  const out: DryRunResult['targets'] = [];
  for (const [i, plan] of before.entries()) {
    for (const [j, t] of plan.targets.entries()) {
      const a = after[i]!.targets[j]!;
      out.push({
        planId: plan.plan.id,
        code: t.code,
        labelZh: t.labelZh,
        labelEn: t.labelEn,
        unit: t.unit,
        secured: { before: t.secured, after: a.secured },
        pipeline: { before: t.pipeline, after: a.pipeline },
      });
    }
  }
  return out;
}
