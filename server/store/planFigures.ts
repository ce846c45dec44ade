/**
 * A plan's figures from one consistent read: the tally (the same shape as
 * GET /api/plans/{id}/tally), the parcels and stations behind each target
 * (drill-down), on the current ledger or on a snapshot rebuilt from history.
 */
import type { Feature } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { ExactSum } from '../../domain/exactSum';
import { countedStatisticsYear, tallyEnterpriseMetric, type EnterpriseLedger } from '../../domain/enterpriseTally';
import { projectSchema } from '../../domain/project';
import { targetContributions, tallyTargets, type TallyParcel, type TallyStation } from '../../domain/tally';
import { ENTERPRISE_METRIC_RULES, isEnterpriseMetric, type PlanWithTargets, type TargetDefinition } from '../../domain/target.schema';
import { squareMetersToMu } from '../../domain/units';
import type { ZoneCell } from '../../domain/zoneCells';
import type { DrillParcel, DrillStation } from '../../domain/api/review.schema';
import type { TallyInput } from '../../domain/api/tally.schema';
import type { Database } from '../db/schema';
import { loadPlan } from './plans.store';
import { parcelsAsOf, type AsOf } from './snapshot';

/** A parcel as the tally and the drill-down need it. */
export interface LedgerParcel extends TallyParcel {
  id: number;
  name: string;
  enterprise: string | null;
  industryChain: string | null;
}

export interface LedgerStation extends TallyStation {
  id: number;
  name: string;
}

export interface PlanFigures {
  plan: PlanWithTargets;
  parcels: LedgerParcel[];
  stations: LedgerStation[];
  /** Enterprises, their statistics and projects, for the enterprise metrics (D1–D8). */
  enterprises: EnterpriseLedger;
  asOf: AsOf | null;
}

function fromFeature(f: Feature): LedgerParcel {
  const p = f.properties as Record<string, any>;
  return {
    id: Number(f.id),
    name: p.name,
    landUseCode: p.landUseCode,
    status: p.status,
    supplyYear: p.supplyYear ?? null,
    enterprise: p.enterprise ?? null,
    industryChain: p.industryChain ?? null,
    investmentYi: p.investmentYi ?? null,
    outputYi: p.outputYi ?? null,
    factoryFloorSquareMeters: p.factoryFloorSquareMeters ?? null,
    areaSquareMeters: p.areaSquareMeters,
    zoneCells: (p.zoneCells ?? []) as ZoneCell[],
  };
}

/**
 * The plan, parcels and stations in one read transaction, or null for an
 * unknown plan. With `asOf`, parcels come from the change log (snapshot.ts);
 * stations have no history before issue 5's writes and are taken as they are now,
 * and so are enterprises and projects, read no later than the as-of year.
 */
export async function loadPlanFigures(db: Kysely<Database>, planId: string, asOf: AsOf | null = null): Promise<PlanFigures | null> {
  return db.transaction().execute((trx) => readPlanFigures(trx, planId, asOf));
}

/**
 * PlanFigures whose parcels' zone cells may still be the stored JSON text
 * (parsed when read as of a date): what the report route sends to its pool
 * job, which parses them there (parsedFigures) — text is copied to a worker
 * far faster than ~3,000 arrays of objects, and the parse leaves the request thread.
 */
export type PlanFiguresText = Omit<PlanFigures, 'parcels'> & { parcels: (Omit<LedgerParcel, 'zoneCells'> & { zoneCells: LedgerParcel['zoneCells'] | string })[] };

export async function loadPlanFiguresText(db: Kysely<Database>, planId: string, asOf: AsOf | null = null): Promise<PlanFiguresText | null> {
  return db.transaction().execute((trx) => readFigures(trx, planId, asOf, false));
}

/** PlanFigures from PlanFiguresText: every parcel's zone cells parsed, the rows otherwise as readPlanFigures gives them. */
export function parsedFigures(figures: PlanFiguresText): PlanFigures {
  return { ...figures, parcels: figures.parcels.map((p) => (typeof p.zoneCells === 'string' ? { ...p, zoneCells: JSON.parse(p.zoneCells) as ZoneCell[] } : { ...p, zoneCells: p.zoneCells })) };
}

