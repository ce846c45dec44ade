/**
 * The CGCS2000 reference ellipsoid (China Geodetic Coordinate System 2000),
 * used by China's land surveys for official areas. It differs from WGS84 only
 * in the flattening's last digits (WGS84: 1/298.257223563).
 */
export const CGCS2000 = {
  /** Semi-major axis, metres. */
  semiMajorAxisMeters: 6378137,
  /** Flattening. */
  flattening: 1 / 298.257222101,
} as const;

export interface Ellipsoid {
  semiMajorAxisMeters: number;
  flattening: number;
}
