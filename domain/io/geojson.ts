/**
 * GeoJSON: read with validation (RFC 7946 lon/lat; the pre-RFC `crs` member
 * GDAL still writes, e.g. "urn:ogc:def:crs:EPSG::4545", is honoured) and
 * write RFC 7946: a FeatureCollection in CGCS2000 ≈ WGS84 lon/lat, exterior
 * rings counter-clockwise, no `crs` member and no styling properties.
 */
import type { Geometry, Position } from 'geojson';
import { isSupportedCrs, type CrsCode } from './crs';
import {
  catchImport,
  finishImport,
  importError,
  signedPlanarArea,
  type ImportedFeature,
  type ImportedProperties,
  type ImportResult,
  type ImportWarning,
  type RawFeature,
  type ReadOptions,
} from './importResult';
import { decodeUnknownText } from './textEncoding';

/** simplestyle-spec and common styling keys; looks, not parcel facts. */
export const STYLE_PROPERTY_KEYS: ReadonlySet<string> = new Set([
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'marker-color',
  'marker-size',
  'marker-symbol',
  'title',
  'styleUrl',
  'styleHash',
  'styleMapHash',
]);

function legacyCrs(value: unknown): CrsCode | null | 'unsupported' {
  if (!value || typeof value !== 'object') return null;
  const name = (value as { properties?: { name?: unknown } }).properties?.name;
  if (typeof name !== 'string') return 'unsupported';
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name);
  const code = m ? `EPSG:${m[1]}` : '';
  return isSupportedCrs(code) ? code : 'unsupported';
}

function polygonsOfGeometry(geometry: Geometry | null | undefined): Position[][][] | null {
  if (!geometry || typeof geometry !== 'object') return null;
  if (geometry.type === 'Polygon' && Array.isArray(geometry.coordinates)) return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) return geometry.coordinates;
  return null;
}

/** Reads GeoJSON bytes, text or an already parsed object. */
export function readGeoJson(input: Uint8Array | string | object, options?: ReadOptions): ImportResult {
  return catchImport(() => {
    let data: unknown = input;
    let encoding: string | undefined;
    if (typeof input === 'string' || input instanceof Uint8Array) {
      let text: string;
      if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
      else ({ text, encoding } = decodeUnknownText(input));
      try {
        data = JSON.parse(text);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw importError(/end of (JSON )?input|Unterminated/i.test(message) ? 'TRUNCATED_FILE' : 'UNSUPPORTED_FORMAT', `not valid JSON: ${message}`);
      }
    }
    if (!data || typeof data !== 'object') throw importError('UNSUPPORTED_FORMAT', 'not a GeoJSON object');
    const root = data as { type?: unknown; features?: unknown; crs?: unknown; geometry?: unknown; properties?: unknown; id?: unknown };
    let features: { geometry?: unknown; properties?: unknown; id?: unknown }[];
    if (root.type === 'FeatureCollection' && Array.isArray(root.features)) features = root.features as typeof features;
    else if (root.type === 'Feature') features = [root];
    else if (root.type === 'Polygon' || root.type === 'MultiPolygon') features = [{ geometry: root, properties: {} }];
    else throw importError('UNSUPPORTED_FORMAT', `GeoJSON type "${String(root.type)}" is not a FeatureCollection, Feature or polygon`);

    const declared = legacyCrs(root.crs);
    if (declared === 'unsupported') throw importError('UNKNOWN_CRS', `GeoJSON "crs" member ${JSON.stringify(root.crs)} is not a supported CRS`);
    const raw: RawFeature[] = [];
    let skipped = 0;
    features.forEach((f) => {
      const polygons = polygonsOfGeometry(f?.geometry as Geometry | null);
      if (!polygons) {
        skipped++;
        return;
      }
      const properties: ImportedProperties = f.properties && typeof f.properties === 'object' ? { ...(f.properties as ImportedProperties) } : {};
      if ((typeof f.id === 'string' || typeof f.id === 'number') && !('id' in properties)) properties.id = f.id;
      raw.push({ polygons, properties });
    });
    if (raw.length === 0 && skipped) throw importError('UNSUPPORTED_GEOMETRY', `${skipped} features, none of them a polygon`);
    const warnings: ImportWarning[] = skipped ? [{ code: 'SKIPPED_ENTITIES', detail: `${skipped} features without polygons skipped` }] : [];
    const forced = options?.crs ?? declared ?? undefined;
    const result = finishImport(raw, { format: 'geojson', options: forced ? { ...options, crs: forced } : options, warnings, crsInput: {}, ...(encoding ? { encoding } : {}) });
    if (!options?.crs && declared) return { ...result, crsConfidence: 'declared', crsReason: `GeoJSON "crs" member names ${declared}` };
    return result;
  });
}

export interface GeoJsonWriteOptions {
  /** Decimals of longitude/latitude; default 9 (≈0.1 mm; RFC 7946's suggested 6 is ≈10 cm, too coarse for boundaries). */
  decimals?: number;
  /** Keep styling properties (fill, stroke, …); default false. */
  keepStyle?: boolean;
}

/** Exterior rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6). */
function wound(polygon: Position[][]): Position[][] {
  return polygon.map((ring, r) => (signedPlanarArea(ring) > 0 === (r === 0) ? ring : [...ring].reverse()));
}

function round(coordinates: unknown, factor: number): unknown {
  if (typeof coordinates === 'number') return Math.round(coordinates * factor) / factor;
  return (coordinates as unknown[]).map((c) => round(c, factor));
}

/** Writes an RFC 7946 FeatureCollection string. */
export function writeGeoJson(features: readonly ImportedFeature[], options: GeoJsonWriteOptions = {}): string {
  const factor = 10 ** (options.decimals ?? 9);
  const out = features.map((f) => {
    const properties: ImportedProperties = {};
    for (const [key, value] of Object.entries(f.properties ?? {})) {
      if (options.keepStyle || !STYLE_PROPERTY_KEYS.has(key)) properties[key] = value;
    }
    const feature: Record<string, unknown> = { type: 'Feature' };
    if (f.id !== undefined) feature.id = f.id;
    feature.properties = properties;
    const coordinates = f.geometry.type === 'Polygon' ? wound(f.geometry.coordinates) : f.geometry.coordinates.map(wound);
    feature.geometry = { type: f.geometry.type, coordinates: round(coordinates, factor) };
    return feature;
  });
  return JSON.stringify({ type: 'FeatureCollection', features: out });
}