/** The same read inside a transaction the caller holds (an import's dry run reads its own uncommitted writes). */
export async function readPlanFigures(trx: Transaction<Database>, planId: string, asOf: AsOf | null = null): Promise<PlanFigures | null> {
  return readFigures(trx, planId, asOf, true) as Promise<PlanFigures | null>;
}

async function readFigures(trx: Transaction<Database>, planId: string, asOf: AsOf | null, parseZoneCells: boolean): Promise<PlanFiguresText | null> {
  const plan = await loadPlan(trx, planId);
  if (!plan) return null;
  let parcels: PlanFiguresText['parcels'];
  if (asOf) {
    parcels = (await parcelsAsOf(trx, asOf.cutoff)).map(fromFeature);
  } else {
    const rows = await trx
      .selectFrom('parcels')
      .select(['id', 'name', 'landUseCode', 'status', 'supplyYear', 'enterprise', 'industryChain', 'investmentYi', 'outputYi', 'factoryFloorSquareMeters', 'areaSquareMeters', 'zoneCells'])
      .orderBy('id')
      .execute();
    parcels = parseZoneCells ? rows.map((r) => ({ ...r, zoneCells: JSON.parse(r.zoneCells) as ZoneCell[] })) : rows;
  }
  const stationRows = await trx.selectFrom('energyStations').select(['id', 'name', 'kind', 'status', 'zoneCodes']).orderBy('id').execute();
  const stations = stationRows.map((r) => ({ ...r, zoneCodes: JSON.parse(r.zoneCodes) as string[] }));
  const enterprises = await enterpriseLedgerFor(trx, plan, asOf);
  return { plan, parcels, stations, enterprises, asOf };
}

/** What the plan's enterprise targets read (nothing when it has none). */
export async function enterpriseLedgerFor(trx: Transaction<Database>, plan: PlanWithTargets, asOf: AsOf | null): Promise<EnterpriseLedger> {
  return plan.targets.some((t) => isEnterpriseMetric(t.metric)) ? readEnterpriseLedger(trx, asOf) : emptyLedger(asOf);
}

const throughYearOf = (asOf: AsOf | null) => (asOf ? Number(asOf.date.slice(0, 4)) : null);
const emptyLedger = (asOf: AsOf | null): EnterpriseLedger => ({ enterprises: [], statistics: [], projects: [], throughYear: throughYearOf(asOf) });

/** What the enterprise metrics read: the register, every year's statistics (output) and the projects' signing dates. */
async function readEnterpriseLedger(trx: Transaction<Database>, asOf: AsOf | null): Promise<EnterpriseLedger> {
  const enterprises = (await trx.selectFrom('enterprises').select(['id', 'scale', 'industryChain', 'tags', 'aboveScaleSinceYear']).orderBy('id').execute()).map((e) => ({
    ...e,
    tags: JSON.parse(e.tags) as string[],
  }));
  const statistics = await trx.selectFrom('enterpriseStatistics').select(['enterpriseId', 'year', 'outputYi']).orderBy('enterpriseId').orderBy('year').execute();
  const projects = (await trx.selectFrom('projects').select(['enterpriseId', 'signedInvestmentYi', 'plannedInvestmentYi', 'milestones', 'fundsInPlaceYi']).orderBy('id').execute()).map((p) => {
    const signed = projectSchema.shape.milestones.parse(JSON.parse(p.milestones)).signed;
    return {
      enterpriseId: p.enterpriseId,
      signedInvestmentYi: p.signedInvestmentYi,
      plannedInvestmentYi: p.plannedInvestmentYi,
      signedPlanned: signed.planned,
      signedActual: signed.actual,
      fundsInPlaceYi: projectSchema.shape.fundsInPlaceYi.parse(JSON.parse(p.fundsInPlaceYi)),
    };
  });
  return { enterprises, statistics, projects, throughYear: throughYearOf(asOf) };
}

/**
 * The tally body GET /api/plans/{id}/tally serves (plus asOf for a snapshot): figures and each target's definition.
 * `kept`: the tallies already worked out (tallyCache.ts keeps them up to date), with the parcel count they cover.
 */
