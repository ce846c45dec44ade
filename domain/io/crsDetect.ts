/**
 * Works out which CRS a file's coordinates are in: declared (a .prj's WKT, the
 * land-bureau TXT header) or inferred from coordinate magnitudes. Every
 * answer is checked against the coordinates themselves, so a .prj that says
 * "geographic" over metre values, or a northing in the easting column, is
 * refused with a reason instead of putting parcels in the ocean.
 */
import { CHINA_EXTENT } from '../geometry.validation';
import { crsInfo, gaussKrugerCrs, isSupportedCrs, toLonLat, WANSHENG_CENTRAL_MERIDIAN_DEGREES, type CrsCode } from './crs';
import type { ImportReasonCode } from './importReasons';

/** The CRS keys of a 国土 TXT [属性描述] section, already parsed. */
export interface TxtCrsHeader {
  /** 坐标系, e.g. "2000国家大地坐标系". */
  coordinateSystem?: string;
  /** 几度分带: 3 or 6. */
  zoneWidthDegrees?: number;
  /** 带号. */
  zoneNumber?: number;
  /** 投影类型, e.g. "高斯克吕格". */
  projection?: string;
  /** 计量单位, e.g. "米". */
  unit?: string;
}

export interface CrsDetectionInput {
  prj?: string;
  txtHeader?: TxtCrsHeader;
  /** Positions as read, [x, y] with x expected to be easting or longitude. */
  sampleCoordinates?: readonly (readonly number[])[];
  /** Central meridian for unprefixed Gauss–Krüger eastings when nothing else says; default 108 (Wansheng). */
  defaultCentralMeridianDegrees?: number;
}

export type CrsDetection =
  | { crs: CrsCode; confidence: 'declared' | 'inferred'; reason: string; assumedZone?: boolean }
  | { crs: null; failure: ImportReasonCode; reason: string };

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const fail = (failure: ImportReasonCode, reason: string): CrsDetection => ({ crs: null, failure, reason });

