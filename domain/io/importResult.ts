/**
 * What every reader returns, and the last steps every reader shares: CRS
 * detection over the raw coordinates, reprojection to CGCS2000 lon/lat,
 * geometry validation (../geometry.validation.ts) and the feature limit.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { validatePolygonGeometry } from '../geometry.validation';
import type { ReasonCode } from '../reasons';
import { toLonLat, type CrsCode } from './crs';
import { detectCrs, type CrsDetectionInput } from './crsDetect';
import type { ImportReasonCode } from './importReasons';
import { TextEncodingError } from './textEncoding';
import { undecodableTextWarnings } from './undecodableText';

export type FileFormat = 'txt' | 'shapefile' | 'kml' | 'kmz' | 'dxf' | 'csv' | 'geojson';

export type ImportedProperties = Record<string, unknown>;
export type ImportedFeature<P extends ImportedProperties = ImportedProperties> = Feature<Polygon | MultiPolygon, P>;

export interface ImportWarning {
  code: ImportReasonCode;
  detail?: string;
  line?: number;
  featureIndex?: number;
}

export interface ImportSuccess<P extends ImportedProperties = ImportedProperties> {
  ok: true;
  format: FileFormat;
  /** In CGCS2000 lon/lat (EPSG:4490), exterior rings counter-clockwise (RFC 7946). */
  features: ImportedFeature<P>[];
  /** The CRS the file's coordinates were in. */
  sourceCrs: CrsCode;
  crsConfidence: 'declared' | 'inferred';
  crsReason: string;
  /** The text encoding the file was read in, when it is text. */
  encoding?: string;
  warnings: ImportWarning[];
  /** With `keepInvalidGeometry`: the features kept although their geometry is invalid. */
  invalidFeatures?: { featureIndex: number; geometryReason: ReasonCode; detail?: string; line?: number }[];
}

export interface ImportFailure {
  ok: false;
  reason: ImportReasonCode;
  detail?: string;
  /** 1-based line of the offending text, where the format has lines. */
  line?: number;
  /** 0-based index of the offending feature. */
  featureIndex?: number;
  /** For INVALID_GEOMETRY: the geometry validation's own reason (../reasons.ts). */
  geometryReason?: ReasonCode;
}

export type ImportResult<P extends ImportedProperties = ImportedProperties> = ImportSuccess<P> | ImportFailure;

export interface ReadOptions {
  /** Refuse files with more features than this; default 20 000. */
  maxFeatures?: number;
  /** Force the source CRS, skipping detection (e.g. the planner picked it). */
  crs?: CrsCode;
  /** Central meridian assumed for unprefixed Gauss–Krüger eastings; default 108 (Wansheng). */
  defaultCentralMeridianDegrees?: number;
  /**
   * Keep features whose geometry fails validation (reprojected, unrepaired) and list them
   * in `invalidFeatures`, instead of refusing the file: an import preview shows each
   * feature with its own result. Default false: the file is refused (INVALID_GEOMETRY).
   */
  keepInvalidGeometry?: boolean;
}

export const DEFAULT_MAX_FEATURES = 20_000;

/** Thrown inside readers, caught at their public boundary and returned as an ImportFailure. */
export class ImportError extends Error {
  constructor(
    readonly failure: Omit<ImportFailure, 'ok'>,
  ) {
    super(`${failure.reason}${failure.line ? ` (line ${failure.line})` : ''}${failure.detail ? `: ${failure.detail}` : ''}`);
  }
}

export function importError(reason: ImportReasonCode, detail?: string, line?: number): ImportError {
  const failure: Omit<ImportFailure, 'ok'> = { reason };
  if (detail !== undefined) failure.detail = detail;
  if (line !== undefined) failure.line = line;
  return new ImportError(failure);
}

/** Runs a reader body, turning ImportError and TextEncodingError into an ImportFailure. */
export function catchImport<P extends ImportedProperties>(body: () => ImportResult<P>): ImportResult<P> {
  try {
    return body();
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, ...e.failure };
    if (e instanceof TextEncodingError) return { ok: false, reason: e.code, detail: e.message };
    throw e;
  }
}

/** A feature as parsed, coordinates still in the file's CRS ([x, y] = easting/longitude first). */
export interface RawFeature<P extends ImportedProperties = ImportedProperties> {
  /** Polygons, each a list of rings, each a list of positions; first ring is the exterior. */
  polygons: Position[][][];
  properties: P;
  /** Source line of the feature, for errors. */
  line?: number;
}

