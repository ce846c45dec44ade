/**
 * The tally API against an independent recomputation from the served
 * geometry: union the target's zones with turf, intersect each parcel, take
 * the official area. No zone cells, no domain tally — a different path to the
 * same figures.
 */
import { featureCollection, intersect, union, feature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../domain/area';
import { isEnterpriseMetric } from '../../domain/target.schema';
import { squareMetersToMu } from '../../domain/units';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const get = async (path: string): Promise<Response> => app.request(`http://localhost${path}`);

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
});
afterAll(async () => t.dispose());

type Poly = Polygon | MultiPolygon;

function recompute(target: any, parcels: Feature<Poly>[], zones: Feature<Poly>[], stations: Feature[]) {
  const def = target.definition;
  if (target.metric === 'station_count') {
    let secured = 0;
    let pipeline = 0;
    for (const s of stations) {
      const p = s.properties as any;
      if (def.stationKinds.length && !def.stationKinds.includes(p.kind)) continue;
      if (def.zoneCodes.length && !p.zoneCodes.some((z: string) => def.zoneCodes.includes(z))) continue;
      if (def.securedStatuses.includes(p.status)) secured++;
      else if (def.pipelineStatuses.includes(p.status)) pipeline++;
    }
    return { secured, pipeline };
  }
  const scoped = zones.filter((z) => def.zoneCodes.includes(z.id));
  const scope = scoped.length === 0 ? null : scoped.length === 1 ? scoped[0]! : union(featureCollection(scoped));
  let secured = 0;
  let pipeline = 0;
  for (const f of parcels) {
    const p = f.properties as any;
    const role = def.securedStatuses.includes(p.status) ? 'secured' : def.pipelineStatuses.includes(p.status) ? 'pipeline' : null;
    if (!role) continue;
    if (def.landUseCodes.length && !def.landUseCodes.some((c: string) => p.landUseCode.startsWith(c))) continue;
    if (p.supplyYear === null) {
      if (role === 'secured' && (def.supplyYearFrom !== null || def.supplyYearTo !== null)) continue;
    } else if ((def.supplyYearFrom !== null && p.supplyYear < def.supplyYearFrom) || (def.supplyYearTo !== null && p.supplyYear > def.supplyYearTo)) {
      continue;
    }
    const whole = areaSquareMeters(f.geometry);
    let inside = whole;
    if (scope) {
      const cut = intersect(featureCollection([feature(f.geometry), scope as Feature<Poly>]));
      inside = cut ? Math.min(whole, areaSquareMeters(cut.geometry as Poly)) : 0;
    }
    if (inside <= 0.0001) continue;
    const fraction = inside / whole;
    const value =
      target.metric === 'land_mu'
        ? squareMetersToMu(inside)
        : target.metric === 'investment_yi'
          ? (p.investmentYi ?? 0) * fraction
          : target.metric === 'output_yi'
            ? (p.outputYi ?? 0) * fraction
            : (p.factoryFloorSquareMeters ?? 0) * fraction;
    if (role === 'secured') secured += value;
    else pipeline += value;
  }
  return { secured, pipeline };
}

describe('GET /api/plans', () => {
  it('lists the seeded 2023–2025 plan', async () => {
    const body = await (await get('/api/plans')).json();
    expect(body.plans.map((p: any) => p.id)).toContain('wansheng-2023-2025');
    const plan = body.plans.find((p: any) => p.id === 'wansheng-2023-2025');
    expect(plan).toMatchObject({ periodStart: 2023, periodEnd: 2025 });
  });

  it('404s an unknown plan', async () => {
    const res = await get('/api/plans/no-such-plan/tally');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('NOT_FOUND');
  });
});

