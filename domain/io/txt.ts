/**
 * The land bureau's boundary-point text file (国土 TXT, 勘测定界界址点坐标文件),
 * as exchanged with 自然资源局 for land supply and surveys:
 *
 *   [属性描述]
 *   格式版本号=1.01版本
 *   坐标系=2000国家大地坐标系
 *   几度分带=3
 *   投影类型=高斯克吕格
 *   计量单位=米
 *   带号=36
 *   精度=0.001
 *   转换参数=,,,,,,
 *   [地块坐标]
 *   10,1.2345,DK001,某地块,面,,工业用地,1001,@       ← 界址点数,地块面积(公顷),地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码,@
 *   J1,1,3204123.456,36493456.789                     ← 点号,圈号,X(北),Y(东)
 *
 * X is the NORTHING and Y the EASTING (surveyors' axes), Y with the zone
 * number in front when the file carries it. 圈号 1 is an outer ring, >1 its
 * holes; a later 圈号 1 starts another part. Each ring repeats its first
 * point at the end. 界址点数 counts every point line of the parcel, closing
 * points included, and is how a truncated file is caught.
 */
import type { Position } from 'geojson';
import { areaSquareMeters } from '../area';
import { squareMetersToHectares } from '../units';
import { crsInfo, fromLonLat, type CrsCode } from './crs';
import type { TxtCrsHeader } from './crsDetect';
import {
  catchImport,
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
import { decodeUnknownText, encodeGbk, encodeUtf8, TextEncodingError } from './textEncoding';

export type TxtParcelProperties = {
  parcelCode: string;
  name: string;
  /** 地块用途 as written, e.g. "工业用地". */
  landUseDescription: string | null;
  /** 地类编码, e.g. "1001" (国土空间调查、规划、用途管制用地用海分类). */
  landUseCode: string | null;
  /** 图幅号. */
  sheetNumber: string | null;
  /** 地块面积 as written in the file, hectares. Often the Gauss plane area, which near Wansheng reads ~0.03% above the ellipsoidal one. */
  statedAreaHectares: number | null;
  /** Official ellipsoidal area on CGCS2000 (../area.ts), hectares. */
  computedAreaHectares: number;
  /** (computed − stated) / stated; null when no area is stated. */
  areaDifferenceRelative: number | null;
};

/** Above this relative difference between stated and computed area, the import carries an AREA_DIFFERS warning. */
export const AREA_DIFFERENCE_WARNING_RELATIVE = 0.005;

const SECTION_ATTRIBUTES = '[属性描述]';
const SECTION_PARCELS = '[地块坐标]';

type TxtRaw = RawFeature<Omit<TxtParcelProperties, 'computedAreaHectares' | 'areaDifferenceRelative'>>;

function splitFields(line: string): string[] {
  return line.split(/[,，]/).map((f) => f.trim());
}

function parseNumber(text: string, what: string, line: number): number {
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw importError('MALFORMED_LINE', `${what} "${text}" is not a number`, line);
  return value;
}

function headerFromAttributes(attributes: Map<string, string>): TxtCrsHeader {
  const header: TxtCrsHeader = {};
  const system = attributes.get('坐标系');
  if (system) header.coordinateSystem = system;
  const width = Number(attributes.get('几度分带'));
  if (width === 3 || width === 6) header.zoneWidthDegrees = width;
  const zone = attributes.get('带号');
  if (zone && Number.isInteger(Number(zone))) header.zoneNumber = Number(zone);
  const projection = attributes.get('投影类型');
  if (projection) header.projection = projection;
  const unit = attributes.get('计量单位');
  if (unit) header.unit = unit;
  return header;
}

interface Parsed {
  attributes: Map<string, string>;
  features: TxtRaw[];
}

/** Parses the decoded text into raw parcels (coordinates [easting, northing] in the file's CRS). */
function parseText(text: string): Parsed {
  const lines = text.split(/\r\n|\n|\r/);
  const attributes = new Map<string, string>();
  const features: TxtRaw[] = [];
  let section: 'none' | 'attributes' | 'parcels' = 'none';
  let sawParcels = false;
  let current: { raw: TxtRaw; declaredPoints: number; points: number; ringNumber: number | null; ring: Position[] } | null = null;

  const finishParcel = (atLine: number, atEnd: boolean) => {
    if (!current) return;
    const { raw, declaredPoints, points } = current;
    if (points !== declaredPoints) {
      if (atEnd && points < declaredPoints) {
        throw importError('TRUNCATED_FILE', `parcel ${raw.properties.parcelCode} declares ${declaredPoints} points, the file ends after ${points}`, atLine);
      }
      throw importError('MALFORMED_LINE', `parcel ${raw.properties.parcelCode} declares ${declaredPoints} points but has ${points}`, raw.line);
    }
    const last = raw.polygons.at(-1)?.at(-1);
    if (last && last.length > 1 && (last[0]![0] !== last.at(-1)![0] || last[0]![1] !== last.at(-1)![1])) {
      throw importError(atEnd ? 'TRUNCATED_FILE' : 'MALFORMED_LINE', `a ring of parcel ${raw.properties.parcelCode} does not return to its first point`, atLine);
    }
    const previous = features.at(-1);
    // Consecutive records with the same 地块编号 are parts of one parcel.
    if (previous && previous.properties.parcelCode === raw.properties.parcelCode && raw.properties.parcelCode !== '') {
      previous.polygons.push(...raw.polygons);
      const a = previous.properties.statedAreaHectares;
      const b = raw.properties.statedAreaHectares;
      previous.properties.statedAreaHectares = a === null || b === null ? null : a + b;
    } else {
      features.push(raw);
    }
    current = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line.startsWith('[')) {
      finishParcel(lineNumber, false);
      if (line.startsWith(SECTION_ATTRIBUTES)) section = 'attributes';
      else if (line.startsWith(SECTION_PARCELS)) {
        section = 'parcels';
        sawParcels = true;
      } else section = 'none';
      continue;
    }
    if (section === 'attributes') {
      const eq = line.search(/[=＝]/);
      if (eq > 0) attributes.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      continue;
    }
    if (section !== 'parcels') continue;
    const fields = splitFields(line);
    if (fields.at(-1) === '@') {
      finishParcel(lineNumber, false);
      const declaredPoints = parseNumber(fields[0]!, '界址点数', lineNumber);
      if (!Number.isInteger(declaredPoints) || declaredPoints < 4) throw importError('MALFORMED_LINE', `界址点数 ${fields[0]} must be an integer ≥ 4`, lineNumber);
      const area = fields[1] ?? '';
      const text = (k: number) => (fields.length - 1 > k && fields[k] !== '' ? fields[k]! : null);
      current = {
        declaredPoints,
        points: 0,
        ringNumber: null,
        ring: [],
        raw: {
          polygons: [],
          line: lineNumber,
          properties: {
            parcelCode: text(2) ?? '',
            name: text(3) ?? '',
            sheetNumber: text(5),
            landUseDescription: text(6),
            landUseCode: text(7),
            statedAreaHectares: area === '' ? null : parseNumber(area, '地块面积', lineNumber),
          },
        },
      };
      if (text(4) !== null && !/^(面|polygon)$/i.test(text(4)!)) {
        throw importError('UNSUPPORTED_GEOMETRY', `记录图形属性 "${text(4)}": only 面 (polygon) parcels are read`, lineNumber);
      }
      continue;
    }
    if (!current) throw importError('MALFORMED_LINE', 'a point line comes before any parcel header (a header line ends in ",@")', lineNumber);
    if (fields.length < 4) throw importError('MALFORMED_LINE', `expected 点号,圈号,X,Y; found ${fields.length} fields`, lineNumber);
    const ringNumber = parseNumber(fields[1]!, '圈号', lineNumber);
    const northing = parseNumber(fields[2]!, 'X', lineNumber);
    const easting = parseNumber(fields[3]!, 'Y', lineNumber);
    if (ringNumber !== current.ringNumber) {
      current.ring = [];
      if (ringNumber === 1 || current.raw.polygons.length === 0) current.raw.polygons.push([current.ring]);
      else current.raw.polygons.at(-1)!.push(current.ring);
      current.ringNumber = ringNumber;
    }
    current.ring.push([easting, northing]);
    current.points += 1;
  }
  if (!sawParcels) throw importError('TRUNCATED_FILE', `no ${SECTION_PARCELS} section`, lines.length);
  finishParcel(lines.length, true);
  return { attributes, features };
}

