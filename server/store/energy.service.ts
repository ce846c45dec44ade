/**
 * Energy demand, coverage and siting over the stored layer: loads parcels,
 * stations, constraints and the admin's intensity table, then calls the pure
 * domain/siting functions. Everything a reviewer needs to recompute an answer
 * is in the responses (each parcel's demand and where it came from).
 */
import type { LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MAX_SITING_MILLISECONDS, sitingRequestSchema } from '../../domain/api/energy.schema';
import { computeCoverage, demandPosition, toDemandPoints, type DemandComponent, type SitingStation } from '../../domain/siting/coverage';
import { estimateDemand, type DemandOrigin, type DemandParcel, type ParcelDemand } from '../../domain/siting/demand';
import { MEASURED_BASIS } from '../../domain/siting/measuredDemand';
import { apportionEnterpriseEnergy } from '../../domain/siting/measuredUse';
import { DEFAULT_DEMAND_INTENSITIES, type DemandIntensity } from '../../domain/siting/demandIntensities';
import { SCENARIOS, SIMULTANEITY_USUAL_RANGE, scenarioFactors, type Scenario, type ScenarioFactors } from '../../domain/siting/energyAssumptions';
import { scaleEstimatedDemand, stationLoad, type StationLoad } from '../../domain/siting/stationLoad';
import { INDUSTRY_CHAINS, type IndustryChain } from '../../domain/parcel.schema';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/users.store';
import { saveSettingAtVersion } from './settings.write';
import { runJob } from '../pool/pool';
import { loadEnergyAssumptions } from './energyAssumptions';
import { loadEnterpriseEnergyUses } from './enterpriseEnergy.query';
import { nowIso } from './spatial';

type Poly = Polygon | MultiPolygon;

export const INTENSITIES_KEY = 'demandIntensities';

export const intensityTableSchema = z
  .array(
    z.object({
      industryChain: z.enum(INDUSTRY_CHAINS).nullable(),
      landUseClass: z.string().regex(/^\d{2,4}$/).nullable(),
      heatCoolingKilowattsPerMu: z.number().finite().nonnegative().max(10_000),
      powerKilowattsPerMu: z.number().finite().nonnegative().max(10_000),
      source: z.string().trim().min(1).max(300),
      assumption: z.string().trim().max(2000),
    }),
  )
  .min(1)
  .max(500);

export async function loadIntensities(db: Kysely<Database>): Promise<{ intensities: readonly DemandIntensity[]; version: number; custom: boolean }> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', INTENSITIES_KEY).executeTakeFirst();
  if (!row) return { intensities: DEFAULT_DEMAND_INTENSITIES, version: 0, custom: false };
  return { intensities: intensityTableSchema.parse(JSON.parse(row.value)) as DemandIntensity[], version: row.version, custom: true };
}

export async function saveIntensities(db: Kysely<Database>, table: DemandIntensity[], expectedVersion: number, user: AuthUser | null = null): Promise<number | null> {
  return saveSettingAtVersion(db, user, INTENSITIES_KEY, JSON.stringify(table), expectedVersion);
}

interface StoredParcel extends DemandParcel {
  name: string;
  /** The stored GeoJSON text; null when the caller did not ask for it (the demand listing draws nothing). */
  geometryText: string | null;
}

/**
 * Parcels past this many have their demand positions worked out in the worker
 * pool: parsing every geometry and taking its centroid held the request thread
 * ~150–300 ms for ~3,000 parcels (a pool round trip costs a few ms).
 */
export const POSITIONS_POOL_ABOVE_PARCELS = 500;

/** Each parcel's demand position (demandPosition of its geometry), in order; in the pool for a large ledger. */
async function demandPositions(parcels: readonly StoredParcel[]): Promise<{ id: string | number; position: Position }[]> {
  const geometries = parcels.map((p) => {
    if (p.geometryText === null) throw new Error('demand positions need the parcels read with their geometry');
    return p.geometryText;
  });
  const positions =
    geometries.length > POSITIONS_POOL_ABOVE_PARCELS ? await runJob('demandPositions', { geometries }) : geometries.map((g) => demandPosition(JSON.parse(g) as Poly));
  return parcels.map((p, i) => ({ id: p.id, position: positions[i]! }));
}

