/**
 * The pure half of an import preview, run in the worker pool: read the file
 * (domain/io, which validates every geometry), measure each feature, and
 * find overlaps between the file's own features. The half that needs the
 * database (neighbouring parcels, constraints, zones) stays in
 * server/store/imports.preview.ts.
 */
import { bbox as turfBbox, feature as turfFeature, featureCollection, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from '../../domain/area';
import type { CrsCode } from '../../domain/io/crs';
import { readImportFile } from '../../domain/io/importFile';
import type { PreviewFinding } from '../../domain/io/importPreview';
import { IMPORT_REASONS, type ImportReasonCode } from '../../domain/io/importReasons';
import type { ImportResult } from '../../domain/io/importResult';
import { OVERLAP_TOLERANCE_SQUARE_METERS } from '../../domain/parcel.rules';
import { REASONS, type ReasonCode } from '../../domain/reasons';

type Poly = Polygon | MultiPolygon;
export type Box = [number, number, number, number];

export function reasonFinding(code: ReasonCode | ImportReasonCode, extra: Omit<PreviewFinding, 'code' | 'messageZh' | 'messageEn'> = {}): PreviewFinding {
  const text = code in REASONS ? REASONS[code as ReasonCode] : IMPORT_REASONS[code as ImportReasonCode];
  return { code, messageZh: text.zh, messageEn: text.en, ...extra };
}

export const boxOf = (g: Poly) => turfBbox(g) as Box;
export const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function overlapSquareMeters(a: Poly, b: Poly): number {
  const cut = intersect(featureCollection([turfFeature(a), turfFeature(b)]));
  return cut ? areaSquareMeters(cut.geometry as Poly) : 0;
}

/** Pairs of the given features that overlap (sweep over sorted bboxes); keys and otherIds are the given indices. */
function selfOverlaps(geometries: readonly Poly[], indices: readonly number[]): Map<number, PreviewFinding[]> {
  const boxes = indices.map((i) => boxOf(geometries[i]!));
  const order = indices.map((_, k) => k).sort((a, b) => boxes[a]![0] - boxes[b]![0]);
  const out = new Map<number, PreviewFinding[]>();
  const add = (i: number, j: number, area: number) => {
    const list = out.get(i) ?? [];
    list.push(reasonFinding('OVERLAPS_PARCEL', { otherId: `import:${j}`, otherName: `#${j + 1}`, areaSquareMeters: area, detail: `overlaps feature ${j + 1} of this file` }));
    out.set(i, list);
  };
  for (let a = 0; a < order.length; a++) {
    const ka = order[a]!;
    for (let b = a + 1; b < order.length && boxes[order[b]!]![0] <= boxes[ka]![2]; b++) {
      const kb = order[b]!;
      if (!boxesMeet(boxes[ka]!, boxes[kb]!)) continue;
      const area = overlapSquareMeters(geometries[indices[ka]!]!, geometries[indices[kb]!]!);
      if (area > OVERLAP_TOLERANCE_SQUARE_METERS) {
        add(indices[ka]!, indices[kb]!, area);
        add(indices[kb]!, indices[ka]!, area);
      }
    }
  }
  return out;
}

export interface ReadImportInput {
  fileName: string;
  bytes: Uint8Array;
  crs?: CrsCode;
  maxFeatures: number;
}

export interface ReadFeatureChecks {
  areaSquareMeters: number;
  box: Box;
  /** The geometry validation's finding, or null when the geometry is valid (then it is normalised in the result). */
  geometryFinding: PreviewFinding | null;
  /** Overlaps with other valid features of the same file. */
  ownOverlaps: PreviewFinding[];
}

export type ReadImportOutput = { result: ImportResult; checks: ReadFeatureChecks[] };

export function readImportJob(input: ReadImportInput): ReadImportOutput {
  const result = readImportFile(input.fileName, input.bytes, {
    maxFeatures: input.maxFeatures,
    keepInvalidGeometry: true,
    ...(input.crs ? { crs: input.crs } : {}),
  });
  if (!result.ok) return { result, checks: [] };
  const geometries = result.features.map((f) => f.geometry);
  // Features kept with invalid geometry are shown with their reason and left out of the
  // overlap checks, which need valid polygons.
  const invalid = new Map((result.invalidFeatures ?? []).map((f) => [f.featureIndex, f]));
  const valid = geometries.map((_, i) => i).filter((i) => !invalid.has(i));
  const overlaps = selfOverlaps(geometries, valid);
  const checks = geometries.map((geometry, i): ReadFeatureChecks => {
    const bad = invalid.get(i);
    return {
      areaSquareMeters: areaSquareMeters(geometry),
      box: boxOf(geometry),
      geometryFinding: bad ? reasonFinding(bad.geometryReason, bad.detail !== undefined ? { detail: bad.detail } : {}) : null,
      ownOverlaps: overlaps.get(i) ?? [],
    };
  });
  return { result, checks };
}