describe('GET /api/plans/{planId}/tally', () => {
  it('serves every target of TARGETS.md with its definition and figures', async () => {
    const body = await (await get('/api/plans/wansheng-2023-2025/tally')).json();
    const codes = body.targets.map((x: any) => x.code);
    expect(codes).toEqual([
      'A0', 'A1', 'A2', 'A3', 'A4',
      'B1.land', 'B1.investment', 'B1.output', 'B2.land', 'B2.investment', 'B2.output', 'B3.land', 'B3.investment', 'B3.output',
      'C1', 'C2',
      'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7.2023', 'D7.2023.funds', 'D7.2024', 'D7.2024.funds', 'D7.2025', 'D7.2025.funds',
      'D8', 'D8.new', 'D8.tier100', 'D8.tier50', 'D8.tier10', 'D8.tier1', 'D8.srdi', 'D8.giant',
    ]);
    const byCode = Object.fromEntries(body.targets.map((x: any) => [x.code, x]));
    expect(byCode.A0).toMatchObject({ floor: 5000, unit: 'mu', metric: 'land_mu' });
    expect(byCode.A0.definition).toMatchObject({ zoneCodes: ['A1', 'A2', 'A3', 'A4'], supplyYearFrom: 2023, supplyYearTo: 2025 });
    expect(byCode['B1.investment']).toMatchObject({ floor: 150, unit: 'yi_yuan' });
    expect(byCode.C1).toMatchObject({ floor: 500000, unit: 'm2' });
    expect(byCode.C2).toMatchObject({ floor: 3, unit: 'count' });
    expect(byCode.D1).toMatchObject({ floor: 500, stretch: 600, unit: 'yi_yuan', metric: 'enterprise_output_yi' });
    expect(byCode.D8).toMatchObject({ floor: 100, unit: 'enterprises', metric: 'enterprise_count' });
    for (const x of body.targets) {
      expect(typeof x.labelZh).toBe('string');
      expect(typeof x.labelEn).toBe('string');
      expect(x.secured).toBeGreaterThanOrEqual(0);
      expect(x.met).toBe(x.secured >= x.floor);
    }
  });

  it('A0 over A1–A4 equals the sum of A1..A4 (the expansion areas do not overlap)', async () => {
    const body = await (await get('/api/plans/wansheng-2023-2025/tally')).json();
    const s = (code: string) => body.targets.find((x: any) => x.code === code).secured;
    expect(s('A0')).toBeCloseTo(s('A1') + s('A2') + s('A3') + s('A4'), 6);
  });

  it('every figure equals an independent recomputation from the served geometry', async () => {
    const [tally, parcels, zones, stations] = await Promise.all([
      get('/api/plans/wansheng-2023-2025/tally').then((r) => r.json()),
      get('/ogc/collections/parcels/items?limit=10000').then((r) => r.json() as Promise<FeatureCollection<Poly>>),
      get('/ogc/collections/zones/items?limit=10000').then((r) => r.json() as Promise<FeatureCollection<Poly>>),
      get('/ogc/collections/energy_stations/items?limit=10000').then((r) => r.json() as Promise<FeatureCollection>),
    ]);
    // D rows count the enterprise register, recomputed in enterpriseTargets.api.test.ts.
    for (const target of tally.targets.filter((x: any) => !isEnterpriseMetric(x.metric))) {
      const expected = recompute(target, parcels.features, zones.features, stations.features);
      // Agreement to well inside the last digit the dashboard shows (0.1 mu, 1 m², 0.01 亿元).
      const tolerance = target.unit === 'mu' ? 0.005 : target.unit === 'm2' ? 0.5 : target.unit === 'yi_yuan' ? 0.0005 : 0;
      expect(Math.abs(target.secured - expected.secured), `${target.code} secured`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(target.pipeline - expected.pipeline), `${target.code} pipeline`).toBeLessThanOrEqual(tolerance);
    }
  });
});

describe('GET /api/meta', () => {
  it('says the seeded data is illustrative, in Chinese and English', async () => {
    const body = await (await get('/api/meta')).json();
    expect(body.illustrative).toBe(true);
    expect(body.provenanceZh).toContain('示意');
    expect(body.provenanceEn).toContain('illustrative');
  });
});