async function loadDemandParcels(db: Kysely<Database>, measuredLoadFactor: number, withGeometry: boolean): Promise<StoredParcel[]> {
  const [rows, uses] = await Promise.all([
    db
      .selectFrom('parcels')
      // The enterprise by its id link (enterprise_parcels), not the parcel's label.
      .leftJoin('enterpriseParcels', 'enterpriseParcels.parcelId', 'parcels.id')
      .select([
        'parcels.id as id',
        'parcels.name as name',
        'parcels.landUseCode as landUseCode',
        'parcels.status as status',
        'parcels.industryChain as industryChain',
        'parcels.areaSquareMeters as areaSquareMeters',
        'parcels.heatCoolingDemandKilowatts as heatCoolingDemandKilowatts',
        'parcels.powerDemandKilowatts as powerDemandKilowatts',
        'enterpriseParcels.enterpriseId as enterpriseId',
      ])
      // The geometry only when asked: it is most of each row, and the demand listing does not draw it.
      .$if(withGeometry, (q) => q.select('parcels.geometry as geometry'))
      .orderBy('parcels.id')
      .execute(),
    loadEnterpriseEnergyUses(db),
  ]);
  const measured = apportionEnterpriseEnergy(rows, uses, measuredLoadFactor);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    landUseCode: r.landUseCode,
    status: r.status,
    industryChain: r.industryChain as IndustryChain | null,
    areaSquareMeters: r.areaSquareMeters,
    // Entered demand wins only when both figures are there (a half-entered parcel is estimated).
    enteredDemand:
      r.heatCoolingDemandKilowatts !== null && r.powerDemandKilowatts !== null
        ? { heatCoolingKilowatts: r.heatCoolingDemandKilowatts, powerKilowatts: r.powerDemandKilowatts }
        : null,
    measuredUse: measured.get(r.id) ?? null,
    geometryText: 'geometry' in r ? (r.geometry as string) : null,
  }));
}

/** Peak kW (heat/cooling + power, sum of peaks) by where each figure came from. */
export function demandByOrigin(demands: readonly Pick<ParcelDemand, 'origin' | 'totalKilowatts'>[]): Record<DemandOrigin, { parcels: number; kilowatts: number }> {
  const out: Record<DemandOrigin, { parcels: number; kilowatts: number }> = {
    entered: { parcels: 0, kilowatts: 0 },
    measured: { parcels: 0, kilowatts: 0 },
    estimated: { parcels: 0, kilowatts: 0 },
  };
  for (const d of demands) {
    out[d.origin].parcels += 1;
    out[d.origin].kilowatts += d.totalKilowatts;
  }
  return out;
}

/** Each parcel's demand; `withGeometry` reads the geometry text too (coverage and siting place the demand on the map). */
export async function demandReport(db: Kysely<Database>, includePipeline: boolean, withGeometry = true) {
  const { assumptions } = await loadEnergyAssumptions(db);
  const [parcels, { intensities, custom }] = await Promise.all([loadDemandParcels(db, assumptions.measuredLoadFactor, withGeometry), loadIntensities(db)]);
  const demands = estimateDemand(parcels, { includePipeline, intensities });
  const byId = new Map(parcels.map((p) => [p.id, p]));
  return {
    includePipeline,
    intensityTable: custom ? 'admin' : 'default (planning assumptions)',
    totalKilowatts: demands.reduce((s, d) => s + d.totalKilowatts, 0),
    /** Entered on the parcel, wins; measured = the enterprise's reported tce/a; estimated = area × intensity. */
    byOrigin: demandByOrigin(demands),
    measuredBasis: { ...MEASURED_BASIS, loadFactor: assumptions.measuredLoadFactor },
    parcels: demands.map((d) => {
      const p = byId.get(d.id as number)!;
      return { ...d, name: p.name, status: p.status, landUseCode: p.landUseCode, industryChain: p.industryChain, areaSquareMeters: p.areaSquareMeters };
    }),
    demands,
    stored: parcels,
  };
}

type StoredStation = SitingStation & { name: string; status: string; kind: string; thermalCapacityKilowatts: number | null; illustrative: boolean };

async function loadStations(db: Kysely<Database>, kinds: readonly string[]): Promise<StoredStation[]> {
  const rows = await db.selectFrom('energyStations').selectAll().where('kind', 'in', kinds.length ? [...kinds] : ['cchp']).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    position: (JSON.parse(r.geometry) as Point).coordinates,
    radiusMeters: r.serviceRadiusMeters ?? 0,
    capacityKilowatts: r.capacityMegawatts === null ? null : r.capacityMegawatts * 1000,
    thermalCapacityKilowatts: r.thermalCapacityMegawatts === null ? null : r.thermalCapacityMegawatts * 1000,
    illustrative: Boolean(r.illustrative),
  }));
}