function sampleBox(samples: readonly (readonly number[])[]): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of samples) {
    const x = p[0];
    const y = p[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return minX === Infinity ? null : { minX, minY, maxX, maxY };
}

const swap = (b: Box): Box => ({ minX: b.minY, maxX: b.maxY, minY: b.minX, maxY: b.maxX });
const within = (lo: number, hi: number, min: number, max: number) => lo >= min && hi <= max;

function isLonLatInChina(b: Box): boolean {
  return within(b.minX, b.maxX, CHINA_EXTENT.minLon, CHINA_EXTENT.maxLon) && within(b.minY, b.maxY, CHINA_EXTENT.minLat, CHINA_EXTENT.maxLat);
}

/** Northings of China (3°N–54°N) on CGCS2000: ~330 km to ~6 000 km. */
const NORTHING_RANGE = [3e5, 6.2e6] as const;
/** Eastings within a zone, false easting 500 km, with a margin beyond 6° zone edges. */
const EASTING_RANGE = [1e5, 9e5] as const;

/** The zone number in a prefixed easting, or null. */
function prefixedZone(b: Box): number | null {
  const zone = Math.floor(b.minX / 1e6);
  if (zone !== Math.floor(b.maxX / 1e6)) return null;
  if (!((zone >= 13 && zone <= 23) || (zone >= 25 && zone <= 45))) return null;
  if (!within(b.minX - zone * 1e6, b.maxX - zone * 1e6, EASTING_RANGE[0], EASTING_RANGE[1])) return null;
  return within(b.minY, b.maxY, NORTHING_RANGE[0], NORTHING_RANGE[1]) ? zone : null;
}

function isUnprefixedGk(b: Box): boolean {
  return within(b.minX, b.maxX, EASTING_RANGE[0], EASTING_RANGE[1]) && within(b.minY, b.maxY, NORTHING_RANGE[0], NORTHING_RANGE[1]);
}

function describe(b: Box): string {
  const r = (v: number) => Number(v.toPrecision(9));
  return `x ${r(b.minX)}…${r(b.maxX)}, y ${r(b.minY)}…${r(b.maxY)}`;
}

function zoneCrsForCm(centralMeridianDegrees: number): CrsCode | null {
  return gaussKrugerCrs({ zoneWidthDegrees: 3, zoneNumber: centralMeridianDegrees / 3, zonePrefixed: false });
}

/** Infers the CRS from coordinate magnitudes alone. */
function inferFromMagnitudes(b: Box, defaultCm: number): CrsDetection {
  if (isLonLatInChina(b)) return { crs: 'EPSG:4490', confidence: 'inferred', reason: `longitude/latitude degrees (${describe(b)})` };
  const zone = prefixedZone(b);
  if (zone !== null) {
    const crs = gaussKrugerCrs({ zoneWidthDegrees: zone >= 25 ? 3 : 6, zoneNumber: zone, zonePrefixed: true })!;
    return { crs, confidence: 'inferred', reason: `eastings carry zone prefix ${zone} (${describe(b)}): ${crsInfo(crs).name}` };
  }
  if (isUnprefixedGk(b)) {
    const crs = zoneCrsForCm(defaultCm);
    if (!crs) return fail('UNKNOWN_CRS', `no 3-degree zone has central meridian ${defaultCm}°E`);
    return {
      crs,
      confidence: 'inferred',
      assumedZone: true,
      reason: `Gauss–Krüger metres without a zone prefix (${describe(b)}); zone assumed from central meridian ${defaultCm}°E: ${crsInfo(crs).name}`,
    };
  }
  const s = swap(b);
  if (isLonLatInChina(s) || prefixedZone(s) !== null || isUnprefixedGk(s)) {
    return fail('SWAPPED_AXES', `x looks like latitude/northing and y like longitude/easting (${describe(b)})`);
  }
  return fail('UNKNOWN_CRS', `coordinates match no supported CRS in China (${describe(b)}); local or CAD drawing coordinates?`);
}

/** Checks that a declared CRS puts the samples inside China; explains when it does not. */
function checkDeclared(d: CrsDetection & { crs: CrsCode }, b: Box | null): CrsDetection {
  if (!b) return d;
  const corners = [
    [b.minX, b.minY],
    [b.maxX, b.maxY],
  ];
  const lonLats = corners.map((p) => toLonLat(d.crs, p));
  const ok = lonLats.every(
    ([lon, lat]) =>
      Number.isFinite(lon) && Number.isFinite(lat) && within(lon!, lon!, CHINA_EXTENT.minLon, CHINA_EXTENT.maxLon) && within(lat!, lat!, CHINA_EXTENT.minLat, CHINA_EXTENT.maxLat),
  );
  if (ok) return d;
  const inferred = inferFromMagnitudes(b, WANSHENG_CENTRAL_MERIDIAN_DEGREES);
  if (inferred.crs === null && inferred.failure === 'SWAPPED_AXES') return inferred;
  return fail('CRS_MISMATCH', `declared ${d.crs} (${d.reason}) but the coordinates (${describe(b)}) fall outside China in it`);
}

const UNSUPPORTED_DATUM = /xian|xi'an|西安|beijing|北京|1954|1980|krasovsk|iag[ _]?1975|new_beijing/i;
const CGCS2000_DATUM = /cgcs[ _]?2000|china[ _]2000|china[ _]geodetic|2000国家|国家2000|2000坐标/i;
const WGS84_DATUM = /wgs[ _]?(19)?84/i;

function number(param: RegExp, wkt: string): number | null {
  const m = param.exec(wkt);
  return m ? Number(m[1]) : null;
}

/** Parses the .prj WKT (WKT1 ESRI/OGC or WKT2) of a CGCS2000/WGS84 geographic or Gauss–Krüger CRS. */
function fromPrj(prj: string): CrsDetection {
  const wkt = prj.trim();
  const authority = /(?:AUTHORITY\["EPSG",\s*"?|ID\["EPSG",\s*)(\d+)"?\]\s*\]\s*$/i.exec(wkt);
  const head = /^\s*(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(wkt);
  if (!head) return fail('UNKNOWN_CRS', `.prj is not WKT: "${wkt.slice(0, 60)}"`);
  if (authority && isSupportedCrs(`EPSG:${authority[1]}`)) {
    return { crs: `EPSG:${Number(authority[1])}`, confidence: 'declared', reason: `.prj names EPSG:${authority[1]}` };
  }
  const projected = /^PROJ/i.test(head[1]!);
  const name = head[2]!;
  if (UNSUPPORTED_DATUM.test(wkt) && !CGCS2000_DATUM.test(wkt)) return fail('UNSUPPORTED_CRS', `.prj declares "${name}"`);
  const isCgcs = CGCS2000_DATUM.test(wkt);
  if (!isCgcs && !WGS84_DATUM.test(wkt)) return fail('UNKNOWN_CRS', `.prj declares "${name}", neither CGCS2000 nor WGS84`);
  if (!projected) {
    return isCgcs
      ? { crs: 'EPSG:4490', confidence: 'declared', reason: `.prj declares CGCS2000 geographic ("${name}")` }
      : { crs: 'EPSG:4326', confidence: 'declared', reason: `.prj declares WGS84 geographic ("${name}")` };
  }
  if (!/transverse[ _]mercator|gauss[ _-]?kr[uü]ger/i.test(wkt)) return fail('UNKNOWN_CRS', `.prj projection of "${name}" is not Gauss–Krüger`);
  const cm = number(/PARAMETER\["(?:central_meridian|longitude of natural origin)",\s*([-\d.eE+]+)/i, wkt);
  const fe = number(/PARAMETER\["false[ _]easting",\s*([-\d.eE+]+)/i, wkt);
  const k = number(/PARAMETER\["scale[ _]factor(?: at natural origin)?",\s*([-\d.eE+]+)/i, wkt) ?? 1;
  const fn = number(/PARAMETER\["false[ _]northing",\s*([-\d.eE+]+)/i, wkt) ?? 0;
  if (cm === null || fe === null || k !== 1 || fn !== 0) {
    return fail('UNKNOWN_CRS', `.prj "${name}": central meridian ${cm}, false easting ${fe}, scale ${k}, false northing ${fn} match no CGCS2000 Gauss–Krüger zone`);
  }
  const datumNote = isCgcs ? '' : ' (WGS84 datum taken as CGCS2000)';
  const prefix = Math.round((fe - 500000) / 1e6);
  let crs: CrsCode | null = null;
  if (prefix === 0 && fe === 500000) {
    const says3 = /3[ _-]?degree|3度/i.test(name);
    // EPSG and ESRI name 6° zones without a width ("CGCS2000_GK_CM_111E"), 3° zones with one.
    const says6 = /6[ _-]?degree|6度/i.test(name) || (!says3 && /GK|Gauss/i.test(name));
    const threeZone = (cm - 75) % 3 === 0 ? gaussKrugerCrs({ zoneWidthDegrees: 3, zoneNumber: cm / 3, zonePrefixed: false }) : null;
    const sixZone = (cm + 3) % 6 === 0 ? gaussKrugerCrs({ zoneWidthDegrees: 6, zoneNumber: (cm + 3) / 6, zonePrefixed: false }) : null;
    // The same CM and false easting give the same coordinates either way; only the label differs.
    crs = says6 && sixZone ? sixZone : says3 ? threeZone : (threeZone ?? sixZone);
  } else if (fe === prefix * 1e6 + 500000) {
    const width = prefix >= 25 ? 3 : 6;
    const candidate = gaussKrugerCrs({ zoneWidthDegrees: width, zoneNumber: prefix, zonePrefixed: true });
    if (candidate && crsInfo(candidate).centralMeridianDegrees === cm) crs = candidate;
  }
  if (!crs) return fail('UNKNOWN_CRS', `.prj "${name}": central meridian ${cm}°E with false easting ${fe} is not a CGCS2000 zone`);
  return { crs, confidence: 'declared', reason: `.prj declares "${name}"${datumNote}: ${crsInfo(crs).name}` };
}

/** Reads the TXT header's 坐标系 / 几度分带 / 带号, using the samples to tell whether eastings carry the zone. */
function fromTxtHeader(h: TxtCrsHeader, b: Box | null, defaultCm: number): CrsDetection {
  const system = h.coordinateSystem?.trim() ?? '';
  if (system && UNSUPPORTED_DATUM.test(system) && !CGCS2000_DATUM.test(system)) return fail('UNSUPPORTED_CRS', `坐标系=${system}`);
  if (system && !CGCS2000_DATUM.test(system) && !WGS84_DATUM.test(system)) return fail('UNKNOWN_CRS', `坐标系=${system}`);
  if (h.unit && !/米|^m$|metre|meter/i.test(h.unit.trim())) return fail('UNKNOWN_CRS', `计量单位=${h.unit}`);
  const width = h.zoneWidthDegrees === 6 ? 6 : 3;
  const declaredZone = h.zoneNumber;
  const source = `坐标系=${system || '(blank)'}, 几度分带=${h.zoneWidthDegrees ?? '(blank)'}, 带号=${declaredZone ?? '(blank)'}`;
  if (!b) {
    if (declaredZone === undefined) return fail('UNKNOWN_CRS', `${source}: no zone and no coordinates`);
    const crs = gaussKrugerCrs({ zoneWidthDegrees: width, zoneNumber: declaredZone, zonePrefixed: false });
    return crs ? { crs, confidence: 'declared', reason: source } : fail('UNKNOWN_CRS', `${source}: no such zone`);
  }
  const zone = prefixedZone(b);
  if (zone !== null) {
    if (declaredZone !== undefined && declaredZone !== zone) {
      return fail('CRS_MISMATCH', `${source}, but the eastings carry zone ${zone} (${describe(b)})`);
    }
    const crs = gaussKrugerCrs({ zoneWidthDegrees: zone >= 25 ? 3 : 6, zoneNumber: zone, zonePrefixed: true });
    if (!crs || crsInfo(crs).zoneWidthDegrees !== width) return fail('CRS_MISMATCH', `${source}, but the eastings carry zone ${zone}`);
    return checkDeclared({ crs, confidence: 'declared', reason: `${source}; eastings carry the zone: ${crsInfo(crs).name}` }, b);
  }
  if (isUnprefixedGk(b)) {
    if (declaredZone === undefined) return inferFromMagnitudes(b, defaultCm);
    const crs = gaussKrugerCrs({ zoneWidthDegrees: width, zoneNumber: declaredZone, zonePrefixed: false });
    if (!crs) return fail('UNKNOWN_CRS', `${source}: no such zone`);
    return checkDeclared({ crs, confidence: 'declared', reason: `${source}: ${crsInfo(crs).name}` }, b);
  }
  return inferFromMagnitudes(b, defaultCm);
}

/**
 * Detects the CRS of a file, in order of trust: .prj, TXT header, magnitudes.
 *
 * @example
 * detectCrs({ sampleCoordinates: [[36493456.789, 3204123.456]] })
 * // { crs: 'EPSG:4524', confidence: 'inferred', reason: 'eastings carry zone prefix 36 …' }
 */
export function detectCrs(input: CrsDetectionInput): CrsDetection {
  const b = input.sampleCoordinates ? sampleBox(input.sampleCoordinates) : null;
  const defaultCm = input.defaultCentralMeridianDegrees ?? WANSHENG_CENTRAL_MERIDIAN_DEGREES;
  if (input.prj && input.prj.trim()) {
    const d = fromPrj(input.prj);
    return d.crs === null ? d : checkDeclared(d, b);
  }
  if (input.txtHeader) return fromTxtHeader(input.txtHeader, b, defaultCm);
  if (!b) return fail('UNKNOWN_CRS', 'no .prj, no header and no coordinates');
  return inferFromMagnitudes(b, defaultCm);
}
