/**
 * Zipped ESRI shapefiles: read (any CGCS2000/WGS84 geographic or
 * Gauss–Krüger .prj, UTF-8 or GBK attributes) and write (.shp/.shx/.dbf/.prj
 * plus a .cpg saying UTF-8).
 *
 * Attribute names are cut to dBase's 10 characters with a fixed mapping
 * (propertyNames.ts, SHAPEFILE_FIELD_NAMES), e.g. landUseCode → LANDUSE,
 * statedAreaHectares → STATEDHA; reading maps them back.
 */
import { zipSync } from 'fflate';
import { fromLonLat, esriWkt, type CrsCode } from './crs';
import { unzipSafely, type ArchiveLimits } from './archive';
import { inferDbfFields, readDbf, writeDbf, type DbfRow } from './dbf';
import {
  catchImport,
  DEFAULT_MAX_FEATURES,
  finishImport,
  importError,
  polygonsOf,
  type ImportedFeature,
  type ImportedProperties,
  type ImportResult,
  type ImportWarning,
  type RawFeature,
  type ReadOptions,
} from './importResult';
import { propertyNameForField, shapefileFieldNames } from './propertyNames';
import { readShp, writeShp } from './shpBinary';
import { decodeUnknownText, encodeUtf8, encodingFromLabel } from './textEncoding';

export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string | Uint8Array;
  cpg?: string | Uint8Array;
  /** Layer name, for messages. */
  name?: string;
}

export interface ShapefileReadOptions extends ReadOptions {
  archiveLimits?: Partial<ArchiveLimits>;
}

const asText = (v: string | Uint8Array | undefined): string | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? v : decodeUnknownText(v).text;

function rawFeatures(parts: ShapefileParts, warnings: ImportWarning[], maxRecords: number): { raw: RawFeature[]; encoding: string } {
  const label = `${parts.name ?? 'layer'}`;
  if (!parts.dbf) throw importError('MISSING_SHAPEFILE_PART', `${label}.dbf is missing`);
  // The table first: its header alone refuses a file claiming too many records, before any geometry.
  const table = readDbf(parts.dbf, encodingFromLabel(asText(parts.cpg)), maxRecords);
  const records = readShp(parts.shp, table.rows.length);
  if (table.rows.length !== records.length) {
    throw importError('TRUNCATED_FILE', `${label}: .shp has ${records.length} shapes, .dbf has ${table.rows.length} rows`);
  }
  const raw: RawFeature[] = [];
  let skipped = 0;
  records.forEach((polygons, i) => {
    if (!polygons || table.deleted.has(i)) {
      skipped++;
      return;
    }
    const properties: ImportedProperties = {};
    for (const [field, value] of Object.entries(table.rows[i]!)) properties[propertyNameForField(field)] = value;
    raw.push({ polygons, properties });
  });
  if (skipped) warnings.push({ code: 'SKIPPED_ENTITIES', detail: `${label}: ${skipped} null or deleted records skipped` });
  return { raw, encoding: table.encoding };
}

/** Reads a shapefile given as separate parts (e.g. several files picked at once). */
export function readShapefileParts(parts: ShapefileParts, options?: ShapefileReadOptions): ImportResult {
  return catchImport(() => {
    const warnings: ImportWarning[] = [];
    const { raw, encoding } = rawFeatures(parts, warnings, options?.maxFeatures ?? DEFAULT_MAX_FEATURES);
    const prj = asText(parts.prj);
    return finishImport(raw, { format: 'shapefile', options, encoding, warnings, crsInput: prj ? { prj } : {} });
  });
}

/**
 * Reads a zipped shapefile. Several .shp in one zip are read together when
 * they share a CRS; each feature then carries its layer name as `layer`.
 */
