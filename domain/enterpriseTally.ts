/**
 * The tally of a target whose metric is counted from the enterprise register
 * (ENTERPRISE_METRICS in ./target.schema.ts): the plan's zone-wide economic
 * figures — 工业总产值 and output by industry, investment, enterprise counts
 * and tiers — judged like the land targets. Pure, so the server and a test
 * recompute the same figure. The rules are ENTERPRISE_METRIC_RULES, served
 * with every target.
 *
 * Annual figures (output, enterprise counts) count one year: the latest year
 * in the target's window, no later than the as-of year, for which any
 * enterprise reported statistics; so in 2024 a "by 2025" target shows 2024's
 * figure rather than nothing, and the row says which year it counted.
 * Investment counts projects by signing date: signed (actual date) in the
 * window is secured, not yet signed but planned to sign in the window is
 * pipeline. Funds in place add each project's recorded amounts for the
 * window's years; new above-scale enterprises count those whose year of
 * entering the above-scale statistics falls in the window.
 */
import type { EnterpriseFilter, EnterpriseMetric, TargetDefinition } from './target.schema';

export interface LedgerEnterprise {
  id: number;
  scale: string;
  industryChain: string | null;
  tags: readonly string[];
  /** 纳入规上年份; null = unknown or never. */
  aboveScaleSinceYear: number | null;
}

export interface LedgerStatistic {
  enterpriseId: number;
  year: number;
  /** Reported 工业总产值, 亿元; null = not reported. */
  outputYi: number | null;
}

export interface LedgerProject {
  enterpriseId: number | null;
  signedInvestmentYi: number | null;
  plannedInvestmentYi: number | null;
  /** The signing milestone's dates, ISO YYYY-MM-DD or null. */
  signedPlanned: string | null;
  signedActual: string | null;
  /** 资金到位 per calendar year, 亿元: { "2024": 12.5 }. */
  fundsInPlaceYi: Readonly<Record<string, number>>;
}

/** What enterprise metrics read, loaded in the same read as the parcels. */
export interface EnterpriseLedger {
  enterprises: readonly LedgerEnterprise[];
  /** Every year's statistics. */
  statistics: readonly LedgerStatistic[];
  projects: readonly LedgerProject[];
  /** The last year the tally may read (the as-of date's year); null = no limit. */
  throughYear: number | null;
}

export const EMPTY_ENTERPRISE_LEDGER: EnterpriseLedger = Object.freeze({ enterprises: [], statistics: [], projects: [], throughYear: null });

export interface EnterpriseFigure {
  secured: number;
  pipeline: number;
  /** Annual metrics: the statistics year counted, null when none in the window. Investment metrics: null. */
  countedYear: number | null;
  /** Records summed or counted as secured. */
  counted: number;
}

function matchesRegister(filter: EnterpriseFilter, e: LedgerEnterprise | undefined): boolean {
  const constrained = filter.industryChains.length > 0 || filter.scales.length > 0 || filter.tags.length > 0;
  if (!e) return !constrained;
  if (filter.industryChains.length > 0 && !(filter.industryChains as readonly string[]).includes(e.industryChain ?? '')) return false;
  if (filter.scales.length > 0 && !(filter.scales as readonly string[]).includes(e.scale)) return false;
  return filter.tags.every((tag) => e.tags.includes(tag));
}

function matchesTier(filter: EnterpriseFilter, outputYi: number | null): boolean {
  if (filter.outputYiMin === null && filter.outputYiBelow === null) return true;
  if (outputYi === null || !Number.isFinite(outputYi)) return false;
  if (filter.outputYiMin !== null && outputYi < filter.outputYiMin) return false;
  return filter.outputYiBelow === null || outputYi < filter.outputYiBelow;
}

function inWindow(year: number, from: number | null, to: number | null): boolean {
  return (from === null || year >= from) && (to === null || year <= to);
}

/** A reported figure as the tally counts it: not finite or negative counts 0, like a parcel's (./tally.ts). */
const figure = (v: number | null) => (v !== null && Number.isFinite(v) && v >= 0 ? v : 0);

interface LedgerIndex {
  byId: Map<number, LedgerEnterprise>;
  statisticsByYear: Map<number, LedgerStatistic[]>;
  /** Years with statistics, latest first. */
  yearsDescending: number[];
}

/** Built once per ledger, not per target: a plan tallies a dozen D targets over the same thousands of rows. */
const indexes = new WeakMap<EnterpriseLedger, LedgerIndex>();

