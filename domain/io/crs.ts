/**
 * Coordinate reference systems for imports and exports, shipped in code (no
 * network): CGCS2000 geographic (EPSG:4490), WGS84 (EPSG:4326) and the
 * CGCS2000 Gauss–Krüger zones China's surveys use.
 *
 *   EPSG:4491–4501  6° zones 13–23, zone number in the easting (false easting zone·1e6 + 500000)
 *   EPSG:4502–4512  6° zones, CM 75°E…135°E step 6, false easting 500000
 *   EPSG:4513–4533  3° zones 25–45, zone number in the easting
 *   EPSG:4534–4554  3° zones, CM 75°E…135°E step 3, false easting 500000
 *
 * Wansheng lies in 3° zone 36 (CM 108°E): EPSG:4524 / EPSG:4545.
 *
 * Positions are always [x, y] = [eastingMeters, northingMeters] or
 * [longitude, latitude] degrees, whatever axis order EPSG declares (EPSG's
 * order for these zones is northing first, the surveyors' X北 Y东).
 *
 * The ellipsoid is given as +a/+rf: +ellps=GRS80 has f = 1/298.257222100882…,
 * not CGCS2000's 1/298.257222101. proj4's `tmerc` is the exact
 * Poder/Engsager Krüger series (etmerc), as in PROJ.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';

export type CrsCode = `EPSG:${number}`;

export interface CrsInfo {
  code: CrsCode;
  kind: 'geographic' | 'gauss_kruger';
  /** OGC name as in the EPSG registry. */
  name: string;
  /** ESRI-style name, as GIS software writes it into a .prj. */
  esriName: string;
  zoneWidthDegrees?: 3 | 6;
  zoneNumber?: number;
  centralMeridianDegrees?: number;
  falseEastingMeters?: number;
  /** True when the zone number is the easting's leading digits (36 493 456.789). */
  zonePrefixed?: boolean;
}

const CGCS2000_ELLIPSOID = '+a=6378137 +rf=298.257222101 +towgs84=0,0,0,0,0,0,0';
const PROJ4_LONLAT_CGCS2000 = `+proj=longlat ${CGCS2000_ELLIPSOID} +no_defs`;

const REGISTRY = new Map<CrsCode, CrsInfo & { proj4: string }>();

REGISTRY.set('EPSG:4490', {
  code: 'EPSG:4490',
  kind: 'geographic',
  name: 'China Geodetic Coordinate System 2000',
  esriName: 'GCS_China_Geodetic_Coordinate_System_2000',
  proj4: PROJ4_LONLAT_CGCS2000,
});
REGISTRY.set('EPSG:4326', {
  code: 'EPSG:4326',
  kind: 'geographic',
  name: 'WGS 84',
  esriName: 'GCS_WGS_1984',
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
});