/**
 * Decodes as UTF-8 or GBK, whichever shows a section marker. When neither
 * does, bytes that still show the format's ASCII skeleton (",@" parcel
 * headers) or NULs (UTF-16 without BOM) are BAD_ENCODING; anything else is
 * not a bureau TXT at all.
 */
function decodeTxtBytes(bytes: Uint8Array, hasMarker: (t: string) => boolean): { text: string; encoding: string } {
  try {
    return decodeUnknownText(bytes, hasMarker);
  } catch (e) {
    if (!(e instanceof TextEncodingError)) throw e;
    const latin = new TextDecoder('latin1').decode(bytes.subarray(0, 65536));
    if (latin.includes('\0') || /,@\s*$/m.test(latin)) throw e;
    throw importError('UNSUPPORTED_FORMAT', `no ${SECTION_ATTRIBUTES} or ${SECTION_PARCELS} section: not a land-bureau TXT`);
  }
}

/**
 * Reads a 国土 TXT file (GBK or UTF-8 bytes, or an already decoded string).
 * Features come out in CGCS2000 lon/lat with their stated and computed areas.
 */
export function readTxt(input: Uint8Array | string, options?: ReadOptions): ImportResult<TxtParcelProperties> {
  return catchImport(() => {
    const hasMarker = (t: string) => t.includes(SECTION_ATTRIBUTES) || t.includes(SECTION_PARCELS);
    let text: string;
    let encoding = 'utf-16';
    if (typeof input === 'string') {
      text = input.replace(/^\uFEFF/, '');
    } else {
      const decoded = decodeTxtBytes(input, hasMarker);
      text = decoded.text;
      encoding = decoded.encoding;
    }
    if (!hasMarker(text)) throw importError('UNSUPPORTED_FORMAT', `no ${SECTION_ATTRIBUTES} or ${SECTION_PARCELS} section: not a land-bureau TXT`);
    const parsed = parseText(text);
    const result = finishImport(parsed.features, {
      format: 'txt',
      options,
      encoding,
      crsInput: { txtHeader: headerFromAttributes(parsed.attributes) },
    });
    const warnings: ImportWarning[] = [...result.warnings];
    const features = result.features.map((f, index) => {
      const computedAreaHectares = squareMetersToHectares(areaSquareMeters(f.geometry));
      const stated = f.properties.statedAreaHectares;
      const areaDifferenceRelative = stated !== null && stated > 0 ? (computedAreaHectares - stated) / stated : null;
      if (areaDifferenceRelative !== null && Math.abs(areaDifferenceRelative) > AREA_DIFFERENCE_WARNING_RELATIVE) {
        const line = parsed.features[index]!.line;
        warnings.push({
          code: 'AREA_DIFFERS',
          featureIndex: index,
          ...(line !== undefined ? { line } : {}),
          detail: `${f.properties.parcelCode}: stated ${stated} ha, computed ${computedAreaHectares.toFixed(4)} ha`,
        });
      }
      const properties: TxtParcelProperties = { ...f.properties, computedAreaHectares, areaDifferenceRelative };
      return { ...f, properties } as ImportedFeature<TxtParcelProperties>;
    });
    return { ...result, features, warnings };
  });
}