function indexOf(ledger: EnterpriseLedger): LedgerIndex {
  let index = indexes.get(ledger);
  if (!index) {
    const statisticsByYear = new Map<number, LedgerStatistic[]>();
    for (const s of ledger.statistics) {
      const list = statisticsByYear.get(s.year);
      if (list) list.push(s);
      else statisticsByYear.set(s.year, [s]);
    }
    index = { byId: new Map(ledger.enterprises.map((e) => [e.id, e])), statisticsByYear, yearsDescending: [...statisticsByYear.keys()].sort((a, b) => b - a) };
    indexes.set(ledger, index);
  }
  return index;
}

/** The latest statistics year in [from, to] (to capped at throughYear), or null. */
export function countedStatisticsYear(target: TargetDefinition, ledger: EnterpriseLedger): number | null {
  const to = ledger.throughYear === null ? target.supplyYearTo : target.supplyYearTo === null ? ledger.throughYear : Math.min(target.supplyYearTo, ledger.throughYear);
  return indexOf(ledger).yearsDescending.find((year) => inWindow(year, target.supplyYearFrom, to)) ?? null;
}

const yearOf = (iso: string | null) => (iso === null ? null : Number(iso.slice(0, 4)));

/** The figure of one target with an enterprise metric. */
export function tallyEnterpriseMetric(target: TargetDefinition & { metric: EnterpriseMetric }, ledger: EnterpriseLedger): EnterpriseFigure {
  const filter = target.enterpriseFilter;
  const { byId, statisticsByYear } = indexOf(ledger);
  if (target.metric === 'enterprise_output_yi' || target.metric === 'enterprise_count') {
    const year = countedStatisticsYear(target, ledger);
    let secured = 0;
    let counted = 0;
    if (year !== null) {
      for (const s of statisticsByYear.get(year) ?? []) {
        if (!matchesRegister(filter, byId.get(s.enterpriseId)) || !matchesTier(filter, s.outputYi)) continue;
        if (target.metric === 'enterprise_count') {
          secured += 1;
          counted += 1;
        } else if (s.outputYi !== null) {
          secured += figure(s.outputYi);
          counted += 1;
        }
      }
    }
    return { secured, pipeline: 0, countedYear: year, counted };
  }
  const through = ledger.throughYear;
  if (target.metric === 'enterprise_new_above_scale_count') {
    let counted = 0;
    for (const e of ledger.enterprises) {
      const since = e.aboveScaleSinceYear;
      if (e.scale !== 'above_scale' || since === null || (through !== null && since > through)) continue;
      if (inWindow(since, target.supplyYearFrom, target.supplyYearTo) && matchesRegister(filter, e)) counted += 1;
    }
    return { secured: counted, pipeline: 0, countedYear: null, counted };
  }
  if (target.metric === 'project_funds_in_place_yi') {
    let secured = 0;
    let counted = 0;
    for (const p of ledger.projects) {
      if (!matchesRegister(filter, p.enterpriseId === null ? undefined : byId.get(p.enterpriseId))) continue;
      let any = false;
      for (const [y, amountYi] of Object.entries(p.fundsInPlaceYi)) {
        const year = Number(y);
        if ((through !== null && year > through) || !inWindow(year, target.supplyYearFrom, target.supplyYearTo)) continue;
        secured += figure(amountYi);
        any = true;
      }
      if (any) counted += 1;
    }
    return { secured, pipeline: 0, countedYear: null, counted };
  }
  let secured = 0;
  let pipeline = 0;
  let counted = 0;
  for (const p of ledger.projects) {
    if (!matchesRegister(filter, p.enterpriseId === null ? undefined : byId.get(p.enterpriseId))) continue;
    const value = figure(target.metric === 'project_signed_investment_yi' ? p.signedInvestmentYi : p.plannedInvestmentYi);
    const signedYear = yearOf(p.signedActual);
    // Signed after the as-of year: as of then it was not yet signed.
    if (signedYear !== null && (through === null || signedYear <= through)) {
      if (inWindow(signedYear, target.supplyYearFrom, target.supplyYearTo)) {
        secured += value;
        counted += 1;
      }
      continue;
    }
    const plannedYear = yearOf(p.signedPlanned);
    if (plannedYear !== null && inWindow(plannedYear, target.supplyYearFrom, target.supplyYearTo)) pipeline += value;
  }
  return { secured, pipeline, countedYear: null, counted };
}