/** How the station loads are worked out, shown with every load ratio (zh first). */
export const LOAD_METHOD = {
  zh: '各站负荷按同类比较：电负荷（各地块电力峰值之和 × 负荷同时率）对比电力容量 MWe，冷热负荷（冷热峰值之和 × 同时率）对比冷热容量 MWth；地块分配给覆盖它的最近站点。三联供站承担冷热基荷和部分电力，不足部分由电网（电）或其他冷热源（冷热）承担。低/中/高情景分别取较低/中值/较高的同时率和估算强度系数；填报的地块需求不随情景变化。',
  en: 'Each station’s load is compared like with like: power (sum of the parcels’ power peaks × the simultaneity factor) against its electrical capacity in MWe, heat/cooling (sum of thermal peaks × the same factor) against its thermal capacity in MWth; each parcel goes to its nearest covering station. A CCHP station carries the thermal base load and part of the power; the grid carries the rest of the power, other sources the rest of the heat/cooling. The low/central/high scenarios take the lower/central/higher simultaneity factor and intensity factor; figures entered on a parcel stay as entered in every scenario.',
} as const;

export async function coverageReport(db: Kysely<Database>, options: { includePipeline: boolean; component: DemandComponent; kinds: string[] }) {
  const [demand, { assumptions, custom }] = await Promise.all([demandReport(db, options.includePipeline), loadEnergyAssumptions(db)]);
  const points = toDemandPoints(await demandPositions(demand.stored), demand.demands, options.component);
  const stations = await loadStations(db, options.kinds);
  // Capacities are left out of the geometric coverage: its weights add heat and power, which no one capacity can be compared with.
  const { stations: stationCoverage, ...coverage } = computeCoverage(
    stations.map((s) => ({ ...s, capacityKilowatts: null })),
    points,
  );
  const demandById = new Map(demand.demands.map((d) => [d.id, d]));
  const uncovered = new Set(coverage.uncoveredParcelIds);
  const covered = new Set<string | number>(demand.demands.filter((d) => !uncovered.has(d.id)).map((d) => d.id));
  const scenarios = Object.fromEntries(
    SCENARIOS.map((scenario) => {
      const f = scenarioFactors(assumptions, scenario);
      const scaled = demand.demands.map((d) => scaleEstimatedDemand(d, f.intensityFactor));
      const peaks = { power: 0, heatCooling: 0, coveredTotal: 0, total: 0 };
      for (const d of scaled) {
        peaks.power += d.powerKilowatts;
        peaks.heatCooling += d.heatCoolingKilowatts;
        peaks.total += d.totalKilowatts;
        if (covered.has(d.id)) peaks.coveredTotal += d.totalKilowatts;
      }
      return [
        scenario,
        {
          ...f,
          sumOfPeaksKilowatts: { power: peaks.power, heatCooling: peaks.heatCooling, total: peaks.total },
          simultaneousKilowatts: { power: peaks.power * f.simultaneityFactor, heatCooling: peaks.heatCooling * f.simultaneityFactor },
          coveredKilowatts: peaks.coveredTotal,
          coveredShare: peaks.total > 0 ? peaks.coveredTotal / peaks.total : null,
        },
      ];
    }),
  ) as Record<Scenario, ScenarioFactors & { sumOfPeaksKilowatts: { power: number; heatCooling: number; total: number }; simultaneousKilowatts: { power: number; heatCooling: number }; coveredKilowatts: number; coveredShare: number | null }>;
  return {
    rule: 'A parcel is covered by a station when the geodesic distance (CGCS2000) from the station to the parcel centroid is within the station service radius.',
    ruleZh: '地块形心到站点的椭球面距离（CGCS2000）不超过站点服务半径时，视为被该站覆盖。',
    radiusBasis: { zh: '每站采用其自身服务半径（见站名下方；地图上的服务范围圆与此相同）', en: 'Each station’s own service radius (under its name; the service-area circles on the map use the same)' },
    method: LOAD_METHOD,
    assumptions: { ...assumptions, custom, simultaneityUsualRange: SIMULTANEITY_USUAL_RANGE },
    measuredBasis: demand.measuredBasis,
    byOrigin: demand.byOrigin,
    includePipeline: options.includePipeline,
    component: options.component,
    ...coverage,
    scenarios,
    stations: stations.map((s, i) => {
      const { loadKilowatts, capacityKilowatts: _c, loadRatio: _r, spareKilowatts: _s, overloaded: _o, ...geometric } = stationCoverage[i]!;
      const assigned = geometric.assignedParcelIds.map((id) => demandById.get(id)!).filter((d) => d !== undefined);
      const capacities = { electricalKilowatts: s.capacityKilowatts ?? null, thermalKilowatts: s.thermalCapacityKilowatts };
      const loads = Object.fromEntries(
        SCENARIOS.map((scenario) => {
          const f = scenarioFactors(assumptions, scenario);
          return [scenario, stationLoad(assigned.map((d) => scaleEstimatedDemand(d, f.intensityFactor)), capacities, f.simultaneityFactor)];
        }),
      ) as Record<Scenario, StationLoad>;
      return {
        ...geometric,
        /** Heat/cooling + power peaks of the assigned parcels: the weight, not a load (see `loads`). */
        assignedDemandKilowatts: loadKilowatts,
        name: s.name,
        kind: s.kind,
        status: s.status,
        position: s.position,
        radiusMeters: s.radiusMeters,
        illustrative: s.illustrative,
        capacities,
        loads,
        /** The assigned parcels' peaks by where each figure came from (entered / measured / estimated). */
        byOrigin: demandByOrigin(assigned),
      };
    }),
  };
}

