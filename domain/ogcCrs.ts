/**
 * The CRSs served through OGC API – Features Part 2, by their OGC URIs, with
 * each one's axis order as its definition says: CRS84 is longitude,
 * latitude; EPSG:4490 is latitude, longitude; the CGCS2000 Gauss–Krüger
 * zones EPSG:4545 and EPSG:4524 are northing (X北), easting (Y东). Stored
 * geometry is CGCS2000 longitude/latitude (CRS84 order); the reprojection
 * itself is ./io/crs.ts.
 */
import type { Geometry, Position } from 'geojson';
import { reprojectGeometry, toLonLat, type CrsCode } from './io/crs';

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export interface OgcCrs {
  uri: string;
  /** The ./io/crs.ts code the coordinates are computed in. */
  code: CrsCode;
  /** True when the CRS's first axis is latitude or northing (positions are [y, x]). */
  northFirst: boolean;
}

const epsgUri = (n: number) => `http://www.opengis.net/def/crs/EPSG/0/${n}`;

export const OGC_CRSS: readonly OgcCrs[] = [
  { uri: CRS84_URI, code: 'EPSG:4490', northFirst: false },
  { uri: epsgUri(4490), code: 'EPSG:4490', northFirst: true },
  { uri: epsgUri(4545), code: 'EPSG:4545', northFirst: true },
  { uri: epsgUri(4524), code: 'EPSG:4524', northFirst: true },
];

/**
 * The CRS a parameter or header names: its URI (optionally in `<…>`, as
 * Content-Crs carries it), `EPSG:n` or `OGC:CRS84`; null when not offered.
 */
export function ogcCrsOf(text: string): OgcCrs | null {
  const t = text.trim().replace(/^<(.*)>$/, '$1').replace(/^\[(.*)\]$/, '$1');
  if (t === 'OGC:CRS84') return OGC_CRSS[0]!;
  const epsg = /^EPSG:(\d+)$/i.exec(t);
  const uri = epsg ? epsgUri(Number(epsg[1])) : t.replace(/^https:/, 'http:');
  return OGC_CRSS.find((c) => c.uri === uri) ?? null;
}

const swap = (p: Position): Position => [p[1]!, p[0]!];

function mapPositions(coordinates: unknown, f: (p: Position) => Position): unknown {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return f(coordinates as Position);
  return (coordinates as unknown[]).map((c) => mapPositions(c, f));
}

function swapAxes<G extends Geometry>(geometry: G): G {
  if (geometry.type === 'GeometryCollection') return { ...geometry, geometries: geometry.geometries.map(swapAxes) };
  return { ...geometry, coordinates: mapPositions(geometry.coordinates, swap) } as G;
}

/** A stored (CRS84) geometry in `crs`, in that CRS's axis order. */
export function geometryToCrs<G extends Geometry>(geometry: G, crs: OgcCrs): G {
  if (crs.uri === CRS84_URI) return geometry;
  const projected = reprojectGeometry(geometry, 'EPSG:4490', crs.code);
  return crs.northFirst ? swapAxes(projected) : projected;
}

/** A geometry written in `crs` (its axis order) as CRS84 longitude/latitude. */
export function geometryFromCrs<G extends Geometry>(geometry: G, crs: OgcCrs): G {
  if (crs.uri === CRS84_URI) return geometry;
  const ordered = crs.northFirst ? swapAxes(geometry) : geometry;
  return reprojectGeometry(ordered, crs.code, 'EPSG:4490');
}

/** Points per bbox edge when reprojecting it: a Gauss–Krüger box's edges are curves in longitude/latitude. */
const EDGE_STEPS = 16;

/**
 * A bbox given in `crs` (its axis order: [minY, minX, maxY, maxX] for a
 * north-first CRS) as the CRS84 box that contains it.
 */
export function bboxToCrs84(bbox: readonly [number, number, number, number], crs: OgcCrs): [number, number, number, number] {
  if (crs.uri === CRS84_URI) return [...bbox];
  const [minX, minY, maxX, maxY] = crs.northFirst ? [bbox[1], bbox[0], bbox[3], bbox[2]] : bbox;
  let out: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i <= EDGE_STEPS; i++) {
    const fx = minX + ((maxX - minX) * i) / EDGE_STEPS;
    const fy = minY + ((maxY - minY) * i) / EDGE_STEPS;
    for (const p of [[fx, minY], [fx, maxY], [minX, fy], [maxX, fy]]) {
      const [lon, lat] = toLonLat(crs.code, p);
      out = [Math.min(out[0], lon), Math.min(out[1], lat), Math.max(out[2], lon), Math.max(out[3], lat)];
    }
  }
  return out;
}
