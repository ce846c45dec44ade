/**
 * Official (ellipsoidal) area of polygons on the CGCS2000 ellipsoid.
 *
 * Method: the authalic sphere. Each latitude φ maps to its authalic latitude
 * β, where sin β = q(φ) / q(90°) and
 *
 *   q(φ) = (1 − e²) · [ sinφ / (1 − e² sin²φ) + atanh(e·sinφ) / e ],
 *
 * and the ellipsoid maps onto a sphere of radius R_q (R_q² = a²·q(90°)/2)
 * with every area preserved. The polygon's area is then the spherical excess
 * of its great-circle edges on that sphere, summed edge by edge with
 *
 *   E_edge = 2·atan( tan(Δλ/2) · (tan(β₁/2) + tan(β₂/2)) / (1 + tan(β₁/2)·tan(β₂/2)) ).
 *
 * Great circles on the authalic sphere follow the ellipsoid's geodesics to
 * well under 1e-6 of a parcel's area: tested against GeographicLib's
 * geodesic polygon area in area.test.ts and measured in bench/. (Summing the
 * shoelace in (λ, q) instead treats edges as straight in the equal-area map
 * and is off by ~2e-5 on a 1 km triangle.)
 *
 * turf.area, by contrast, is spherical with R = 6371008.8 m and reads about
 * +0.134% at 29°N.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { CGCS2000, type Ellipsoid } from './ellipsoid';

const DEG = Math.PI / 180;

interface AuthalicConstants {
  /** R_q², m². */
  authalicRadiusSquared: number;
  e: number;
  eSquared: number;
  oneMinusESquared: number;
  /** 1 / q(90°). */
  inverseQPole: number;
}

function authalicQ(sinLatitude: number, e: number, eSquared: number): number {
  if (e === 0) return 2 * sinLatitude;
  const x = eSquared * sinLatitude * sinLatitude;
  // atanh(e·s)/e = s·(1 + x/3 + x²/5 + x³/7 + …) with x = e²s² ≤ e² ≈ 0.0067: seven
  // terms leave < 1e-17 of s (x⁷/15 < 4e-17) and avoid a transcendental per vertex.
  // An ellipsoid more eccentric than Earth's falls back to Math.atanh.
  const atanhOverE =
    eSquared < 0.01
      ? sinLatitude * (1 + x * (1 / 3 + x * (1 / 5 + x * (1 / 7 + x * (1 / 9 + x * (1 / 11 + x * (1 / 13)))))))
      : Math.atanh(e * sinLatitude) / e;
  return (1 - eSquared) * (sinLatitude / (1 - x) + atanhOverE);
}

function authalicConstants(ellipsoid: Ellipsoid): AuthalicConstants {
  const a = ellipsoid.semiMajorAxisMeters;
  const f = ellipsoid.flattening;
  const eSquared = f * (2 - f);
  const e = Math.sqrt(eSquared);
  const qPole = authalicQ(1, e, eSquared);
  return { authalicRadiusSquared: (a * a * qPole) / 2, e, eSquared, oneMinusESquared: 1 - eSquared, inverseQPole: 1 / qPole };
}

/** tan(β/2) for the authalic latitude β of geodetic latitude φ (degrees). */
function halfTanAuthalicExact(latitudeDegrees: number, k: AuthalicConstants): number {
  const sinBeta = Math.max(-1, Math.min(1, authalicQ(Math.sin(latitudeDegrees * DEG), k.e, k.eSquared) * k.inverseQPole));
  // tan(β/2) = sinβ / (1 + cosβ), without an asin and a tan.
  return sinBeta / (1 + Math.sqrt(1 - sinBeta * sinBeta));
}

/**
 * tan(β/2) as a piecewise polynomial in φ: one degree-6 interpolant at
 * Chebyshev nodes per 1° band, built once per ellipsoid. It matches the
 * closed form to ~1e-16 (area.test.ts) and replaces a sin, a sqrt and two
 * divisions per vertex with seven multiply-adds, which keeps the official
 * area near turf.area's speed (bench/).
 */
const BAND_DEGREES = 1;
const DEGREE = 6;
const BAND_COUNT = 180 / BAND_DEGREES;

function buildHalfTanTable(k: AuthalicConstants): Float64Array {
  const nodes = DEGREE + 1;
  const table = new Float64Array(BAND_COUNT * nodes);
  for (let band = 0; band < BAND_COUNT; band++) {
    const center = -90 + (band + 0.5) * BAND_DEGREES;
    const u: number[] = [];
    const dd: number[] = [];
    for (let j = 0; j < nodes; j++) {
      const uj = Math.cos(((2 * j + 1) * Math.PI) / (2 * nodes));
      u.push(uj);
      dd.push(halfTanAuthalicExact(center + (uj * BAND_DEGREES) / 2, k));
    }
    // Newton divided differences, then expand Σ dd[j]·Π_{i<j}(u − u_i) into monomials in u.
    for (let level = 1; level < nodes; level++) {
      for (let j = nodes - 1; j >= level; j--) dd[j] = (dd[j]! - dd[j - 1]!) / (u[j]! - u[j - level]!);
    }
    const coeffs = new Array<number>(nodes).fill(0);
    const basis = new Array<number>(nodes + 1).fill(0);
    basis[0] = 1;
    for (let j = 0; j < nodes; j++) {
      for (let m = 0; m <= j; m++) coeffs[m] = coeffs[m]! + dd[j]! * basis[m]!;
      for (let m = j + 1; m > 0; m--) basis[m] = basis[m - 1]! - u[j]! * basis[m]!;
      basis[0] = -u[j]! * basis[0]!;
    }
    for (let m = 0; m < nodes; m++) table[band * nodes + m] = coeffs[m]!;
  }
  return table;
}

