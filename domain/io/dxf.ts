/**
 * AutoCAD DXF: closed LWPOLYLINE and POLYLINE entities become parcels, with
 * their layer name as the `layer` property. CAD boundary drawings are
 * usually in Gauss–Krüger metres without a zone prefix, so the CRS is
 * detected from magnitudes (default zone: 108°E, Wansheng) unless given.
 *
 * DXF has no holes: a closed polyline lying inside another on the same
 * layer is read as its hole (an island inside that hole as a new parcel
 * part), unless `nestedRingsAsHoles: false`.
 */
import DxfParser, { type IEntity, type ILwpolylineEntity, type IPolylineEntity } from 'dxf-parser';
import type { Position } from 'geojson';
import { fromLonLat, type CrsCode } from './crs';
import {
  catchImport,
  closeRing,
  DEFAULT_MAX_FEATURES,
  finishImport,
  importError,
  polygonsOf,
  signedPlanarArea,
  type ImportedFeature,
  type ImportResult,
  type ImportWarning,
  type RawFeature,
  type ReadOptions,
} from './importResult';
import { pointInRing, RingIndex } from '../ringNesting';
import { groupRings } from './shpBinary';
import { decodeUnknownText, encodeGbk, encodeUtf8 } from './textEncoding';

export interface DxfReadOptions extends ReadOptions {
  /** Read closed polylines nested on one layer as holes; default true. */
  nestedRingsAsHoles?: boolean;
}

