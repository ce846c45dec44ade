/**
 * The tally: how much of a target is secured, how much is in the pipeline and
 * what remains. Pure arithmetic over parcels whose zone cells were computed
 * on save (zoneCells.ts), so it runs in the browser while drawing and on the
 * server, and gives the same figure.
 *
 * Rules (also served with every target so anyone can recompute it):
 * - a parcel counts when its land-use code matches the target's codes (prefix
 *   match; none listed = all) and its supply year lies in the window (a parcel
 *   without a year counts only as pipeline, and only if the window allows any
 *   year, i.e. it has no bound or the parcel is pipeline);
 * - status decides secured or pipeline;
 * - with a zone scope, only the parcel's area inside the union of the scope's
 *   zones counts; money and floor area are taken in the same proportion;
 * - stations count by kind and status, inside the scope's zones;
 * - enterprise metrics (output, investment, enterprise counts) are counted
 *   from the register by ./enterpriseTally.ts.
 */
import { ExactSum } from './exactSum';
import { FIGURE_LIMITS, finiteOrZero } from './figureLimits';
import { landUseMatches } from './landUse';
import { scopeAreaSquareMeters, type ZoneCell } from './zoneCells';
import { squareMetersToMu } from './units';
import { isEnterpriseMetric, METRIC_UNITS, type Metric, type TargetDefinition } from './target.schema';
import { EMPTY_ENTERPRISE_LEDGER, tallyEnterpriseMetric, type EnterpriseLedger } from './enterpriseTally';
import type { MetricUnit } from './units';
import type { FigureLevels } from './targetWords';

export interface TallyParcel {
  id: string | number;
  landUseCode: string;
  status: string;
  supplyYear: number | null;
  investmentYi: number | null;
  outputYi: number | null;
  factoryFloorSquareMeters: number | null;
  areaSquareMeters: number;
  zoneCells: readonly ZoneCell[];
}

export interface TallyStation {
  id: string | number;
  kind: string;
  status: string;
  /** Zones the station's point lies in. */
  zoneCodes: readonly string[];
}

export type ContributionRole = 'secured' | 'pipeline';

export interface Contribution {
  id: string | number;
  role: ContributionRole;
  /** Share of the parcel counted (area inside the scope / parcel area), 0..1. */
  fraction: number;
  /** Area counted, m² (land inside the scope). */
  areaSquareMeters: number;
  /** The value added to the target, in the target's unit. */
  value: number;
}

/** The figures judged, with the plan's words for them so every reader labels them alike. */
export interface TargetTally extends FigureLevels {
  code: string;
  metric: Metric;
  unit: MetricUnit;
  comparator: 'gte' | 'lte';
  floor: number;
  stretch: number | null;
  secured: number;
  pipeline: number;
  /** gte: what is still missing to the floor (≥ 0). lte: headroom below the cap (≥ 0). */
  remaining: number;
  met: boolean;
  stretchMet: boolean | null;
}

export interface PreparedTarget {
  target: TargetDefinition;
  scope: ReadonlySet<string> | null;
  secured: ReadonlySet<string>;
  pipeline: ReadonlySet<string>;
}

export function prepare(target: TargetDefinition): PreparedTarget {
  return {
    target,
    scope: target.zoneCodes.length > 0 ? new Set(target.zoneCodes) : null,
    secured: new Set(target.securedStatuses),
    pipeline: new Set(target.pipelineStatuses),
  };
}

/**
 * A parcel's figure as the tally counts it: one outside what the schema accepts
 * (a row stored before the limits, ./figureLimits.ts) counts 0, so no sum of
 * valid parcels can overflow to Infinity (which JSON sends as null).
 */
function figure(value: number | null, max: number): number {
  return value !== null && Number.isFinite(value) && value >= 0 && value <= max ? value : 0;
}

function metricValue(metric: Metric, parcel: TallyParcel, insideSquareMeters: number, fraction: number): number {
  switch (metric) {
    case 'land_mu':
      return finiteOrZero(squareMetersToMu(insideSquareMeters));
    case 'floor_area_m2':
      return figure(parcel.factoryFloorSquareMeters, FIGURE_LIMITS.factoryFloorSquareMeters) * fraction;
    case 'investment_yi':
      return figure(parcel.investmentYi, FIGURE_LIMITS.investmentYi) * fraction;
    case 'output_yi':
      return figure(parcel.outputYi, FIGURE_LIMITS.outputYi) * fraction;
    // Stations and enterprise metrics are not counted from parcels.
    case 'station_count':
    case 'enterprise_output_yi':
    case 'enterprise_count':
    case 'project_signed_investment_yi':
    case 'project_planned_investment_yi':
    case 'enterprise_new_above_scale_count':
    case 'project_funds_in_place_yi':
      return 0;
  }
}

