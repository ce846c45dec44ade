/**
 * KML 2.2 and KMZ: read polygons through @tmcw/togeojson over @xmldom/xmldom's
 * DOMParser (the same code in Node and the browser); write KML with each
 * property in ExtendedData. KML carries text only, so known numeric and
 * boolean properties are typed back on reading (propertyNames.ts); other
 * values come back as strings, and empty values as null.
 */
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { zipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import type { Geometry, Position } from 'geojson';
import { unzipSafely, type ArchiveLimits } from './archive';
import {
  catchImport,
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
import { propertyText, typedPropertyValue } from './propertyNames';
import { decodeUnknownText, encodeUtf8 } from './textEncoding';

export interface KmlReadOptions extends ReadOptions {
  archiveLimits?: Partial<ArchiveLimits>;
}

/** Properties togeojson derives from KML styling; they describe looks, not parcels. */
const STYLE_PROPERTIES = new Set([
  'styleUrl',
  'styleHash',
  'styleMapHash',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'visibility',
  'icon',
  'icon-scale',
  'icon-color',
  'icon-opacity',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-scale',
  'label-color',
  'label-opacity',
]);

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function kmlText(input: Uint8Array | string, options: KmlReadOptions | undefined): { text: string; encoding: string; kmz: boolean } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-16', kmz: false };
  let bytes = input;
  let kmz = false;
  if (isZip(input)) {
    const files = unzipSafely(input, (name) => /\.kml$/i.test(name), options?.archiveLimits);
    const names = Object.keys(files).sort((a, b) => (a.toLowerCase().endsWith('doc.kml') ? -1 : b.toLowerCase().endsWith('doc.kml') ? 1 : 0));
    if (!names[0]) throw importError('UNSUPPORTED_FORMAT', 'the KMZ holds no .kml file');
    bytes = files[names[0]]!;
    kmz = true;
  }
  const decoded = decodeUnknownText(bytes, (t) => /<kml[\s>]/.test(t));
  return { ...decoded, kmz };
}

/** Polygons of a togeojson geometry; null when it holds no polygon. */
function polygonsOfGeometry(geometry: Geometry | null): Position[][][] | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') {
    const parts = geometry.geometries.map(polygonsOfGeometry);
    return parts.every((p) => p !== null) && parts.length > 0 ? parts.flatMap((p) => p!) : null;
  }
  return null;
}

/** Reads KML text or bytes, or KMZ bytes. Coordinates are WGS84 lon/lat by the KML spec. */
export function readKml(input: Uint8Array | string, options?: KmlReadOptions): ImportResult {
  return catchImport(() => {
    const { text, encoding, kmz } = kmlText(input, options);
    if (!/<kml[\s>]/.test(text)) throw importError('UNSUPPORTED_FORMAT', 'no <kml> element');
    let doc;
    try {
      doc = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw importError(/unclosed|end of|EOF/i.test(message) ? 'TRUNCATED_FILE' : 'UNSUPPORTED_FORMAT', message);
    }
    if (!/<\/kml\s*>\s*$/.test(text.trimEnd())) throw importError('TRUNCATED_FILE', 'the document does not end with </kml>');
    const collection = kmlToGeoJson(doc);
    const raw: RawFeature[] = [];
    let skipped = 0;
    for (const feature of collection.features) {
      const polygons = polygonsOfGeometry(feature.geometry);
      if (!polygons) {
        skipped++;
        continue;
      }
      const properties: ImportedProperties = {};
      for (const [key, value] of Object.entries(feature.properties ?? {})) {
        if (STYLE_PROPERTIES.has(key)) continue;
        properties[key] = typeof value === 'string' ? typedPropertyValue(key, value) : value;
      }
      raw.push({ polygons: polygons.map((rings) => rings.map((ring) => ring.map((p) => [p[0]!, p[1]!]))), properties });
    }
    const warnings: ImportWarning[] = skipped ? [{ code: 'SKIPPED_ENTITIES', detail: `${skipped} placemarks without polygons skipped` }] : [];
    if (raw.length === 0 && skipped) throw importError('UNSUPPORTED_GEOMETRY', `${skipped} placemarks, none of them a polygon`);
    const result = finishImport(raw, { format: kmz ? 'kmz' : 'kml', options, encoding, warnings, crsInput: {} });
    if (result.sourceCrs !== 'EPSG:4490' && !options?.crs) {
      throw importError('CRS_MISMATCH', `KML coordinates must be longitude/latitude; these look like ${result.crsReason}`);
    }
    return { ...result, sourceCrs: options?.crs ?? 'EPSG:4326', crsConfidence: 'declared', crsReason: 'KML is WGS84 longitude/latitude by definition' };
  });
}

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface KmlWriteOptions {
  /** <Document><name>; default "Land Ledger parcels". */
  documentName?: string;
  /** Decimals of longitude/latitude; default 9 (≈0.1 mm). */
  decimals?: number;
}

function ringKml(ring: readonly Position[], decimals: number): string {
  const coordinates = ring.map((p) => `${p[0]!.toFixed(decimals)},${p[1]!.toFixed(decimals)}`).join(' ');
  return `<LinearRing><coordinates>${coordinates}</coordinates></LinearRing>`;
}

function polygonKml(rings: readonly (readonly Position[])[], decimals: number): string {
  const [outer, ...holes] = rings;
  return (
    `<Polygon><outerBoundaryIs>${ringKml(outer!, decimals)}</outerBoundaryIs>` +
    holes.map((h) => `<innerBoundaryIs>${ringKml(h, decimals)}</innerBoundaryIs>`).join('') +
    '</Polygon>'
  );
}

/** Writes features (CGCS2000 = WGS84 lon/lat for KML's purposes) as a KML 2.2 document, no styling. */
export function writeKml(features: readonly ImportedFeature[], options: KmlWriteOptions = {}): string {
  const decimals = options.decimals ?? 9;
  const placemarks = features.map((f) => {
    const p = f.properties ?? {};
    const name = p.name === undefined || p.name === null ? '' : `<name>${escapeXml(propertyText(p.name))}</name>`;
    const data = Object.entries(p)
      .filter(([key]) => key !== 'name')
      .map(([key, value]) => `<Data name="${escapeXml(key)}"><value>${escapeXml(propertyText(value))}</value></Data>`)
      .join('');
    const polygons = polygonsOf(f.geometry);
    const geometry =
      polygons.length === 1 ? polygonKml(polygons[0]!, decimals) : `<MultiGeometry>${polygons.map((r) => polygonKml(r, decimals)).join('')}</MultiGeometry>`;
    return `<Placemark>${name}${data ? `<ExtendedData>${data}</ExtendedData>` : ''}${geometry}</Placemark>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>' +
    `<name>${escapeXml(options.documentName ?? 'Land Ledger parcels')}</name>\n` +
    placemarks.join('\n') +
    '\n</Document>\n</kml>\n'
  );
}

/** Writes a KMZ: the KML as doc.kml in a zip. */
export function writeKmz(features: readonly ImportedFeature[], options: KmlWriteOptions = {}): Uint8Array {
  return zipSync({ 'doc.kml': encodeUtf8(writeKml(features, options)) });
}
