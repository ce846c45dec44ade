/**
 * Import previews (issue 6): an uploaded file read by domain/io, each feature
 * checked by the same rules a parcel save applies (domain/parcel.rules.ts:
 * overlaps, red line, farmland, outside the zones or the urban boundary),
 * plus overlaps between the file's own features, and stored for a day until
 * the planner commits it (imports.commit.ts).
 */
import { randomUUID } from 'node:crypto';
import { MAX_IMPORT_FEATURES } from '../../domain/api/imports.schema';
import type { Kysely } from 'kysely';
import { attributeNames, mapProperties, sourceSignature, type FieldMapping } from '../../domain/io/fieldMapping';
import type { CrsCode } from '../../domain/io/crs';
import type { ImportFailure, ImportSuccess, ImportWarning } from '../../domain/io/importResult';
import { vertexCount } from '../../domain/geometry.validation';
import { checkParcelRules, type ConstraintShape, type RuleFinding, type RuleResult } from '../../domain/parcel.rules';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import { computeZoneCells } from '../../domain/zoneCells';
import type { AuthUser } from '../auth/users.store';
import { bboxIntersects } from '../db/dialect';
import type { Database } from '../db/schema';
import { boxesMeet, boxOf, reasonFinding, type Box, type ReadFeatureChecks } from '../pool/importRead.job';
import { POOLED_CHECK_VERTICES } from '../pool/parcelChecks';
import { JobRefusal, poolSettings, runJob } from '../pool/pool';
import { suggestedMapping } from './imports.mappings';
import { compareWithStored, matchValue, suggestedMatchKey, type MatchKey } from '../../domain/io/importMatch';
import type { ImportMatch } from '../../domain/io/importPreview';
import { editableProperties, toFeature } from './parcels.write';
import { loadZoneShapes, nowIso } from './spatial';

/** Largest upload, bytes: a zipped shapefile of a whole district fits well inside. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Most features one import may hold (domain/api/imports.schema.ts: the commit body is bounded by it too). */
export { MAX_IMPORT_FEATURES };
/** A preview not committed within a day is dropped. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * The rule checks against stored parcels run on the request thread (they read
 * the database); they yield to other requests after this long…
 */
const SLICE_MS = 20;

export type { ImportPreview, PreviewFeature, PreviewFinding } from '../../domain/io/importPreview';
import type { ImportPreview, PreviewFeature, PreviewFinding } from '../../domain/io/importPreview';
export { reasonFinding };

function ruleFinding(f: RuleFinding): PreviewFinding {
  const extra: Omit<PreviewFinding, 'code' | 'messageZh' | 'messageEn'> = {};
  if (f.otherId !== undefined) extra.otherId = f.otherId;
  if (f.otherName !== undefined) extra.otherName = f.otherName;
  if (f.areaSquareMeters !== undefined) extra.areaSquareMeters = f.areaSquareMeters;
  return reasonFinding(f.code, extra);
}

function warningFinding(w: ImportWarning): PreviewFinding {
  return reasonFinding(w.code, w.detail !== undefined ? { detail: w.detail } : {});
}

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Checks every feature of a read file against the stored parcels, constraints
 * and zones. The geometry checks and the file's own overlaps came from the
 * pool (checks[i]); this part reads the database, so it runs here, in slices
 * of SLICE_MS between which other requests are served, and within the job
 * time limit (LEDGER_JOB_MS) overall.
 */
