/**
 * Helpers for the illustrative seed-geodata generator (generate.ts):
 * a seeded PRNG, a local metric frame around Wansheng town, and builders for
 * irregular zone outlines and road-separated parcel cells.
 *
 * Geometry is designed in metres (x east, y north) relative to Wansheng town
 * (106.93°E, 28.96°N) and converted to CGCS2000 lon/lat (EPSG:4490) with a
 * local equirectangular scale, then rounded to 7 decimals (~1 cm). Official
 * areas are always measured afterwards with domain/area.ts, never from the
 * metre frame.
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { areaSquareMeters } from '../domain/area';
import { squareMetersToMu } from '../domain/units';

export type XY = [number, number];

/** mulberry32: small, fast, deterministic. */
export function makeRng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * next()),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}
export type Rng = ReturnType<typeof makeRng>;

export const ORIGIN = { lon: 106.93, lat: 28.96 } as const;
const M_PER_DEG_LAT = 110_850;
const M_PER_DEG_LON = 111_320 * Math.cos((ORIGIN.lat * Math.PI) / 180);

export const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
export const round1 = (v: number) => Math.round(v * 10) / 10;

export function toLonLat([x, y]: XY): Position {
  return [round7(ORIGIN.lon + x / M_PER_DEG_LON), round7(ORIGIN.lat + y / M_PER_DEG_LAT)];
}
export function toXY([lon, lat]: Position): XY {
  return [(lon! - ORIGIN.lon) * M_PER_DEG_LON, (lat! - ORIGIN.lat) * M_PER_DEG_LAT];
}

/** Closed lon/lat ring from metre points (given in the wanted orientation). */
export function ring(points: readonly XY[]): Position[] {
  const r = points.map(toLonLat);
  r.push([...r[0]!]);
  return r;
}

export function rotate([x, y]: XY, deg: number): XY {
  const t = (deg * Math.PI) / 180;
  return [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)];
}

export interface Blob {
  cx: number;
  cy: number;
  /** Semi-axes, metres. */
  a: number;
  b: number;
  rot: number;
}

/**
 * An irregular, star-shaped outline: n vertices at increasing angles around
 * an ellipse with jittered radii. Increasing angle = counter-clockwise, and a
 * star-shaped ring with positive radii cannot self-intersect.
 */
export function blobPoints(z: Blob, n: number, jitter: number, rng: Rng): XY[] {
  const pts: XY[] = [];
  const phase = rng.range(0, (2 * Math.PI) / n);
  for (let k = 0; k < n; k++) {
    const t = phase + (2 * Math.PI * k) / n + rng.range(-0.25, 0.25) * ((2 * Math.PI) / n);
    const s = 1 + rng.range(-jitter, jitter);
    const [x, y] = rotate([z.a * s * Math.cos(t), z.b * s * Math.sin(t)], z.rot);
    pts.push([z.cx + x, z.cy + y]);
  }
  return pts;
}

export function polygonFromXY(points: readonly XY[], holes: readonly XY[][] = []): Polygon {
  return { type: 'Polygon', coordinates: [ring(points), ...holes.map(ring)] };
}

/** A candidate parcel: four jittered corners (CCW, metres) in a zone's road grid. */
export interface Cell {
  grid: string;
  i: number;
  j: number;
  corners: XY[];
  /** Index of a cut corner (pentagon), or -1. */
  cut: number;
}

/** Points of a cell outline, with the cut corner replaced by two points. */
export function cellPoints(c: Cell): XY[] {
  if (c.cut < 0) return c.corners;
  const out: XY[] = [];
  const n = c.corners.length;
  c.corners.forEach((p, k) => {
    if (k !== c.cut) return void out.push(p);
    const prev = c.corners[(k + n - 1) % n]!;
    const next = c.corners[(k + 1) % n]!;
    const lerp = (q: XY, f: number): XY => [p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f];
    out.push(lerp(prev, 0.28), lerp(next, 0.28));
  });
  return out;
}

/** Sub-quadrilateral of a cell by bilinear interpolation (u along width, v along height). */
export function subCell(c: Cell, u0: number, u1: number, v0: number, v1: number): Cell {
  const [p0, p1, p2, p3] = c.corners as [XY, XY, XY, XY];
  const at = (u: number, v: number): XY => [
    (1 - u) * (1 - v) * p0[0] + u * (1 - v) * p1[0] + u * v * p2[0] + (1 - u) * v * p3[0],
    (1 - u) * (1 - v) * p0[1] + u * (1 - v) * p1[1] + u * v * p2[1] + (1 - u) * v * p3[1],
  ];
  return { ...c, corners: [at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)], cut: -1 };
}

/**
 * A rotated road grid over a zone's bounding ellipse: columns 360–560 m wide,
 * rows 300–480 m high, 26 m roads; corners jittered by at most 9 m along each
 * grid axis, so neighbours (26 m apart) can never touch.
 */
export function gridCells(name: string, z: Blob, rng: Rng): Cell[] {
  const road = 26;
  const jit = 9;
  const cuts = (half: number, lo: number, hi: number) => {
    const edges = [-half];
    while (edges[edges.length - 1]! < half) edges.push(edges[edges.length - 1]! + rng.range(lo, hi));
    return edges;
  };
  const xs = cuts(z.a * 1.15, 360, 560);
  const ys = cuts(z.b * 1.15, 300, 480);
  const cells: Cell[] = [];
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const x0 = xs[i]! + road / 2;
      const x1 = xs[i + 1]! - road / 2;
      const y0 = ys[j]! + road / 2;
      const y1 = ys[j + 1]! - road / 2;
      const local: XY[] = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ];
      const corners = local.map(([x, y]) => {
        const [rx, ry] = rotate([x + rng.range(-jit, jit), y + rng.range(-jit, jit)], z.rot);
        return [z.cx + rx, z.cy + ry] as XY;
      });
      cells.push({ grid: name, i, j, corners, cut: rng.next() < 0.3 ? rng.int(0, 3) : -1 });
    }
  }
  return cells;
}

export const muOf = (g: Polygon | MultiPolygon) => squareMetersToMu(areaSquareMeters(g));

/** Area (m²) of the intersection of two polygonal geometries, 0 when disjoint. */
export function overlapSquareMeters(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const [ax0, ay0, ax1, ay1] = turf.bbox(a);
  const [bx0, by0, bx1, by1] = turf.bbox(b);
  if (ax0 > bx1 || bx0 > ax1 || ay0 > by1 || by0 > ay1) return 0;
  const hit = turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return hit ? areaSquareMeters(hit.geometry as Polygon | MultiPolygon) : 0;
}

export function featureCollection<G extends Feature['geometry']>(features: Feature<G>[]) {
  return { type: 'FeatureCollection' as const, features };
}