export interface FinishContext {
  format: FileFormat;
  options: ReadOptions | undefined;
  crsInput: Omit<CrsDetectionInput, 'sampleCoordinates' | 'defaultCentralMeridianDegrees'>;
  encoding?: string;
  warnings?: ImportWarning[];
}

function samples(raw: readonly RawFeature[]): Position[] {
  const out: Position[] = [];
  const step = Math.max(1, Math.floor(raw.length / 200));
  for (let i = 0; i < raw.length; i += step) {
    for (const polygon of raw[i]!.polygons) for (const ring of polygon) out.push(...ring);
  }
  return out;
}

/**
 * Detects the CRS, reprojects, validates every geometry and applies the
 * feature limit. Properties pass through unchanged.
 */
export function finishImport<P extends ImportedProperties>(raw: readonly RawFeature<P>[], context: FinishContext): ImportSuccess<P> {
  const maxFeatures = context.options?.maxFeatures ?? DEFAULT_MAX_FEATURES;
  if (raw.length === 0) throw importError('NO_FEATURES');
  if (raw.length > maxFeatures) throw importError('TOO_MANY_FEATURES', `${raw.length} features; the limit is ${maxFeatures}`);
  const warnings = [...(context.warnings ?? [])];
  // GBK decoding maps stray and unassigned bytes to private-use characters without failing: say so.
  if (context.encoding === 'gbk') warnings.push(...undecodableTextWarnings(raw));
  let sourceCrs: CrsCode;
  let crsConfidence: 'declared' | 'inferred' = 'declared';
  let crsReason = 'chosen by the user';
  if (context.options?.crs) {
    sourceCrs = context.options.crs;
  } else {
    const input: CrsDetectionInput = { ...context.crsInput, sampleCoordinates: samples(raw) };
    if (context.options?.defaultCentralMeridianDegrees !== undefined) {
      input.defaultCentralMeridianDegrees = context.options.defaultCentralMeridianDegrees;
    }
    const detection = detectCrs(input);
    if (detection.crs === null) throw importError(detection.failure, detection.reason);
    sourceCrs = detection.crs;
    crsConfidence = detection.confidence;
    crsReason = detection.reason;
    if (detection.assumedZone) warnings.push({ code: 'ASSUMED_ZONE', detail: detection.reason });
  }
  const invalidFeatures: NonNullable<ImportSuccess['invalidFeatures']> = [];
  const features: ImportedFeature<P>[] = raw.map((f, index) => {
    const polygons = f.polygons.map((rings) => rings.map((ring) => ring.map((p) => toLonLat(sourceCrs, p))));
    const candidate: Polygon | MultiPolygon =
      polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    const validation = validatePolygonGeometry(candidate);
    if (!validation.valid && context.options?.keepInvalidGeometry) {
      const entry: (typeof invalidFeatures)[number] = { featureIndex: index, geometryReason: validation.reason };
      if (validation.detail !== undefined) entry.detail = validation.detail;
      if (f.line !== undefined) entry.line = f.line;
      invalidFeatures.push(entry);
      return { type: 'Feature', geometry: candidate, properties: f.properties };
    }
    if (!validation.valid) {
      const failure: Omit<ImportFailure, 'ok'> = {
        reason: 'INVALID_GEOMETRY',
        featureIndex: index,
        geometryReason: validation.reason,
        detail: `feature ${index + 1}: ${validation.reason}${validation.detail ? ` (${validation.detail})` : ''}`,
      };
      if (f.line !== undefined) failure.line = f.line;
      throw new ImportError(failure);
    }
    return { type: 'Feature', geometry: validation.geometry, properties: f.properties };
  });
  const success: ImportSuccess<P> = { ok: true, format: context.format, features, sourceCrs, crsConfidence, crsReason, warnings };
  if (context.options?.keepInvalidGeometry) success.invalidFeatures = invalidFeatures;
  if (context.encoding) success.encoding = context.encoding;
  return success;
}

/** Closes a ring by repeating its first position when it does not already. */
export function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last) return ring;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** Signed shoelace area of a planar ring (positive = counter-clockwise in x-east, y-north axes). */
export function signedPlanarArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return sum / 2;
}

/** The polygons of a Polygon or MultiPolygon. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