async function validateFeatures(
  db: Kysely<Database>,
  result: ImportSuccess,
  checks: readonly ReadFeatureChecks[],
  mapping: FieldMapping,
  fileName: string,
  matches: ReadonlyMap<number, { match: ImportMatch; properties: Record<string, unknown> }>,
): Promise<PreviewFeature[]> {
  const started = performance.now();
  const limitMs = poolSettings().jobMilliseconds;
  const all = checks.map((c) => c.box);
  const extent: Box = [Math.min(...all.map((b) => b[0])), Math.min(...all.map((b) => b[1])), Math.max(...all.map((b) => b[2])), Math.max(...all.map((b) => b[3]))];
  // One read for the whole file: the parcels and constraints near it, every zone.
  const [neighbourRows, constraintRows, zones] = await Promise.all([
    db.selectFrom('parcels').select(['id', 'name', 'geometry']).where(bboxIntersects(db, 'parcels', extent)).execute(),
    db
      .selectFrom('constraints')
      .select(['id', 'name', 'kind', 'geometry'])
      .where((eb) => eb.or([eb('kind', '=', 'urban_development_boundary'), bboxIntersects(db, 'constraints', extent)]))
      .execute(),
    loadZoneShapes(db),
  ]);
  const neighbours = neighbourRows.map((r) => {
    const geometry = JSON.parse(r.geometry) as ImportSuccess['features'][number]['geometry'];
    return { id: r.id, name: r.name, geometry, box: boxOf(geometry) };
  });
  const constraints = constraintRows.map((r) => {
    const geometry = JSON.parse(r.geometry) as ImportSuccess['features'][number]['geometry'];
    return { shape: { id: r.id, name: r.name, kind: r.kind, geometry } as ConstraintShape, box: boxOf(geometry) };
  });
  const warningsByFeature = new Map<number, PreviewFinding[]>();
  for (const w of result.warnings) {
    if (w.featureIndex === undefined) continue;
    warningsByFeature.set(w.featureIndex, [...(warningsByFeature.get(w.featureIndex) ?? []), warningFinding(w)]);
  }
  const out: PreviewFeature[] = [];
  let sliceStart = performance.now();
  for (const [index, f] of result.features.entries()) {
    if (performance.now() - sliceStart > SLICE_MS) {
      if (performance.now() - started > limitMs) throw new JobRefusal('JOB_TIME_LIMIT', `import rule checks: over ${limitMs} ms at feature ${index + 1}`);
      await yieldToOtherRequests();
      sliceStart = performance.now();
    }
    const check = checks[index]!;
    const box = check.box;
    const matched = matches.get(index);
    const errors: PreviewFinding[] = [];
    const warnings: PreviewFinding[] = [...(warningsByFeature.get(index) ?? [])];
    if (check.geometryFinding) {
      errors.push(check.geometryFinding);
    } else {
      const inputs = {
        // An update is checked against every parcel but the one it updates.
        neighbours: neighbours.filter((n) => boxesMeet(n.box, box) && n.id !== matched?.match.parcelId).map(({ id, name, geometry }) => ({ id, name, geometry })),
        constraints: constraints.filter((c) => c.shape.kind === 'urban_development_boundary' || boxesMeet(c.box, box)).map((c) => c.shape),
      };
      // A large feature's cells and rules take seconds (~4 s for 20,000 vertices): the pool works them out.
      let rules: RuleResult;
      if (vertexCount(f.geometry) > POOLED_CHECK_VERTICES) {
        const pooled = await runJob('parcelChecks', { geometry: f.geometry, zones, rules: { ...inputs, previousGeometry: null } });
        rules = pooled.rules ?? { errors: [], warnings: [] };
        if (!pooled.validation.valid) errors.push(reasonFinding(pooled.validation.reason));
        sliceStart = performance.now();
      } else {
        rules = checkParcelRules(f.geometry, { ...inputs, zoneCells: computeZoneCells(f.geometry, zones) });
      }
      errors.push(...rules.errors.map(ruleFinding), ...check.ownOverlaps);
      warnings.push(...rules.warnings.map(ruleFinding));
    }
    const properties = f.properties as Record<string, unknown>;
    const mapped = parcelPropertiesSchema.safeParse(matched ? matched.properties : mapProperties(properties, mapping, {}, `${fileName} #${index + 1}`));
    const propertyIssues = mapped.success ? [] : [...new Set(mapped.error.issues.map((i) => i.path.join('.') || '(properties)'))];
    out.push({
      index,
      geometry: f.geometry,
      properties,
      areaSquareMeters: check.areaSquareMeters,
      validation: { valid: errors.length === 0, errors, warnings },
      propertyIssues,
      match: matched?.match ?? null,
    });
  }
  return out;
}

/**
 * The stored parcel each feature updates, by the match key: the version seen,
 * the fields and area that would change. A key value two features share
 * matches the first; a name two parcels share matches neither (new parcel).
 */
