/**
 * Which parcel shapes a write will check, read before its transaction so
 * their checks can run in the pool (parcelChecks.ts): the same derivation
 * the store makes inside the transaction. A guess that turns out different
 * (the parcel moved on meanwhile) only costs the store its own check.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import { isStoredAtClientPrecision } from '../../domain/geometry.precision';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import type { ParcelEdit } from '../store/parcels.edit';
import type { ShapeToCheck, WrittenBefore } from './parcelChecks';

type Poly = Polygon | MultiPolygon;

/**
 * The shape an update of parcel `id` checks: the stored geometry when none
 * is sent or the client sent it back at its own precision (the store keeps
 * the stored one), with the stored shape as the previous one. When the
 * parcel is gone or has moved past `expectedVersion` the store answers
 * 404/412, so only the sent geometry is checked (its validity, 422 first).
 */
export async function shapesOfUpdate(
  db: Kysely<Database>,
  id: number,
  expectedVersion: number,
  nextGeometry: unknown,
  absorbedIds: readonly number[] = [],
): Promise<ShapeToCheck[]> {
  const row = await db.selectFrom('parcels').select(['geometry', 'version']).where('id', '=', id).executeTakeFirst();
  if (!row || row.version !== expectedVersion) return nextGeometry === undefined ? [] : [{ geometry: nextGeometry }];
  const stored = JSON.parse(row.geometry) as Poly;
  const geometry = nextGeometry === undefined || isStoredAtClientPrecision(nextGeometry, stored) ? stored : nextGeometry;
  return [{ geometry, ruleContext: { excludeId: id, previousGeometry: stored, absorbedIds } }];
}

/** A restore of parcel `id` to `toVersion` (parcels.write.ts restoreParcel): that version's shape, read as the store reads it. */
export async function shapesOfRestore(db: Kysely<Database>, id: number, expectedVersion: number, toVersion: number): Promise<ShapeToCheck[]> {
  const row = await db
    .selectFrom('changes')
    .select('after')
    .where('collection', '=', 'parcels')
    .where('featureId', '=', String(id))
    .where('version', '=', toVersion)
    .where('after', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const geometry = row?.after ? (JSON.parse(row.after) as { geometry?: unknown }).geometry : undefined;
  return geometry === undefined ? [] : shapesOfUpdate(db, id, expectedVersion, geometry);
}

/**
 * A merge or split (parcels.edit.ts): the edited parcel against the map
 * without the parcels it absorbs; each piece against the map as the edit
 * leaves it before that piece — the edited parcel in its new shape (under
 * its id, or the alias `feature` when new) and the pieces before it (under
 * `pieces[i]`), which the store maps to the ids they get. When the edited
 * parcel is gone or moved on, the store refuses the edit, so the pieces are
 * only validated and cut by the zones.
 */
export async function shapesOfEdit(db: Kysely<Database>, edit: ParcelEdit): Promise<ShapeToCheck[]> {
  const absorbedIds = edit.absorb.map((a) => a.id);
  const main: ShapeToCheck[] = edit.target
    ? await shapesOfUpdate(db, edit.target.id, edit.target.version, edit.feature.geometry, absorbedIds)
    : [{ geometry: edit.feature.geometry, ruleContext: { excludeId: null, previousGeometry: null, absorbedIds } }];
  const edited = main[0]?.ruleContext ? main[0] : undefined;
  const writtenBefore: WrittenBefore[] = edited ? [{ id: edit.target?.id ?? 'feature', properties: edit.feature.properties, geometry: edited.geometry }] : [];
  const pieces = edit.pieces.map((p, i): ShapeToCheck => {
    const part = `pieces[${i}]`;
    const shape: ShapeToCheck = edited ? { geometry: p.geometry, part, ruleContext: { excludeId: null, previousGeometry: null, absorbedIds, writtenBefore: [...writtenBefore] } } : { geometry: p.geometry, part };
    writtenBefore.push({ id: part, properties: p.properties, geometry: p.geometry });
    return shape;
  });
  return [...main.map((s) => ({ ...s, part: 'feature' })), ...pieces];
}

/**
 * An import commit (imports.commit.ts): the accepted features of the
 * user's own preview. Each one's rules are worked out against the ledger as
 * it is; the store uses them for every feature whose neighbours do not
 * include a feature the same commit inserted before it (usually all: an
 * import's parcels seldom touch), and checks the others itself.
 */
export async function shapesOfImport(db: Kysely<Database>, user: AuthUser, importId: string, acceptedIndices: readonly number[] | undefined): Promise<ShapeToCheck[]> {
  const row = await db.selectFrom('imports').select(['features', 'status']).where('id', '=', importId).where('username', '=', user.username).executeTakeFirst();
  if (!row || row.status !== 'preview') return [];
  const features = JSON.parse(row.features) as { index: number; geometry: unknown; validation: { valid: boolean } }[];
  const accepted = acceptedIndices ? new Set(acceptedIndices) : null;
  return features
    .filter((f) => (accepted ? accepted.has(f.index) : f.validation.valid))
    .map((f) => ({ geometry: f.geometry, part: `feature ${f.index + 1}`, featureIndex: f.index, ruleContext: { excludeId: null, previousGeometry: null } }));
}
