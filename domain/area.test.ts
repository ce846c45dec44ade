import { area as turfArea } from '@turf/turf';
import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters, halfTanAuthalic, ringAreaSquareMeters } from './area';
import { geodesicAreaSquareMeters } from './testing/geodesicReference';
import { squareMetersToMu } from './units';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
};

function square(lon: number, lat: number, sizeDegrees: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[lon, lat], [lon + sizeDegrees, lat], [lon + sizeDegrees, lat + sizeDegrees], [lon, lat + sizeDegrees], [lon, lat]]],
  };
}

/** A slanted triangle: its long diagonal edges are where geodesic and rhumb edges differ most. */
function triangle(lon: number, lat: number, sizeDegrees: number): Polygon {
  const d = sizeDegrees;
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat + d * 0.3], [lon + d * 0.2, lat + d], [lon, lat]]] };
}

const WANSHENG = { lon: 106.93, lat: 28.96 };

const SHAPES: Record<string, Polygon | MultiPolygon> = deepFreeze({
  'parcel-sized square (100 m)': square(WANSHENG.lon, WANSHENG.lat, 0.001),
  'park-sized square (1 km)': square(WANSHENG.lon, WANSHENG.lat, 0.01),
  'district-sized square (30 km)': square(WANSHENG.lon, WANSHENG.lat, 0.3),
  'slanted triangle (100 m)': triangle(WANSHENG.lon, WANSHENG.lat, 0.001),
  'slanted triangle (1 km)': triangle(WANSHENG.lon, WANSHENG.lat, 0.01),
  'slanted triangle (10 km)': triangle(WANSHENG.lon, WANSHENG.lat, 0.1),
  'square at 53°N (Mohe)': square(122.5, 53.0, 0.01),
  'square at 18°N (Sanya)': square(109.5, 18.2, 0.01),
  'polygon with a hole': {
    type: 'Polygon',
    coordinates: [
      [[106.92, 28.95], [106.94, 28.95], [106.94, 28.97], [106.92, 28.97], [106.92, 28.95]],
      [[106.925, 28.955], [106.925, 28.965], [106.935, 28.965], [106.935, 28.955], [106.925, 28.955]],
    ],
  },
  'multipolygon': {
    type: 'MultiPolygon',
    coordinates: [square(106.9, 28.9, 0.004).coordinates, triangle(106.95, 28.99, 0.006).coordinates],
  },
  'irregular 20-gon': {
    type: 'Polygon',
    coordinates: [
      Array.from({ length: 21 }, (_, i) => {
        const a = ((i % 20) / 20) * 2 * Math.PI;
        const r = 0.003 * (1 + 0.3 * Math.sin(5 * a));
        return [WANSHENG.lon + r * Math.cos(a), WANSHENG.lat + r * Math.sin(a)];
      }),
    ],
  },
});

describe('areaSquareMeters (CGCS2000 ellipsoid)', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`agrees with GeographicLib to 1e-6 relative: ${name}`, () => {
      const reference = geodesicAreaSquareMeters(shape);
      const ours = areaSquareMeters(shape);
      expect(Math.abs(ours - reference) / reference).toBeLessThan(1e-6);
    });
  }

  it('shows turf.area (spherical) reads ~0.134% high at 29°N: ~6.7 mu on 5000 mu', () => {
    // A square of ~5000 mu (3.33 km²) at Wansheng.
    const side = 0.0175;
    const shape = square(WANSHENG.lon, WANSHENG.lat, side);
    const officialMu = squareMetersToMu(areaSquareMeters(shape));
    const turfMu = squareMetersToMu(turfArea(shape));
    const relative = (turfMu - officialMu) / officialMu;
    expect(relative).toBeGreaterThan(0.0013);
    expect(relative).toBeLessThan(0.0014);
    const per5000Mu = relative * 5000;
    expect(per5000Mu).toBeGreaterThan(6.5);
    expect(per5000Mu).toBeLessThan(7.0);
  });

  it('subtracts holes', () => {
    const shape = SHAPES['polygon with a hole'] as Polygon;
    const outer = ringAreaSquareMeters(shape.coordinates[0]!);
    const hole = ringAreaSquareMeters(shape.coordinates[1]!);
    expect(areaSquareMeters(shape)).toBeCloseTo(outer - hole, 6);
    expect(hole).toBeGreaterThan(0);
  });

  it('the 1° tan(β/2) table matches the closed form across China to 1e-15', () => {
    let worst = 0;
    for (let lat = 3; lat <= 54; lat += 0.00731) {
      worst = Math.max(worst, Math.abs(halfTanAuthalic.table(lat) - halfTanAuthalic.exact(lat)));
    }
    expect(worst).toBeLessThan(1e-15);
  });

  it('is 0 for degenerate rings', () => {
    expect(ringAreaSquareMeters([[106.9, 28.9], [106.91, 28.9], [106.9, 28.9]])).toBe(0);
  });
});

