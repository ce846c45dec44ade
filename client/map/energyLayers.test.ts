import { describe, expect, it } from 'vitest';
import { geodesicDistanceMeters } from '$domain/siting/geodesic';
import { SERVICE_AREA_VERTICES } from '$domain/siting/geodesicCircle';
import { candidateCollection, idFilter, serviceAreaCollection, suggestedAreaCollection, suggestedSiteCollection } from './energyLayers';

const STATIONS = Object.freeze([
  Object.freeze({ id: 1, position: [106.978, 28.969], kind: 'cchp', status: 'planned', serviceRadiusMeters: 2800 }),
  Object.freeze({ id: 'gate-2', position: [106.9, 29.0], kind: 'gas_gate', status: 'operating', serviceRadiusMeters: null }),
  Object.freeze({ id: 3, position: [106.87, 28.98], kind: 'storage', status: 'operating', serviceRadiusMeters: 1500 }),
]);

describe('serviceAreaCollection', () => {
  it('draws a geodesic circle at each station’s radius, skipping stations without one', () => {
    const areas = serviceAreaCollection(STATIONS);
    expect(areas.features.map((f) => f.properties!.llId)).toEqual(['1', '3']);
    for (const [i, feature] of areas.features.entries()) {
      const station = [STATIONS[0]!, STATIONS[2]!][i]!;
      const ring = feature.geometry.coordinates[0]!;
      expect(ring).toHaveLength(SERVICE_AREA_VERTICES + 1);
      for (const vertex of ring) expect(Math.abs(geodesicDistanceMeters(station.position, vertex) - station.serviceRadiusMeters!)).toBeLessThan(0.01);
      expect(feature.properties).toMatchObject({ kind: station.kind, status: station.status, radiusMeters: station.serviceRadiusMeters });
    }
  });
});

describe('suggested sites and candidates', () => {
  const sites = Object.freeze([Object.freeze({ id: 'site-1', position: [106.96, 28.96] }), Object.freeze({ id: 'site-2', position: [106.86, 28.97] })]);

  it('numbers the suggested sites in the order the solver returned them', () => {
    const points = suggestedSiteCollection(sites);
    expect(points.features.map((f) => f.properties)).toEqual([
      { siteId: 'site-1', rank: 1 },
      { siteId: 'site-2', rank: 2 },
    ]);
  });

  it('draws each suggested site’s circle at the request radius', () => {
    const areas = suggestedAreaCollection(sites, 2500);
    const vertex = areas.features[1]!.geometry.coordinates[0]![17]!;
    expect(geodesicDistanceMeters(sites[1]!.position, vertex)).toBeCloseTo(2500, 2);
  });

  it('turns placed candidates into points and builds id filters on llId', () => {
    expect(candidateCollection([[106.9, 28.9]]).features[0]!.geometry.coordinates).toEqual([106.9, 28.9]);
    expect(idFilter(['4', '7'])).toEqual(['in', ['get', 'llId'], ['literal', ['4', '7']]]);
  });
});
