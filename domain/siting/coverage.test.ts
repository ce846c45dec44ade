import { describe, expect, it } from 'vitest';
import { deepFreeze, box } from '../testing/fixtures';
import { computeCoverage, demandPosition, toDemandPoints, type DemandPoint, type SitingStation } from './coverage';
import { geodesicDistanceMeters } from './geodesic';
import { azimuth, PARK_CENTER, travel } from './testing/fixtures';

/*
 * Station A at the park centre, station B 2 000 m due east, both with a
 * 1 200 m radius. Parcels (distances exact along geodesics):
 *   P1   500 m north of A                  → A only          1 000 kW
 *   P2   900 m from A toward B (1 100 from B) → A and B, nearer A   2 000 kW
 *   P3   300 m south of B                  → B only          1 500 kW
 *   P4 3 000 m west of A                   → nobody            700 kW
 *   P5 1 150 m from A toward B (850 from B) → A and B, nearer B     800 kW
 */
const A = PARK_CENTER;
const B = travel(A, 90, 2000);
const TOWARD_B = azimuth(A, B);

const STATIONS: readonly SitingStation[] = deepFreeze([
  { id: 'A', position: A, radiusMeters: 1200, capacityKilowatts: 2500 },
  { id: 'B', position: B, radiusMeters: 1200, capacityKilowatts: 5000 },
]);

const POINTS: readonly DemandPoint[] = deepFreeze([
  { id: 'P1', position: travel(A, 0, 500), demandKilowatts: 1000 },
  { id: 'P2', position: travel(A, TOWARD_B, 900), demandKilowatts: 2000 },
  { id: 'P3', position: travel(B, 180, 300), demandKilowatts: 1500 },
  { id: 'P4', position: travel(A, 270, 3000), demandKilowatts: 700 },
  { id: 'P5', position: travel(A, TOWARD_B, 1150), demandKilowatts: 800 },
]);

describe('computeCoverage: two stations, five parcels', () => {
  const report = computeCoverage(STATIONS, POINTS);

  it('places the fixture at the distances it claims', () => {
    expect(geodesicDistanceMeters(B, POINTS[1]!.position)).toBeCloseTo(1100, 6);
    expect(geodesicDistanceMeters(B, POINTS[4]!.position)).toBeCloseTo(850, 6);
  });

  it('counts covered demand once, even for parcels both stations reach', () => {
    expect(report.totalDemandKilowatts).toBe(6000);
    expect(report.coveredKilowatts).toBe(5300);
    expect(report.uncoveredKilowatts).toBe(700);
    expect(report.uncoveredParcelIds).toEqual(['P4']);
  });

  it('lists the overlaps with every station reaching them', () => {
    expect(report.overlaps).toEqual([
      { parcelId: 'P2', stationIds: ['A', 'B'], demandKilowatts: 2000 },
      { parcelId: 'P5', stationIds: ['A', 'B'], demandKilowatts: 800 },
    ]);
    expect(report.overlapKilowatts).toBe(2800);
  });

  it('gives each station everything within its radius as covered', () => {
    const [a, b] = report.stations;
    expect(a!.coveredParcelIds).toEqual(['P1', 'P2', 'P5']);
    expect(a!.coveredKilowatts).toBe(3800);
    expect(b!.coveredParcelIds).toEqual(['P2', 'P3', 'P5']);
    expect(b!.coveredKilowatts).toBe(4300);
  });

  it('loads each parcel on its nearest covering station and compares with capacity', () => {
    const [a, b] = report.stations;
    expect(a).toMatchObject({ assignedParcelIds: ['P1', 'P2'], loadKilowatts: 3000, capacityKilowatts: 2500, spareKilowatts: -500, overloaded: true });
    expect(a!.loadRatio).toBeCloseTo(1.2, 12);
    expect(b).toMatchObject({ assignedParcelIds: ['P3', 'P5'], loadKilowatts: 2300, capacityKilowatts: 5000, spareKilowatts: 2700, overloaded: false });
    expect(b!.loadRatio).toBeCloseTo(0.46, 12);
    expect(a!.loadKilowatts + b!.loadKilowatts).toBe(report.coveredKilowatts);
  });
});

describe('computeCoverage: edge cases', () => {
  it('counts a parcel exactly on the radius as covered', () => {
    const p = POINTS[0]!;
    const radiusMeters = geodesicDistanceMeters(A, p.position);
    const report = computeCoverage([{ id: 'A', position: A, radiusMeters }], [p]);
    expect(report.coveredKilowatts).toBe(1000);
  });

  it('reports no ratio without a capacity and Infinity for load on zero capacity', () => {
    const report = computeCoverage(
      [
        { id: 'A', position: A, radiusMeters: 1200 },
        { id: 'B', position: B, radiusMeters: 1200, capacityKilowatts: 0 },
      ],
      POINTS,
    );
    expect(report.stations[0]).toMatchObject({ capacityKilowatts: null, loadRatio: null, spareKilowatts: null, overloaded: false });
    expect(report.stations[1]!.loadRatio).toBe(Infinity);
    expect(report.stations[1]!.overloaded).toBe(true);
  });

  it('breaks an exact tie toward the earlier station', () => {
    const report = computeCoverage(
      [
        { id: 'first', position: A, radiusMeters: 1000 },
        { id: 'second', position: A, radiusMeters: 1000 },
      ],
      [POINTS[0]!],
    );
    expect(report.stations.map((s) => s.assignedParcelIds)).toEqual([['P1'], []]);
  });

  it('with no stations leaves all demand uncovered', () => {
    const report = computeCoverage([], POINTS);
    expect(report.coveredKilowatts).toBe(0);
    expect(report.uncoveredParcelIds).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});

describe('toDemandPoints', () => {
  const PARCELS = deepFreeze([
    { id: 1, geometry: box(106.93, 28.96, 106.932, 28.962) },
    { id: 2, geometry: box(106.94, 28.96, 106.942, 28.962) },
  ]);

  it('places demand at the centroid, picks the component and skips parcels without demand', () => {
    const points = toDemandPoints(PARCELS, [{ id: 2, heatCoolingKilowatts: 30, powerKilowatts: 70, totalKilowatts: 100, origin: 'entered' }], 'power');
    expect(points).toHaveLength(1);
    expect(points[0]!.demandKilowatts).toBe(70);
    expect(points[0]!.position[0]).toBeCloseTo(106.941, 12);
    expect(points[0]!.position[1]).toBeCloseTo(28.961, 12);
    expect(demandPosition(PARCELS[0]!.geometry)[0]).toBeCloseTo(106.931, 12);
  });
});