export interface TxtWriteOptions {
  /** A Gauss–Krüger zone; default EPSG:4524 (3° zone 36, zone number in the easting, as the bureau's files carry it). */
  crs?: CrsCode;
  /** Decimals of X/Y in metres; default 3 (millimetres), written as 精度. */
  decimals?: number;
  /** 数据产生单位. */
  producer?: string;
  /** 数据产生日期, YYYY-MM-DD; default today. */
  producedOn?: string;
  /** Line ending; default CRLF, as the bureau's Windows tools write. */
  lineEnding?: '\r\n' | '\n';
}

function orient(ring: readonly Position[], clockwise: boolean): Position[] {
  const isClockwise = signedPlanarArea(ring) < 0;
  return isClockwise === clockwise ? [...ring] : [...ring].reverse();
}

/**
 * A value as one TXT field. The format has no quoting and splits fields on
 * both commas (',' and '，'), so a comma in a name becomes '、' (the
 * enumeration comma, which reads the same in a Chinese name); '@' ends a
 * record and line breaks end a line, so those become spaces.
 */
export function txtField(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).replace(/[,，]/g, '、').replace(/[@\r\n]+/g, ' ');
}

/**
 * Writes features (CGCS2000 lon/lat) as a 国土 TXT string. Areas written are
 * the ellipsoidal areas of the geometry, in hectares to 4 decimals. Outer
 * rings run clockwise (as boundary points are numbered), holes anticlockwise.
 * A MultiPolygon becomes consecutive records with the same 地块编号.
 * Properties read: parcelCode, name, landUseDescription, landUseCode, sheetNumber.
 */
