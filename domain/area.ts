/**
 * Official (ellipsoidal) area of polygons on the CGCS2000 ellipsoid.
 *
 * Method: the ellipsoid's Lambert cylindrical equal-area mapping. With the
 * authalic function
 *
 *   q(φ) = (1 − e²) · [ sinφ / (1 − e² sin²φ) + atanh(e·sinφ) / e ]
 *
 * the ellipsoid's area element is exactly dA = (a²/2) · dq · dλ, so a ring's
 * area is (a²/2) times its shoelace area in (λ, q). That is exact for edges
 * drawn straight in (λ, q); survey polygons have geodesic edges, and for
 * parcel-sized edges the two differ by well under 1e-6 of the area (tested
 * against GeographicLib's `Geodesic.Polygon` in area.test.ts, and measured in
 * bench/). The same mapping is what "authalic latitude" methods use:
 * q / q_p = sin β.
 *
 * turf.area, by contrast, uses this formula on a sphere of radius 6371008.8 m,
 * which reads about +0.134% at 29°N.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { CGCS2000, type Ellipsoid } from './ellipsoid';

const DEG = Math.PI / 180;

interface AuthalicConstants {
  halfASquared: number;
  e: number;
  eSquared: number;
  oneMinusESquared: number;
}

function authalicConstants(ellipsoid: Ellipsoid): AuthalicConstants {
  const f = ellipsoid.flattening;
  const eSquared = f * (2 - f);
  return {
    halfASquared: (ellipsoid.semiMajorAxisMeters * ellipsoid.semiMajorAxisMeters) / 2,
    e: Math.sqrt(eSquared),
    eSquared,
    oneMinusESquared: 1 - eSquared,
  };
}

const CGCS2000_CONSTANTS = authalicConstants(CGCS2000);

/** q(φ) for φ in radians (dimensionless; 2·sinφ on a sphere). */
function authalicQ(latitudeRadians: number, k: AuthalicConstants): number {
  const s = Math.sin(latitudeRadians);
  if (k.e === 0) return 2 * s;
  return k.oneMinusESquared * (s / (1 - k.eSquared * s * s) + Math.atanh(k.e * s) / k.e);
}

/**
 * Unsigned area of one closed ring in m². Coordinates are [lon, lat] degrees;
 * the ring may or may not repeat its first position at the end.
 * Longitudes and q are taken relative to the first vertex so that the
 * shoelace sums small numbers (no cancellation of large terms).
 */
export function ringAreaSquareMeters(ring: readonly Position[], ellipsoid: Ellipsoid = CGCS2000): number {
  const k = ellipsoid === CGCS2000 ? CGCS2000_CONSTANTS : authalicConstants(ellipsoid);
  let n = ring.length;
  if (n < 3) return 0;
  const first = ring[0]!;
  const last = ring[n - 1]!;
  if (first[0] === last[0] && first[1] === last[1]) n -= 1;
  if (n < 3) return 0;

  const lon0 = first[0]!;
  const q0 = authalicQ(first[1]! * DEG, k);
  // Shoelace: Σ (x_i · y_{i+1} − x_{i+1} · y_i), with vertex 0 at the origin.
  let twiceArea = 0;
  let xPrev = 0;
  let yPrev = 0;
  for (let i = 1; i < n; i++) {
    const p = ring[i]!;
    let dLon = p[0]! - lon0;
    // Keep longitudes continuous across the antimeridian.
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    const x = dLon * DEG;
    const y = authalicQ(p[1]! * DEG, k) - q0;
    twiceArea += xPrev * y - x * yPrev;
    xPrev = x;
    yPrev = y;
  }
  // Closing edge back to the origin contributes xPrev·0 − 0·yPrev = 0.
  return Math.abs(twiceArea) * 0.5 * k.halfASquared;
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