/** Time a siting job may spend beyond the solver's budget: candidate filtering and the distance matrix. */
const SITING_SETUP_MILLISECONDS = 10_000;

export { MAX_SITING_MILLISECONDS, sitingRequestSchema };
export type SitingRequest = z.output<typeof sitingRequestSchema>;

/** Candidate limit: the exact search is sized for the ~500 candidates planners use. */
export const MAX_CANDIDATES = 2000;

/**
 * Loads what siting needs and solves it in the worker pool (server/pool/siting.job.ts).
 * The job may run the solver's budget plus set-up (candidate filter, distance matrix)
 * before it is ended.
 */
export async function runSiting(db: Kysely<Database>, request: SitingRequest) {
  const demand = await demandReport(db, request.includePipeline);
  const points = toDemandPoints(await demandPositions(demand.stored), demand.demands, 'total');
  const zones = (await db.selectFrom('zones').select('geometry').execute()).map((z) => JSON.parse(z.geometry) as Poly);
  const constraintRows = await db.selectFrom('constraints').select(['kind', 'geometry']).execute();
  const forbidden: Poly[] = [];
  for (const c of constraintRows) {
    if ((c.kind === 'ecological_red_line' && request.constraints.avoidRedLine) || (c.kind === 'permanent_basic_farmland' && request.constraints.avoidFarmland)) {
      forbidden.push(JSON.parse(c.geometry) as Poly);
    }
  }
  if (request.constraints.avoidParcels) for (const p of demand.stored) forbidden.push(JSON.parse(p.geometryText!) as Poly);
  const gasLines = (await db.selectFrom('energyLines').select(['kind', 'geometry']).where('kind', 'in', ['gas_trunk', 'gas_branch']).execute())
    .map((l) => JSON.parse(l.geometry))
    .filter((g): g is LineString => g.type === 'LineString');
  // Each current station keeps its own radius (as in the coverage panel) and no capacity: siting weights add heat and power.
  const existing = (await loadStations(db, ['cchp'])).map(({ kind: _kind, thermalCapacityKilowatts: _t, illustrative: _i, ...s }) => ({ ...s, capacityKilowatts: null }));
  const result = await runJob(
    'siting',
    {
      k: request.k,
      radiusMeters: request.radiusMeters,
      objective: request.objective,
      maxMilliseconds: request.maxMilliseconds,
      candidates: request.candidates ?? null,
      gridSpacingMeters: request.gridSpacingMeters,
      maxDistanceToGasMeters: request.constraints.maxDistanceToGasMeters ?? null,
      maxCandidates: MAX_CANDIDATES,
      points,
      zones,
      forbidden,
      gasLines,
      existing,
    },
    { timeLimitMs: request.maxMilliseconds + SITING_SETUP_MILLISECONDS },
  );
  return 'error' in result ? result : { request, ...result };
}