function registerZone(code: number, zoneWidthDegrees: 3 | 6, zoneNumber: number, zonePrefixed: boolean): void {
  const centralMeridianDegrees = zoneWidthDegrees === 3 ? 3 * zoneNumber : 6 * zoneNumber - 3;
  const falseEastingMeters = zonePrefixed ? zoneNumber * 1e6 + 500000 : 500000;
  const width = zoneWidthDegrees === 3 ? '3-degree ' : '';
  const esriWidth = zoneWidthDegrees === 3 ? '3_Degree_' : '';
  REGISTRY.set(`EPSG:${code}`, {
    code: `EPSG:${code}`,
    kind: 'gauss_kruger',
    name: zonePrefixed
      ? `CGCS2000 / ${width}Gauss-Kruger zone ${zoneNumber}`
      : `CGCS2000 / ${width}Gauss-Kruger CM ${centralMeridianDegrees}E`,
    esriName: zonePrefixed
      ? `CGCS2000_${esriWidth}GK_Zone_${zoneNumber}`
      : `CGCS2000_${esriWidth}GK_CM_${centralMeridianDegrees}E`,
    zoneWidthDegrees,
    zoneNumber,
    centralMeridianDegrees,
    falseEastingMeters,
    zonePrefixed,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${centralMeridianDegrees} +k=1 +x_0=${falseEastingMeters} +y_0=0 ${CGCS2000_ELLIPSOID} +units=m +no_defs`,
  });
}

for (let zone = 13; zone <= 23; zone++) {
  registerZone(4491 + zone - 13, 6, zone, true);
  registerZone(4502 + zone - 13, 6, zone, false);
}
for (let zone = 25; zone <= 45; zone++) {
  registerZone(4513 + zone - 25, 3, zone, true);
  registerZone(4534 + zone - 25, 3, zone, false);
}

/** The CRS Wansheng's survey and CAD data are usually in: 3° zone 36, no zone prefix. */
export const WANSHENG_GK_CRS: CrsCode = 'EPSG:4545';
export const WANSHENG_CENTRAL_MERIDIAN_DEGREES = 108;

export function isSupportedCrs(code: string): code is CrsCode {
  return REGISTRY.has(code as CrsCode);
}

/** Facts about a supported CRS; throws on an unknown code (a programming error). */
export function crsInfo(code: CrsCode): CrsInfo {
  const info = REGISTRY.get(code);
  if (!info) throw new Error(`Unsupported CRS ${code}`);
  const { proj4: _definition, ...rest } = info;
  return rest;
}

/** The proj4 definition string of a supported CRS. */
export function proj4Definition(code: CrsCode): string {
  crsInfo(code);
  return REGISTRY.get(code)!.proj4;
}

/** Every supported code, geographic first. */
export function supportedCrsCodes(): CrsCode[] {
  return [...REGISTRY.keys()];
}

/**
 * The EPSG code of a CGCS2000 Gauss–Krüger zone.
 * @example gaussKrugerCrs({ zoneWidthDegrees: 3, zoneNumber: 36, zonePrefixed: false }) // 'EPSG:4545'
 */
export function gaussKrugerCrs(zone: { zoneWidthDegrees: 3 | 6; zoneNumber: number; zonePrefixed: boolean }): CrsCode | null {
  const { zoneWidthDegrees: w, zoneNumber: n, zonePrefixed: p } = zone;
  if (!Number.isInteger(n)) return null;
  if (w === 3 && n >= 25 && n <= 45) return `EPSG:${(p ? 4513 : 4534) + n - 25}`;
  if (w === 6 && n >= 13 && n <= 23) return `EPSG:${(p ? 4491 : 4502) + n - 13}`;
  return null;
}

/** The 3° zone whose central meridian is nearest to a longitude (Wansheng, 106.9°E → 36). */
export function threeDegreeZoneForLongitude(longitudeDegrees: number): number {
  return Math.round(longitudeDegrees / 3);
}

type Converter = { forward(p: number[]): number[]; inverse(p: number[]): number[] };
const CONVERTERS = new Map<CrsCode, Converter>();

function converter(code: CrsCode): Converter {
  let c = CONVERTERS.get(code);
  if (!c) {
    // proj4(from, to) with definition strings: nothing is registered globally.
    c = proj4(PROJ4_LONLAT_CGCS2000, proj4Definition(code)) as Converter;
    CONVERTERS.set(code, c);
  }
  return c;
}

/**
 * A position in `crs` to CGCS2000 [longitude, latitude] degrees. WGS84 and
 * CGCS2000 coordinates are passed through: the two frames agree to a few
 * centimetres, far inside what boundary surveys resolve.
 */
export function toLonLat(crs: CrsCode, position: readonly number[]): [number, number] {
  const x = position[0]!;
  const y = position[1]!;
  if (crs === 'EPSG:4490' || crs === 'EPSG:4326') return [x, y];
  const out = converter(crs).inverse([x, y]);
  return [out[0]!, out[1]!];
}

/** CGCS2000 [longitude, latitude] degrees to a position in `crs` ([eastingMeters, northingMeters] for a zone). */
export function fromLonLat(crs: CrsCode, lonLat: readonly number[]): [number, number] {
  const lon = lonLat[0]!;
  const lat = lonLat[1]!;
  if (crs === 'EPSG:4490' || crs === 'EPSG:4326') return [lon, lat];
  const out = converter(crs).forward([lon, lat]);
  return [out[0]!, out[1]!];
}

function mapPositions(coordinates: unknown, f: (p: readonly number[]) => Position): unknown {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return f(coordinates as number[]);
  return (coordinates as unknown[]).map((c) => mapPositions(c, f));
}

/**
 * Reprojects every position of a geometry from one supported CRS to another,
 * dropping altitude. Returns a new geometry.
 */
export function reprojectGeometry<G extends Geometry>(geometry: G, fromCrs: CrsCode, toCrs: CrsCode): G {
  if (fromCrs === toCrs) return structuredClone(geometry);
  const f = (p: readonly number[]): Position => fromLonLat(toCrs, toLonLat(fromCrs, p));
  if (geometry.type === 'GeometryCollection') {
    return { ...geometry, geometries: geometry.geometries.map((g) => reprojectGeometry(g, fromCrs, toCrs)) };
  }
  return { type: geometry.type, coordinates: mapPositions(geometry.coordinates, f) } as G;
}

/**
 * The .prj text for a supported CRS, in the ESRI WKT dialect that ArcGIS,
 * QGIS and GDAL all read and that Chinese GIS packages write.
 */
export function esriWkt(code: CrsCode): string {
  const info = crsInfo(code);
  const cgcs =
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],' +
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  if (code === 'EPSG:4326') {
    return 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  }
  if (info.kind === 'geographic') return cgcs;
  return (
    `PROJCS["${info.esriName}",${cgcs},PROJECTION["Gauss_Kruger"],` +
    `PARAMETER["False_Easting",${info.falseEastingMeters!.toFixed(1)}],PARAMETER["False_Northing",0.0],` +
    `PARAMETER["Central_Meridian",${info.centralMeridianDegrees!.toFixed(1)}],PARAMETER["Scale_Factor",1.0],` +
    `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}

export { detectCrs, type CrsDetection, type CrsDetectionInput, type TxtCrsHeader } from './crsDetect';