export function readShapefileZip(bytes: Uint8Array, options?: ShapefileReadOptions): ImportResult {
  return catchImport(() => {
    const files = unzipSafely(bytes, (name) => /\.(shp|dbf|prj|cpg)$/i.test(name), options?.archiveLimits);
    const byBase = new Map<string, Partial<ShapefileParts>>();
    for (const [path, data] of Object.entries(files)) {
      const dot = path.lastIndexOf('.');
      const base = path.slice(0, dot);
      const ext = path.slice(dot + 1).toLowerCase() as 'shp' | 'dbf' | 'prj' | 'cpg';
      const parts = byBase.get(base.toLowerCase()) ?? { name: base.split('/').pop()! };
      parts[ext] = data;
      byBase.set(base.toLowerCase(), parts);
    }
    const layers = [...byBase.values()].filter((p): p is ShapefileParts => p.shp !== undefined);
    if (layers.length === 0) throw importError('MISSING_SHAPEFILE_PART', 'the zip holds no .shp file');
    const warnings: ImportWarning[] = [];
    const prjs = new Set(layers.map((l) => asText(l.prj)?.trim() ?? ''));
    if (prjs.size > 1) throw importError('UNSUPPORTED_FORMAT', `the zip holds ${layers.length} layers with different .prj files; upload them one at a time`);
    const raw: RawFeature[] = [];
    let encoding = '';
    let budget = options?.maxFeatures ?? DEFAULT_MAX_FEATURES;
    for (const layer of layers) {
      const read = rawFeatures(layer, warnings, budget);
      budget -= read.raw.length;
      if (layers.length > 1) for (const f of read.raw) f.properties.layer = layer.name;
      raw.push(...read.raw);
      encoding = read.encoding;
    }
    const prj = [...prjs][0];
    return finishImport(raw, { format: 'shapefile', options, encoding, warnings, crsInput: prj ? { prj } : {} });
  });
}

export interface ShapefileWriteOptions {
  /** CRS of the written coordinates: EPSG:4490 (default) or a Gauss–Krüger zone such as EPSG:4545. */
  crs?: CrsCode;
  /** Base name of the files inside the zip; default "parcels". */
  layerName?: string;
  /** Date stamped in the .dbf header; default now. */
  modifiedOn?: Date;
}

export interface ShapefileWriteResult {
  zip: Uint8Array;
  /** property → dBase field name actually used. */
  fieldNames: Record<string, string>;
}

/** The loose files of a shapefile, before zipping. */
export function writeShapefileParts(
  features: readonly ImportedFeature[],
  options: ShapefileWriteOptions = {},
): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array; prj: string; cpg: string; fieldNames: Record<string, string> } {
  const crs = options.crs ?? 'EPSG:4490';
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const names = shapefileFieldNames(keys);
  const rows: DbfRow[] = features.map((f) => {
    const row: DbfRow = {};
    for (const [key, field] of names) {
      const v = f.properties?.[key];
      row[field] = v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
    }
    return row;
  });
  const records = features.map((f) => polygonsOf(f.geometry).map((rings) => rings.map((ring) => ring.map((p) => fromLonLat(crs, p)))));
  const { shp, shx } = writeShp(records);
  const dbf = writeDbf(inferDbfFields([...names.values()], rows), rows, options.modifiedOn);
  return { shp, shx, dbf, prj: esriWkt(crs), cpg: 'UTF-8', fieldNames: Object.fromEntries(names) };
}

/** Writes features (CGCS2000 lon/lat) as a zipped shapefile. */
export function writeShapefileZip(features: readonly ImportedFeature[], options: ShapefileWriteOptions = {}): ShapefileWriteResult {
  const base = (options.layerName ?? 'parcels').replace(/[\\/:*?"<>|]/g, '_');
  const parts = writeShapefileParts(features, options);
  const zip = zipSync({
    [`${base}.shp`]: parts.shp,
    [`${base}.shx`]: parts.shx,
    [`${base}.dbf`]: parts.dbf,
    [`${base}.prj`]: encodeUtf8(parts.prj),
    [`${base}.cpg`]: encodeUtf8(parts.cpg),
  });
  return { zip, fieldNames: parts.fieldNames };
}
