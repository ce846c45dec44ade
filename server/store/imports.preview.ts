/**
 * Import previews (issue 6): an uploaded file read by domain/io, each feature
 * checked by the same rules a parcel save applies (domain/parcel.rules.ts:
 * overlaps, red line, farmland, outside the zones or the urban boundary),
 * plus overlaps between the file's own features, and stored for a day until
 * the planner commits it (imports.commit.ts).
 */
import { randomUUID } from 'node:crypto';
import { bbox as turfBbox, feature as turfFeature, featureCollection, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import { areaSquareMeters } from '../../domain/area';
import { validatePolygonGeometry } from '../../domain/geometry.validation';
import { readImportFile } from '../../domain/io/importFile';
import { IMPORT_REASONS, type ImportReasonCode } from '../../domain/io/importReasons';
import type { ImportFailure, ImportSuccess, ImportWarning } from '../../domain/io/importResult';
import type { CrsCode } from '../../domain/io/crs';
import { attributeNames, mapProperties, sourceSignature, type FieldMapping } from '../../domain/io/fieldMapping';
import { checkParcelRules, OVERLAP_TOLERANCE_SQUARE_METERS, type ConstraintShape, type RuleFinding } from '../../domain/parcel.rules';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import { REASONS, type ReasonCode } from '../../domain/reasons';
import { computeZoneCells } from '../../domain/zoneCells';
import type { AuthUser } from '../auth/users.store';
import { bboxIntersects } from '../db/dialect';
import type { Database } from '../db/schema';
import { suggestedMapping } from './imports.mappings';
import { loadZoneShapes, nowIso } from './spatial';

type Poly = Polygon | MultiPolygon;

/** Largest upload, bytes: a zipped shapefile of a whole district fits well inside. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Most features one import may hold: each is rule-checked in the preview. */
export const MAX_IMPORT_FEATURES = 5000;
/** A preview not committed within a day is dropped. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

export type { ImportPreview, PreviewFeature, PreviewFinding } from '../../domain/io/importPreview';
import type { ImportPreview, PreviewFeature, PreviewFinding } from '../../domain/io/importPreview';

export function reasonFinding(code: ReasonCode | ImportReasonCode, extra: Omit<PreviewFinding, 'code' | 'messageZh' | 'messageEn'> = {}): PreviewFinding {
  const text = code in REASONS ? REASONS[code as ReasonCode] : IMPORT_REASONS[code as ImportReasonCode];
  return { code, messageZh: text.zh, messageEn: text.en, ...extra };
}

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

type Box = [number, number, number, number];
const boxOf = (g: Poly) => turfBbox(g) as Box;
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function overlapSquareMeters(a: Poly, b: Poly): number {
  const cut = intersect(featureCollection([turfFeature(a), turfFeature(b)]));
  return cut ? areaSquareMeters(cut.geometry as Poly) : 0;
}

/** Pairs of the file's own features that overlap (sweep over sorted bboxes). */
function selfOverlaps(geometries: readonly Poly[]): Map<number, PreviewFinding[]> {
  const boxes = geometries.map(boxOf);
  const order = geometries.map((_, i) => i).sort((a, b) => boxes[a]![0] - boxes[b]![0]);
  const out = new Map<number, PreviewFinding[]>();
  const add = (i: number, j: number, area: number) => {
    const list = out.get(i) ?? [];
    list.push(reasonFinding('OVERLAPS_PARCEL', { otherId: `import:${j}`, otherName: `#${j + 1}`, areaSquareMeters: area, detail: `overlaps feature ${j + 1} of this file` }));
    out.set(i, list);
  };
  for (let a = 0; a < order.length; a++) {
    const i = order[a]!;
    for (let b = a + 1; b < order.length && boxes[order[b]!]![0] <= boxes[i]![2]; b++) {
      const j = order[b]!;
      if (!boxesMeet(boxes[i]!, boxes[j]!)) continue;
      const area = overlapSquareMeters(geometries[i]!, geometries[j]!);
      if (area > OVERLAP_TOLERANCE_SQUARE_METERS) {
        add(i, j, area);
        add(j, i, area);
      }
    }
  }
  return out;
}

/** Checks every feature of a read file against the stored parcels, constraints and zones. */
async function validateFeatures(db: Kysely<Database>, result: ImportSuccess, mapping: FieldMapping, fileName: string): Promise<PreviewFeature[]> {
  const geometries = result.features.map((f) => f.geometry);
  const all = geometries.map(boxOf);
  // Features kept with invalid geometry (keepInvalidGeometry) are shown with their reason
  // and left out of the overlap checks, which need valid polygons.
  const invalid = new Set((result.invalidFeatures ?? []).map((f) => f.featureIndex));
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
    const geometry = JSON.parse(r.geometry) as Poly;
    return { id: r.id, name: r.name, geometry, box: boxOf(geometry) };
  });
  const constraints = constraintRows.map((r) => {
    const geometry = JSON.parse(r.geometry) as Poly;
    return { shape: { id: r.id, name: r.name, kind: r.kind, geometry } as ConstraintShape, box: boxOf(geometry) };
  });
  const validIndices = geometries.map((_, i) => i).filter((i) => !invalid.has(i));
  const ownOverlapsOfValid = selfOverlaps(validIndices.map((i) => geometries[i]!));
  const ownOverlaps = new Map<number, PreviewFinding[]>();
  for (const [k, findings] of ownOverlapsOfValid) {
    ownOverlaps.set(
      validIndices[k]!,
      findings.map((f) => {
        const j = Number(String(f.otherId).slice('import:'.length));
        const original = validIndices[j]!;
        return { ...f, otherId: `import:${original}`, otherName: `#${original + 1}`, detail: `overlaps feature ${original + 1} of this file` };
      }),
    );
  }
  const warningsByFeature = new Map<number, PreviewFinding[]>();
  for (const w of result.warnings) {
    if (w.featureIndex === undefined) continue;
    warningsByFeature.set(w.featureIndex, [...(warningsByFeature.get(w.featureIndex) ?? []), warningFinding(w)]);
  }
  return result.features.map((f, index) => {
    const box = all[index]!;
    const errors: PreviewFinding[] = [];
    const warnings: PreviewFinding[] = [...(warningsByFeature.get(index) ?? [])];
    const geometry = validatePolygonGeometry(f.geometry);
    if (!geometry.valid) {
      errors.push(reasonFinding(geometry.reason, geometry.detail ? { detail: geometry.detail } : {}));
    } else {
      const rules = checkParcelRules(geometry.geometry, {
        neighbours: neighbours.filter((n) => boxesMeet(n.box, box)),
        constraints: constraints.filter((c) => c.shape.kind === 'urban_development_boundary' || boxesMeet(c.box, box)).map((c) => c.shape),
        zoneCells: computeZoneCells(geometry.geometry, zones),
      });
      errors.push(...rules.errors.map(ruleFinding), ...(ownOverlaps.get(index) ?? []));
      warnings.push(...rules.warnings.map(ruleFinding));
    }
    const properties = f.properties as Record<string, unknown>;
    const mapped = parcelPropertiesSchema.safeParse(mapProperties(properties, mapping, {}, `${fileName} #${index + 1}`));
    const propertyIssues = mapped.success ? [] : [...new Set(mapped.error.issues.map((i) => i.path.join('.') || '(properties)'))];
    return { index, geometry: f.geometry, properties, areaSquareMeters: areaSquareMeters(f.geometry), validation: { valid: errors.length === 0, errors, warnings }, propertyIssues };
  });
}

export type PreviewOutcome = { ok: true; preview: ImportPreview } | { ok: false; failure: ImportFailure };

/** Reads, validates and stores an upload; a file the readers refuse stores nothing. */
export async function createImportPreview(
  db: Kysely<Database>,
  user: AuthUser,
  upload: { fileName: string; bytes: Uint8Array; crs?: CrsCode },
): Promise<PreviewOutcome> {
  const result = readImportFile(upload.fileName, upload.bytes, {
    maxFeatures: MAX_IMPORT_FEATURES,
    keepInvalidGeometry: true,
    ...(upload.crs ? { crs: upload.crs } : {}),
  });
  if (!result.ok) return { ok: false, failure: result };
  const attributes = attributeNames(result.features.map((f) => f.properties));
  const signature = sourceSignature(result.format, attributes);
  const suggestion = await suggestedMapping(db, signature, attributes);
  const features = await validateFeatures(db, result, suggestion.mapping, upload.fileName);
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
      mappingRemembered: suggestion.remembered,
      expiresAt,
      features,
    },
  };
}