/** What one parcel adds to one target (null: nothing): the unit a kept-up-to-date tally adds and removes. */
export function parcelContribution(p: PreparedTarget, parcel: TallyParcel): Contribution | null {
  const t = p.target;
  let role: ContributionRole;
  if (p.secured.has(parcel.status)) role = 'secured';
  else if (p.pipeline.has(parcel.status)) role = 'pipeline';
  else return null;
  if (t.landUseCodes.length > 0 && !landUseMatches(parcel.landUseCode, t.landUseCodes)) return null;
  const year = parcel.supplyYear;
  if (year === null) {
    if (role === 'secured' && (t.supplyYearFrom !== null || t.supplyYearTo !== null)) return null;
  } else {
    if (t.supplyYearFrom !== null && year < t.supplyYearFrom) return null;
    if (t.supplyYearTo !== null && year > t.supplyYearTo) return null;
  }
  const inside = p.scope ? scopeAreaSquareMeters(parcel.zoneCells, p.scope) : parcel.areaSquareMeters;
  if (!(inside > 0) || !Number.isFinite(inside)) return null;
  const fraction = parcel.areaSquareMeters > 0 ? Math.min(1, inside / parcel.areaSquareMeters) : 0;
  return { id: parcel.id, role, fraction, areaSquareMeters: inside, value: metricValue(t.metric, parcel, inside, fraction) };
}

export function stationCounts(p: PreparedTarget, stations: readonly TallyStation[]): { secured: number; pipeline: number; ids: Contribution[] } {
  const kinds = p.target.stationKinds.length > 0 ? new Set(p.target.stationKinds) : null;
  let secured = 0;
  let pipeline = 0;
  const ids: Contribution[] = [];
  for (const s of stations) {
    if (kinds && !kinds.has(s.kind)) continue;
    if (p.scope && !s.zoneCodes.some((z) => p.scope!.has(z))) continue;
    if (p.secured.has(s.status)) {
      secured += 1;
      ids.push({ id: s.id, role: 'secured', fraction: 1, areaSquareMeters: 0, value: 1 });
    } else if (p.pipeline.has(s.status)) {
      pipeline += 1;
      ids.push({ id: s.id, role: 'pipeline', fraction: 1, areaSquareMeters: 0, value: 1 });
    }
  }
  return { secured, pipeline, ids };
}

export function judge(target: TargetDefinition, securedSum: number, pipelineSum: number): TargetTally {
  const gte = target.comparator === 'gte';
  // Within the limits these sums are finite; the guard keeps a broken row from ever printing null or Infinity.
  const secured = finiteOrZero(securedSum);
  const pipeline = finiteOrZero(pipelineSum);
  const stretch = target.stretch;
  return {
    code: target.code,
    metric: target.metric,
    unit: METRIC_UNITS[target.metric],
    comparator: target.comparator,
    floor: target.floor,
    stretch,
    floorLevel: target.floorLevel,
    floorWordZh: target.floorWordZh,
    stretchLevel: target.stretchLevel,
    stretchWordZh: target.stretchWordZh,
    secured,
    pipeline,
    remaining: Math.max(0, target.floor - secured),
    met: gte ? secured >= target.floor : secured <= target.floor,
    stretchMet: stretch === null ? null : gte ? secured >= stretch : secured <= stretch,
  };
}

/** Tallies one target. */
export function tallyTarget(
  target: TargetDefinition,
  parcels: readonly TallyParcel[],
  stations: readonly TallyStation[] = [],
  enterprises: EnterpriseLedger = EMPTY_ENTERPRISE_LEDGER,
): TargetTally {
  if (isEnterpriseMetric(target.metric)) {
    const c = tallyEnterpriseMetric({ ...target, metric: target.metric }, enterprises);
    return judge(target, c.secured, c.pipeline);
  }
  const p = prepare(target);
  if (target.metric === 'station_count') {
    const c = stationCounts(p, stations);
    return judge(target, c.secured, c.pipeline);
  }
  // Exact sums, rounded once: the same figure in any parcel order, and the same as a tally kept up to date edit by edit.
  const secured = new ExactSum();
  const pipeline = new ExactSum();
  for (const parcel of parcels) {
    const c = parcelContribution(p, parcel);
    if (!c) continue;
    if (c.role === 'secured') secured.add(c.value);
    else pipeline.add(c.value);
  }
  return judge(target, secured.value(), pipeline.value());
}

/** Tallies every target of a plan, in order. */
export function tallyTargets(
  targets: readonly TargetDefinition[],
  parcels: readonly TallyParcel[],
  stations: readonly TallyStation[] = [],
  enterprises: EnterpriseLedger = EMPTY_ENTERPRISE_LEDGER,
): TargetTally[] {
  return targets.map((t) => tallyTarget(t, parcels, stations, enterprises));
}

/**
 * The parcels (or stations) behind a target's figures, each with the share it
 * contributes: the drill-down that makes every figure traceable.
 */
export function targetContributions(
  target: TargetDefinition,
  parcels: readonly TallyParcel[],
  stations: readonly TallyStation[] = [],
): Contribution[] {
  // Enterprise metrics count register records, not parcels: none to list here.
  if (isEnterpriseMetric(target.metric)) return [];
  const p = prepare(target);
  if (target.metric === 'station_count') return stationCounts(p, stations).ids;
  const out: Contribution[] = [];
  for (const parcel of parcels) {
    const c = parcelContribution(p, parcel);
    if (c) out.push(c);
  }
  return out;
}