/** Random simple (star-shaped) parcels around Wansheng, 5–40 vertices, 30–600 m across. */
const starParcel = fc
  .record({
    lon: fc.double({ min: 106.8, max: 107.1, noNaN: true }),
    lat: fc.double({ min: 28.8, max: 29.1, noNaN: true }),
    radii: fc.array(fc.double({ min: 0.0003, max: 0.003, noNaN: true }), { minLength: 5, maxLength: 40 }),
  })
  .map(({ lon, lat, radii }) => {
    const ring: Position[] = radii.map((r, i) => {
      const a = (i / radii.length) * 2 * Math.PI;
      return [lon + r * Math.cos(a), lat + r * Math.sin(a)];
    });
    ring.push(ring[0]!);
    return ring;
  });

describe('areaSquareMeters properties', () => {
  it('is invariant under ring rotation and reversal', () => {
    fc.assert(
      fc.property(starParcel, fc.nat(), (ring, shift) => {
        const open = ring.slice(0, -1);
        const k = shift % open.length;
        const rotated = [...open.slice(k), ...open.slice(0, k)];
        rotated.push(rotated[0]!);
        const reversed = [...ring].reverse();
        const base = ringAreaSquareMeters(ring);
        // Double rounding of tan(β/2) (~1e-17) limits a 30 m parcel to ~1e-11 relative: allow 1 mm².
        expect(Math.abs(ringAreaSquareMeters(rotated) - base)).toBeLessThan(1e-6);
        expect(Math.abs(ringAreaSquareMeters(reversed) - base)).toBeLessThan(1e-6);
      }),
    );
  });

  it('a parcel split in two sums to the whole', () => {
    // Split a star-shaped parcel through its centre: both halves share the two spokes.
    fc.assert(
      fc.property(starParcel, (ring) => {
        const open = ring.slice(0, -1);
        const centre = [
          open.reduce((s, p) => s + p[0]!, 0) / open.length,
          open.reduce((s, p) => s + p[1]!, 0) / open.length,
        ];
        const m = Math.floor(open.length / 2);
        const left = [centre, ...open.slice(0, m + 1), centre];
        const right = [centre, ...open.slice(m), open[0]!, centre];
        const whole = ringAreaSquareMeters(ring);
        const parts = ringAreaSquareMeters(left) + ringAreaSquareMeters(right);
        // To 1 cm², on parcels of 300 m² to 30 ha.
        expect(Math.abs(parts - whole)).toBeLessThan(1e-4);
      }),
    );
  });

  it('agrees with GeographicLib to 1e-6 on random parcels', () => {
    fc.assert(
      fc.property(starParcel, (ring) => {
        const shape: Polygon = { type: 'Polygon', coordinates: [ring] };
        const reference = geodesicAreaSquareMeters(shape);
        expect(Math.abs(areaSquareMeters(shape) - reference) / reference).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });
});