export function tallyBody(figures: PlanFigures, kept?: { tallies: ReturnType<typeof tallyTargets>; parcelCount: number }) {
  const { targets, ...planInfo } = figures.plan;
  const tallies = kept?.tallies ?? tallyTargets(targets, figures.parcels, figures.stations, figures.enterprises);
  // `satisfies` holds the body to the shared contract: a field added here and not there (or dropped) fails to compile.
  return {
    plan: planInfo,
    computedAt: new Date().toISOString(),
    ...(figures.asOf ? { asOf: figures.asOf.date } : {}),
    parcelCount: kept?.parcelCount ?? figures.parcels.length,
    targets: targets.map((t, i) => ({
      ...tallies[i]!,
      labelZh: t.labelZh,
      labelEn: t.labelEn,
      source: t.source,
      notes: t.notes,
      definition: {
        zoneCodes: t.zoneCodes,
        landUseCodes: t.landUseCodes,
        securedStatuses: t.securedStatuses,
        pipelineStatuses: t.pipelineStatuses,
        stationKinds: t.stationKinds,
        supplyYearFrom: t.supplyYearFrom,
        supplyYearTo: t.supplyYearTo,
        ...(isEnterpriseMetric(t.metric)
          ? {
              enterpriseFilter: t.enterpriseFilter,
              rule: ENTERPRISE_METRIC_RULES[t.metric],
              // Annual figures say which year's statistics they are.
              countedYear: t.metric === 'enterprise_output_yi' || t.metric === 'enterprise_count' ? countedStatisticsYear(t, figures.enterprises) : null,
            }
          : {}),
      },
    })),
  } satisfies TallyInput;
}
export type TallyBody = ReturnType<typeof tallyBody>;
export type TallyRow = TallyBody['targets'][number];

/** Shares below 1 by more than this are a straddle (float noise from the cell normalisation is far smaller). */
const WHOLE_TOLERANCE = 1e-9;

export type { DrillParcel, DrillStation };

/** The parcels (or, for station_count, stations) behind a target, in tally order, so their sums equal the tally's. */
export function drillDown(target: TargetDefinition, figures: PlanFigures): { parcels: DrillParcel[]; stations: DrillStation[]; secured: number; pipeline: number } {
  if (isEnterpriseMetric(target.metric)) {
    // Counted from the register, not from parcels: no parcel list, and the totals stay the tally's.
    const c = tallyEnterpriseMetric({ ...target, metric: target.metric }, figures.enterprises);
    return { parcels: [], stations: [], secured: c.secured, pipeline: c.pipeline };
  }
  const contributions = targetContributions(target, figures.parcels, figures.stations);
  // Summed exactly, as the tally sums them, so the drill-down's totals are the tally's figures to the last bit.
  const securedSum = new ExactSum();
  const pipelineSum = new ExactSum();
  for (const c of contributions) (c.role === 'secured' ? securedSum : pipelineSum).add(c.value);
  const secured = securedSum.value();
  const pipeline = pipelineSum.value();
  if (target.metric === 'station_count') {
    const byId = new Map(figures.stations.map((s) => [s.id, s]));
    const stations = contributions.map((c) => {
      const s = byId.get(Number(c.id))!;
      return { id: s.id, name: s.name, kind: s.kind, status: s.status, zoneCodes: [...s.zoneCodes], role: c.role, value: c.value };
    });
    return { parcels: [], stations, secured, pipeline };
  }
  const byId = new Map(figures.parcels.map((p) => [p.id, p]));
  const parcels = contributions.map((c): DrillParcel => {
    const p = byId.get(Number(c.id))!;
    return {
      id: p.id,
      name: p.name,
      status: p.status,
      supplyYear: p.supplyYear,
      enterprise: p.enterprise,
      landUseCode: p.landUseCode,
      areaSquareMeters: p.areaSquareMeters,
      areaMu: squareMetersToMu(p.areaSquareMeters),
      role: c.role,
      fraction: c.fraction,
      countedAreaSquareMeters: c.areaSquareMeters,
      countedAreaMu: squareMetersToMu(c.areaSquareMeters),
      value: c.value,
      straddling: c.fraction > 0 && c.fraction < 1 - WHOLE_TOLERANCE,
    };
  });
  return { parcels, stations: [], secured, pipeline };
}