const CGCS2000_CONSTANTS = authalicConstants(CGCS2000);
const CGCS2000_TABLE = buildHalfTanTable(CGCS2000_CONSTANTS);

function halfTanFromTable(latitudeDegrees: number, table: Float64Array): number {
  let band = Math.floor((latitudeDegrees + 90) / BAND_DEGREES);
  if (band < 0) band = 0;
  else if (band >= BAND_COUNT) band = BAND_COUNT - 1;
  const u = ((latitudeDegrees + 90 - band * BAND_DEGREES) / BAND_DEGREES) * 2 - 1;
  const o = band * (DEGREE + 1);
  return table[o]! + u * (table[o + 1]! + u * (table[o + 2]! + u * (table[o + 3]! + u * (table[o + 4]! + u * (table[o + 5]! + u * table[o + 6]!)))));
}

/** tan(β/2) by the table and by the closed form, for tests. */
export const halfTanAuthalic = {
  table: (latitudeDegrees: number): number => halfTanFromTable(latitudeDegrees, CGCS2000_TABLE),
  exact: (latitudeDegrees: number): number => halfTanAuthalicExact(latitudeDegrees, CGCS2000_CONSTANTS),
};

/** Per-vertex tan(β/2) of the ring being summed (grown as needed; the function is synchronous). */
let scratch = new Float64Array(1024);

/** tan(x), with its odd series for the small angles of parcel edges (error < 1e-19 for |x| < 1e-2). */
function tanSmall(x: number): number {
  if (x > 1e-2 || x < -1e-2) return Math.tan(x);
  const x2 = x * x;
  return x * (1 + x2 * (1 / 3 + x2 * (2 / 15 + x2 * (17 / 315))));
}

/** atan(y), with its series for small arguments (error < 1e-19 for |y| < 1e-2). */
function atanSmall(y: number): number {
  if (y > 1e-2 || y < -1e-2) return Math.atan(y);
  const y2 = y * y;
  return y * (1 - y2 * (1 / 3 - y2 * (1 / 5 - y2 * (1 / 7))));
}

/**
 * Unsigned area of one closed ring in m². Coordinates are [lon, lat] degrees;
 * the ring may or may not repeat its first position at the end.
 */
export function ringAreaSquareMeters(ring: readonly Position[], ellipsoid: Ellipsoid = CGCS2000): number {
  const k = ellipsoid === CGCS2000 ? CGCS2000_CONSTANTS : authalicConstants(ellipsoid);
  const table = ellipsoid === CGCS2000 ? CGCS2000_TABLE : buildHalfTanTable(k);
  let n = ring.length;
  if (n < 3) return 0;
  const first = ring[0]!;
  const last = ring[n - 1]!;
  if (first[0] === last[0] && first[1] === last[1]) n -= 1;
  if (n < 3) return 0;

  // Two passes: tan(β/2) of every vertex into a scratch buffer, then the edges. Measured
  // ~25% faster than one fused loop (V8 keeps each loop small and monomorphic).
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const t = scratch;
  for (let i = 0; i < n; i++) t[i] = halfTanFromTable(ring[i]![1]!, table);
  let excess = 0;
  let lonPrev = ring[n - 1]![0]!;
  let tPrev = t[n - 1]!;
  for (let i = 0; i < n; i++) {
    const lon = ring[i]![0]!;
    const ti = t[i]!;
    let dLon = lon - lonPrev;
    // Keep edges short across the antimeridian.
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    excess += 2 * atanSmall((tanSmall(dLon * DEG * 0.5) * (tPrev + ti)) / (1 + tPrev * ti));
    lonPrev = lon;
    tPrev = ti;
  }
  return Math.abs(excess) * k.authalicRadiusSquared;
}

function polygonArea(rings: readonly (readonly Position[])[], ellipsoid: Ellipsoid): number {
  if (rings.length === 0) return 0;
  let area = ringAreaSquareMeters(rings[0]!, ellipsoid);
  for (let i = 1; i < rings.length; i++) area -= ringAreaSquareMeters(rings[i]!, ellipsoid);
  return area;
}

/**
 * Ellipsoidal area in m² of a Polygon or MultiPolygon (holes subtracted),
 * on CGCS2000 unless another ellipsoid is given. This is the official area
 * every figure in Land Ledger is built from.
 *
 * @example
 * areaSquareMeters({ type: 'Polygon', coordinates: [[[106.9,28.9],[106.91,28.9],[106.91,28.91],[106.9,28.91],[106.9,28.9]]] })
 * // ≈ 1_077_5xx m²
 */
export function areaSquareMeters(geometry: Polygon | MultiPolygon, ellipsoid: Ellipsoid = CGCS2000): number {
  if (geometry.type === 'Polygon') return polygonArea(geometry.coordinates, ellipsoid);
  let total = 0;
  for (const polygon of geometry.coordinates) total += polygonArea(polygon, ellipsoid);
  return total;
}
