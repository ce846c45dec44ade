/**
 * Service areas as true geodesic circles on CGCS2000: every vertex lies at
 * exactly `radiusMeters` (ellipsoidal distance, the same one coverage.ts
 * counts parcels with) from the station. turf.circle walks a sphere of
 * R = 6371008.8 m instead, which puts the drawn edge up to ~5 m off on a
 * 2 km radius at 29°N — a parcel could sit inside the drawn circle and
 * still be uncovered.
 *
 * Method: Vincenty's direct formula (Survey Review 23(176), 1975), iterated
 * on σ to 1e-12 rad; it is the inverse of geodesic.ts's distance and agrees
 * with it to well under a millimetre over park distances (geodesicCircle.test.ts).
 */
import type { Polygon, Position } from 'geojson';
import { CGCS2000, type Ellipsoid } from '../ellipsoid';

const DEG = Math.PI / 180;
const MAX_ITERATIONS = 200;

/** Vertices of a service-area ring (before the closing repeat of the first). */
export const SERVICE_AREA_VERTICES = 128;

/**
 * The [lon, lat] position (degrees) reached by walking `distanceMeters`
 * along the geodesic leaving `origin` at `azimuthDegrees` (clockwise from
 * north), on CGCS2000 unless another ellipsoid is given.
 *
 * @example
 * geodesicDestination([106.93, 28.96], 90, 975) // ≈ [106.94, 28.96]
 */
export function geodesicDestination(origin: Position, azimuthDegrees: number, distanceMeters: number, ellipsoid: Ellipsoid = CGCS2000): Position {
  if (distanceMeters === 0) return [origin[0]!, origin[1]!];
  const a = ellipsoid.semiMajorAxisMeters;
  const f = ellipsoid.flattening;
  const b = a * (1 - f);
  const alpha1 = azimuthDegrees * DEG;
  const sinAlpha1 = Math.sin(alpha1);
  const cosAlpha1 = Math.cos(alpha1);

  const tanU1 = (1 - f) * Math.tan(origin[1]! * DEG);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const sigma1 = Math.atan2(tanU1, cosAlpha1);
  const sinAlpha = cosU1 * sinAlpha1;
  const cosSqAlpha = 1 - sinAlpha * sinAlpha;
  const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));

  let sigma = distanceMeters / (b * A);
  let sinSigma = 0;
  let cosSigma = 1;
  let cos2SigmaM = 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    sinSigma = Math.sin(sigma);
    cosSigma = Math.cos(sigma);
    const c2 = cos2SigmaM * cos2SigmaM;
    const deltaSigma =
      B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * c2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * c2)));
    const previous = sigma;
    sigma = distanceMeters / (b * A) + deltaSigma;
    if (Math.abs(sigma - previous) < 1e-12) break;
  }
  // σ moved on the last step: recompute its trigonometry for the final position.
  cos2SigmaM = Math.cos(2 * sigma1 + sigma);
  sinSigma = Math.sin(sigma);
  cosSigma = Math.cos(sigma);

  const t = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1;
  const lat2 = Math.atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * Math.sqrt(sinAlpha * sinAlpha + t * t));
  const lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1);
  const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
  const L = lambda - (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  let lon2 = origin[0]! + L / DEG;
  if (lon2 > 180) lon2 -= 360;
  else if (lon2 < -180) lon2 += 360;
  return [lon2, lat2 / DEG];
}

/**
 * A closed ring of `vertices` points (plus the repeated first) at
 * `radiusMeters` from `center`, counter-clockwise as RFC 7946 asks of an
 * exterior ring. The first vertex is due north of the centre.
 */
export function geodesicCircleRing(center: Position, radiusMeters: number, vertices: number = SERVICE_AREA_VERTICES): Position[] {
  if (!Number.isInteger(vertices) || vertices < 3) throw new RangeError('a ring needs at least 3 vertices');
  if (!(radiusMeters > 0) || !Number.isFinite(radiusMeters)) throw new RangeError('radiusMeters must be a positive finite number');
  const ring: Position[] = [];
  // Azimuth decreasing (north, west, south, east) walks the ring counter-clockwise.
  for (let i = 0; i < vertices; i++) ring.push(geodesicDestination(center, (360 - (i * 360) / vertices) % 360, radiusMeters));
  ring.push([ring[0]![0]!, ring[0]![1]!]);
  return ring;
}

/** A service area as a GeoJSON polygon: `geodesicCircleRing` as its one ring. */
export function geodesicCircle(center: Position, radiusMeters: number, vertices: number = SERVICE_AREA_VERTICES): Polygon {
  return { type: 'Polygon', coordinates: [geodesicCircleRing(center, radiusMeters, vertices)] };
}