export function writeTxt(features: readonly ImportedFeature[], options: TxtWriteOptions = {}): string {
  const crs = options.crs ?? 'EPSG:4524';
  const info = crsInfo(crs);
  if (info.kind !== 'gauss_kruger') throw new Error(`TXT coordinates must be Gauss–Krüger metres, not ${crs}`);
  const decimals = options.decimals ?? 3;
  const eol = options.lineEnding ?? '\r\n';
  const out: string[] = [
    SECTION_ATTRIBUTES,
    '格式版本号=1.01版本',
    `数据产生单位=${txtField(options.producer ?? '')}`,
    `数据产生日期=${options.producedOn ?? new Date().toISOString().slice(0, 10)}`,
    '坐标系=2000国家大地坐标系',
    `几度分带=${info.zoneWidthDegrees}`,
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${info.zoneNumber}`,
    `精度=${(10 ** -decimals).toFixed(decimals)}`,
    '转换参数=,,,,,,',
    SECTION_PARCELS,
  ];
  features.forEach((feature, index) => {
    const p = feature.properties ?? {};
    const code = txtField(p.parcelCode ?? '') || `DK${String(index + 1).padStart(3, '0')}`;
    for (const polygon of polygonsOf(feature.geometry)) {
      const areaHectares = squareMetersToHectares(areaSquareMeters({ type: 'Polygon', coordinates: polygon }));
      const rings = polygon.map((ring, r) => orient(ring.map((q) => fromLonLat(crs, q)), r === 0));
      const pointCount = rings.reduce((n, ring) => n + ring.length, 0);
      out.push(
        [pointCount, areaHectares.toFixed(4), code, txtField(p.name), '面', txtField(p.sheetNumber), txtField(p.landUseDescription), txtField(p.landUseCode), '@'].join(','),
      );
      let pointNumber = 0;
      rings.forEach((ring, r) => {
        const firstNumber = pointNumber + 1;
        ring.forEach(([easting, northing], k) => {
          const isClosing = k === ring.length - 1;
          const label = isClosing ? firstNumber : ++pointNumber;
          out.push(`J${label},${r + 1},${northing!.toFixed(decimals)},${easting!.toFixed(decimals)}`);
        });
      });
    }
  });
  return out.join(eol) + eol;
}

/** Encodes written TXT for download: GBK (what most bureau software expects) or UTF-8. */
export function encodeTxt(text: string, encoding: 'gbk' | 'utf-8' = 'gbk'): Uint8Array {
  return encoding === 'gbk' ? encodeGbk(text) : encodeUtf8(text);
}