async function findMatches(
  db: Kysely<Database>,
  result: ImportSuccess,
  checks: readonly ReadFeatureChecks[],
  key: MatchKey,
  mapping: FieldMapping,
): Promise<Map<number, { match: ImportMatch; properties: Record<string, unknown> }>> {
  const values = result.features.map((f) => matchValue(f.properties as Record<string, unknown>, key));
  const wanted = [...new Set(values.filter((v): v is string => v !== null))];
  const rows: Awaited<ReturnType<typeof readMatchRows>> = [];
  for (let i = 0; i < wanted.length; i += 500) rows.push(...(await readMatchRows(db, key, wanted.slice(i, i + 500))));
  const byKey = new Map<string, (typeof rows)[number] | null>();
  for (const r of rows) {
    const k = key.field === 'id' ? String(r.id) : r.name;
    byKey.set(k, byKey.has(k) ? null : r);
  }
  const out = new Map<number, { match: ImportMatch; properties: Record<string, unknown> }>();
  const taken = new Set<number>();
  for (const [index, value] of values.entries()) {
    const row = value === null ? undefined : byKey.get(value);
    if (!row || taken.has(row.id)) continue;
    taken.add(row.id);
    const feature = result.features[index]!;
    const { properties, changes, sameShape, unchanged } = compareWithStored(
      { properties: editableProperties(toFeature(row)), geometry: JSON.parse(row.geometry) as ImportSuccess['features'][number]['geometry'] },
      { properties: feature.properties as Record<string, unknown>, geometry: feature.geometry },
      mapping,
    );
    out.set(index, {
      properties,
      match: {
        parcelId: row.id,
        version: row.version,
        parcelName: row.name,
        kind: unchanged ? 'unchanged' : 'update',
        fieldChanges: changes,
        geometryChanged: !sameShape,
        areaChangeSquareMeters: sameShape ? 0 : checks[index]!.areaSquareMeters - row.areaSquareMeters,
      },
    });
  }
  return out;
}

function readMatchRows(db: Kysely<Database>, key: MatchKey, values: string[]) {
  const q = db.selectFrom('parcels').selectAll();
  return key.field === 'id' ? q.where('id', 'in', values.map(Number)).execute() : q.where('name', 'in', values).execute();
}

export type PreviewOutcome = { ok: true; preview: ImportPreview } | { ok: false; failure: ImportFailure };

/** Reads, validates and stores an upload; a file the readers refuse stores nothing. */
export async function createImportPreview(
  db: Kysely<Database>,
  user: AuthUser,
  upload: { fileName: string; bytes: Uint8Array; crs?: CrsCode; matchKey?: MatchKey | 'none' },
): Promise<PreviewOutcome> {
  // Reading and geometry checks run in the worker pool (limits: LEDGER_JOB_MS, LEDGER_JOB_MB);
  // the bytes are moved there, not copied.
  const bytes = upload.bytes.byteOffset === 0 && upload.bytes.byteLength === upload.bytes.buffer.byteLength ? upload.bytes : upload.bytes.slice();
  const { result, checks } = await runJob(
    'readImport',
    { fileName: upload.fileName, bytes, maxFeatures: MAX_IMPORT_FEATURES, ...(upload.crs ? { crs: upload.crs } : {}) },
    { transfer: [bytes.buffer as ArrayBuffer] },
  );
  if (!result.ok) return { ok: false, failure: result };
  const attributes = attributeNames(result.features.map((f) => f.properties));
  const signature = sourceSignature(result.format, attributes);
  const suggestion = await suggestedMapping(db, signature, attributes);
  const matchKey = upload.matchKey === 'none' ? null : (upload.matchKey ?? suggestedMatchKey(attributes));
  const matches = matchKey ? await findMatches(db, result, checks, matchKey, suggestion.mapping) : new Map();
  const features = await validateFeatures(db, result, checks, suggestion.mapping, upload.fileName, matches);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + IMPORT_TTL_MS).toISOString();
  const id = randomUUID();
  await db.deleteFrom('imports').where('expiresAt', '<', now.toISOString()).execute();
  await db
    .insertInto('imports')
    .values({
      id,
      userId: user.id > 0 ? user.id : null,
      username: user.username,
      createdAt: nowIso(),
      expiresAt,
      fileName: upload.fileName,
      format: result.format,
      crs: result.sourceCrs,
      sourceSignature: signature,
      features: JSON.stringify(features),
      status: 'preview',
    })
    .execute();
  return {
    ok: true,
    preview: {
      id,
      fileName: upload.fileName,
      format: result.format,
      crs: result.sourceCrs,
      crsConfidence: result.crsConfidence,
      crsReason: result.crsReason,
      encoding: result.encoding ?? null,
      warnings: result.warnings.filter((w) => w.featureIndex === undefined).map(warningFinding),
      attributes,
      suggestedMapping: suggestion.mapping,
      matchKey,
      mappingRemembered: suggestion.remembered,
      expiresAt,
      features,
    },
  };
}
