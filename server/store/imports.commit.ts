/**
 * Committing an import preview: every accepted feature becomes a parcel in
 * ONE transaction, each re-checked by the parcel save rules
 * (parcels.write.ts checkParcel, against the ledger as it is now, including
 * the features inserted before it) and recorded in the history as a create.
 * Any failure rolls the whole batch back: all or nothing.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { mapProperties, MAPPABLE_PARCEL_FIELDS, type FieldDefaults, type FieldMapping } from '../../domain/io/fieldMapping';
import type { ReasonCode } from '../../domain/reasons';
import type { AuthUser } from '../auth/users.store';
import { lockParcelWrites } from '../db/dialect';
import type { PrecomputedChecks } from '../pool/parcelChecks';
import type { Database } from '../db/schema';
import { recordChange, type ChangeBus } from './history';
import { fieldMappingSchema, rememberMapping, suggestedMapping } from './imports.mappings';
import { MAX_IMPORT_FEATURES, type PreviewFeature } from './imports.preview';
import { checkParcel, columnsOf, readRow, toFeature, type Finding } from './parcels.write';
import { nowIso } from './spatial';

export const commitBodySchema = z.strictObject({
  mapping: fieldMappingSchema.optional(),
  acceptedIndices: z.array(z.number().int().nonnegative()).max(MAX_IMPORT_FEATURES).optional(),
  confirmWarnings: z.array(z.string().max(100)).max(20).optional(),
  defaults: z.partialRecord(z.enum(MAPPABLE_PARCEL_FIELDS), z.union([z.string().max(2000), z.number(), z.null()])).optional(),
});
export type CommitBody = z.output<typeof commitBodySchema>;

export type CommitOutcome =
  | { ok: true; ids: number[] }
  | {
      ok: false;
      status: 404 | 409 | 422;
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
  precomputed?: PrecomputedChecks,
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
  const created: { id: number; changeId: number }[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      await lockParcelWrites(trx);
      // Re-read under the lock: two commits of one preview must not both write.
      const current = await trx.selectFrom('imports').select('status').where('id', '=', importId).executeTakeFirst();
      if (current?.status !== 'preview') throw new FeatureRefused({ ok: false, status: 409, code: 'INVALID_REQUEST', detail: 'this import was already committed' });
      for (const index of [...new Set(accepted)].sort((a, b) => a - b)) {
        const f = features[index]!;
        const properties = mapProperties(f.properties, mapping, defaults, `${row.fileName} #${index + 1}`);
        const checked = await checkParcel(trx, properties, f.geometry, null, confirmed, null, precomputed);
        if ('failure' in checked) {
          const failure = checked.failure;
          if (failure.ok) throw new Error('unreachable');
          const refused: CommitOutcome & { ok: false } = { ok: false, status: 422, code: failure.code, featureIndex: index };
          refused.detail = `feature ${index + 1}${failure.detail ? `: ${failure.detail}` : ''}`;
          if (failure.errors) refused.errors = failure.errors;
          if (failure.warnings) refused.warnings = failure.warnings;
          throw new FeatureRefused(refused);
        }
        const now = nowIso();
        const { id } = await trx
          .insertInto('parcels')
          .values({ ...columnsOf(checked.checked), version: 1, createdAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const after = toFeature(await readRow(trx, id));
        const changeId = await recordChange(trx, { collection: 'parcels', featureId: id, action: 'create', version: 1, before: null, after }, user);
        created.push({ id, changeId });
      }
      await trx.updateTable('imports').set({ status: 'committed' }).where('id', '=', importId).execute();
      await rememberMapping(trx, row.sourceSignature, mapping);
    });
  } catch (e) {
    if (e instanceof FeatureRefused) return e.outcome;
    throw e;
  }
  for (const { id, changeId } of created) bus.publish({ id: changeId, collection: 'parcels', featureId: String(id), action: 'create', version: 1 });
  return { ok: true, ids: created.map((c) => c.id) };
}