/** AutoCAD's \U+XXXX escapes for non-ASCII text in older files. */
const unescapeDxf = (text: string) => text.replace(/\\U\+([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function isClosed(points: readonly Position[], flagged: boolean): boolean {
  if (flagged) return true;
  const first = points[0];
  const last = points.at(-1);
  return points.length > 3 && !!first && !!last && first[0] === last[0] && first[1] === last[1];
}

/** Groups one layer's closed rings into polygons by nesting depth. */
function nestRings(rings: Position[][]): Position[][][] {
  // groupRings takes clockwise rings as exteriors: wind by nesting depth, then group.
  const sorted = [...rings].sort((a, b) => Math.abs(signedPlanarArea(b)) - Math.abs(signedPlanarArea(a)));
  const index = new RingIndex(sorted);
  const wound = sorted.map((ring, i) => {
    // Depth = how many larger rings (earlier in `sorted`) hold this ring's first point.
    let depth = 0;
    for (const j of index.candidates(ring[0]!)) if (j < i && pointInRing(ring[0]!, sorted[j]!)) depth++;
    const wantClockwise = depth % 2 === 0;
    return signedPlanarArea(ring) < 0 === wantClockwise ? ring : [...ring].reverse();
  });
  return groupRings(wound);
}

/** Entities of type LWPOLYLINE or POLYLINE (group code 0 then the type, each on its own line). */
function countPolylineEntities(text: string): number {
  const pattern = /^[ \t]*0\r?\n[ \t]*(?:LW)?POLYLINE[ \t]*\r?$/gm;
  let n = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/** Reads DXF text or bytes (UTF-8 for AutoCAD 2007+, GBK for older Chinese drawings). */
export function readDxf(input: Uint8Array | string, options?: DxfReadOptions): ImportResult {
  return catchImport(() => {
    const decoded =
      typeof input === 'string' ? { text: input, encoding: 'utf-16' } : decodeUnknownText(input, (t) => /(^|\n)\s*SECTION\s*(\r?\n)/.test(t));
    const text = decoded.text;
    if (!/(^|\n)\s*EOF\s*$/.test(text.trimEnd())) throw importError('TRUNCATED_FILE', 'the drawing does not end with 0/EOF');
    // Count the polylines before parsing: the feature limit must refuse a 200,000-polyline
    // drawing in milliseconds, not after parsing and nesting it. A parcel may carry holes,
    // each a polyline of its own, so the count may reach twice the feature limit.
    const maxPolylines = 2 * (options?.maxFeatures ?? DEFAULT_MAX_FEATURES);
    const polylines = countPolylineEntities(text);
    if (polylines > maxPolylines) throw importError('TOO_MANY_FEATURES', `${polylines} polylines; the limit is ${maxPolylines} (${maxPolylines / 2} parcels)`);
    let dxf;
    try {
      dxf = new DxfParser().parseSync(text);
    } catch (e) {
      throw importError('UNSUPPORTED_FORMAT', `not a readable ASCII DXF: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!dxf) throw importError('UNSUPPORTED_FORMAT', 'not a readable ASCII DXF');
    const warnings: ImportWarning[] = [];
    const byLayer = new Map<string, Position[][]>();
    let skipped = 0;
    let arcs = 0;
    for (const entity of dxf.entities as IEntity[]) {
      let points: Position[] = [];
      let flagged = false;
      if (entity.type === 'LWPOLYLINE') {
        const e = entity as ILwpolylineEntity;
        points = (e.vertices ?? []).map((v) => [v.x, v.y]);
        flagged = e.shape;
        if (e.vertices?.some((v) => v.bulge)) arcs++;
      } else if (entity.type === 'POLYLINE') {
        const e = entity as IPolylineEntity;
        if (e.isPolyfaceMesh || e.is3dPolygonMesh) {
          skipped++;
          continue;
        }
        points = (e.vertices ?? []).map((v) => [v.x, v.y]);
        flagged = e.shape;
        if (e.vertices?.some((v) => v.bulge)) arcs++;
      } else {
        skipped++;
        continue;
      }
      if (points.length < 3 || !isClosed(points, flagged)) {
        skipped++;
        continue;
      }
      const layer = unescapeDxf(entity.layer ?? '0');
      const rings = byLayer.get(layer) ?? [];
      rings.push(closeRing(points));
      byLayer.set(layer, rings);
    }
    if (skipped) warnings.push({ code: 'SKIPPED_ENTITIES', detail: `${skipped} entities are not closed polylines` });
    if (arcs) warnings.push({ code: 'ARC_SEGMENTS_IGNORED', detail: `${arcs} polylines have arc segments` });
    const nested = options?.nestedRingsAsHoles ?? true;
    const raw: RawFeature[] = [];
    for (const [layer, rings] of byLayer) {
      const polygons = nested ? nestRings(rings) : rings.map((r) => [r]);
      for (const polygon of polygons) raw.push({ polygons: [polygon], properties: { layer } });
    }
    return finishImport(raw, { format: 'dxf', options, encoding: decoded.encoding, warnings, crsInput: {} });
  });
}

export interface DxfWriteOptions {
  /** CRS of the drawing; default EPSG:4545 (3° zone 36 metres, no zone prefix), as CAD drawings here use. */
  crs?: CrsCode;
  /** Property giving each parcel's layer; default "layer". */
  layerProperty?: string;
  /** Layer for parcels without that property; default "PARCELS". */
  defaultLayer?: string;
  /** Decimals of metres; default 4. */
  decimals?: number;
  /**
   * 'utf-8' (default): AutoCAD 2007 (AC1021) text, UTF-8 by definition.
   * 'gbk': AutoCAD 2000 (AC1015) with $DWGCODEPAGE ANSI_936, for older
   * Chinese CAD and for GDAL ≤ 3.6, which reads AC1021 files as Latin-1
   * unless DXF_ENCODING=UTF-8 is set. Encode that text with writeDxfBytes.
   */
  codePage?: 'utf-8' | 'gbk';
}

/** DXF layer names may not contain <>/\":;?*|=` characters. */
const layerName = (name: string) => name.replace(/[<>/\\":;?*|=`\r\n]/g, '_').slice(0, 255) || '0';

/**
 * Writes each ring as a closed LWPOLYLINE (holes as further polylines on the
 * same layer). A minimal ASCII DXF, header and entities only, which CAD and
 * GIS software (GDAL, QGIS) read.
 */
export function writeDxf(features: readonly ImportedFeature[], options: DxfWriteOptions = {}): string {
  const crs = options.crs ?? 'EPSG:4545';
  const decimals = options.decimals ?? 4;
  const key = options.layerProperty ?? 'layer';
  const version = options.codePage === 'gbk' ? ['$ACADVER', 1, 'AC1015', 9, '$DWGCODEPAGE', 3, 'ANSI_936'] : ['$ACADVER', 1, 'AC1021'];
  const out: (string | number)[] = [0, 'SECTION', 2, 'HEADER', 9, ...version, 9, '$INSUNITS', 70, 6, 0, 'ENDSEC'];
  out.push(0, 'SECTION', 2, 'ENTITIES');
  for (const f of features) {
    const value = f.properties?.[key];
    const layer = layerName(value === undefined || value === null ? (options.defaultLayer ?? 'PARCELS') : String(value));
    for (const rings of polygonsOf(f.geometry)) {
      for (const ring of rings) {
        const points = ring.slice(0, -1).map((p) => fromLonLat(crs, p));
        out.push(0, 'LWPOLYLINE', 8, layer, 90, points.length, 70, 1);
        for (const [x, y] of points) out.push(10, x!.toFixed(decimals), 20, y!.toFixed(decimals));
      }
    }
  }
  out.push(0, 'ENDSEC', 0, 'EOF');
  return out.join('\n') + '\n';
}

/** The drawing as file bytes in its code page (see DxfWriteOptions.codePage). */
export function writeDxfBytes(features: readonly ImportedFeature[], options: DxfWriteOptions = {}): Uint8Array {
  const text = writeDxf(features, options);
  return options.codePage === 'gbk' ? encodeGbk(text) : encodeUtf8(text);
}
