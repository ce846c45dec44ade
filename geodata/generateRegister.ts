/**
 * Generates the ILLUSTRATIVE enterprise register the seed loads beside the
 * parcels (issue 12 §8): one 示例 enterprise for each enterprise named on a
 * seeded parcel, its annual statistics 2022–2025 while it produces, and one
 * project per parcel with milestones and funds in place that agree with the
 * parcel's status and supply year. Every name, figure and date is invented;
 * no credit code is made up (a plausible-looking 统一社会信用代码 could be a
 * real firm's), so creditCode is null throughout.
 *
 *   npx tsx geodata/generateRegister.ts
 *
 * Deterministic: a seeded PRNG, no Math.random, no clock (dates are fixed
 * relative to the plan period, so the idle-land rule has something to show
 * as of late 2026).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { makeRng } from './lib';

const HERE = dirname(fileURLToPath(import.meta.url));
const rng = makeRng(20251231);
const between = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const pad = (n: number) => String(n).padStart(2, '0');
const date = (year: number, month: number, day: number) => {
  const m = ((month - 1) % 12) + 1;
  const y = year + Math.floor((month - 1) / 12);
  return `${y}-${pad(m)}-${pad(day)}`;
};

export interface RegisterFile {
  enterprises: {
    name: string;
    industryChain: string | null;
    scale: 'above_scale' | 'below_scale';
    tags: string[];
    aboveScaleSinceYear: number | null;
    rentedFloorSquareMeters: number | null;
    notes: string;
    /** Names of the seeded parcels it occupies. */
    parcels: string[];
    statistics: { year: number; outputYi: number; revenueYi: number; taxYi: number; valueAddedYi: number; energyTce: number; rdYi: number; employees: number }[];
  }[];
  projects: {
    name: string;
    enterprise: string;
    parcels: string[];
    signedInvestmentYi: number;
    plannedInvestmentYi: number;
    milestones: Record<string, { planned: string | null; actual: string | null }>;
    /** 资金到位 per calendar year, 亿元. */
    fundsInPlaceYi: Record<string, number>;
    notes: string;
  }[];
}

export function generateRegister(parcels: FeatureCollection): RegisterFile {
  const enterprises: RegisterFile['enterprises'] = [];
  const projects: RegisterFile['projects'] = [];
  let producing = 0;
  for (const f of parcels.features) {
    const p = f.properties as { name: string; status: string; supplyYear: number | null; enterprise: string | null; industryChain: string | null; investmentYi: number | null; outputYi: number | null };
    if (!p.enterprise || enterprises.some((e) => e.name === p.enterprise)) continue;
    const supplyYear = p.supplyYear ?? 2025;
    const month = 1 + Math.floor(rng.next() * 9);
    const supplied = date(supplyYear, month, 10 + Math.floor(rng.next() * 15));
    const agreedStart = date(supplyYear, month + 6, 1);
    const started = p.status === 'under_construction' || p.status === 'in_production' ? date(supplyYear, month + 4 + Math.floor(rng.next() * 3), 18) : null;
    // In production: producing at least a year after the start, and before the plan period's review (2026-06).
    const producingYear = p.status === 'in_production' ? Math.min(2025, supplyYear + 1) : null;
    const producingDate = producingYear === null ? null : date(producingYear, 3 + Math.floor(rng.next() * 6), 28);
    const statistics: RegisterFile['enterprises'][number]['statistics'] = [];
    if (producingYear !== null && p.outputYi !== null) {
      producing += 1;
      for (let year = Math.max(2022, producingYear); year <= 2025; year++) {
        // Output ramps up to the parcel's planned output over the years in production.
        const ramp = Math.min(1, 0.55 + 0.2 * (year - producingYear)) * between(0.9, 1.08);
        const outputYi = round2(p.outputYi * ramp);
        const revenueYi = round2(outputYi * between(0.88, 0.98));
        statistics.push({
          year,
          outputYi,
          revenueYi,
          taxYi: round3(revenueYi * between(0.025, 0.06)),
          valueAddedYi: round2(outputYi * between(0.2, 0.3)),
          energyTce: Math.round(outputYi * between(300, 1400)),
          rdYi: round3(revenueYi * between(0.01, 0.045)),
          employees: Math.round(outputYi * between(35, 80)),
        });
      }
    }
    const above = statistics.length > 0;
    const tags: string[] = [];
    if (above && producing % 4 === 1) tags.push('specialized_new');
    if (above && producing % 11 === 3) tags.push('little_giant');
    if (p.industryChain && ['new_energy', 'electronic_info', 'biomedicine'].includes(p.industryChain) && enterprises.length % 3 === 0) tags.push('high_tech');
    if (above && p.outputYi !== null && p.outputYi >= 40) tags.push('listed');
    enterprises.push({
      name: p.enterprise,
      industryChain: p.industryChain,
      scale: above ? 'above_scale' : 'below_scale',
      tags,
      // Entered the above-scale statistics in its first producing year (older firms before the plan period).
      aboveScaleSinceYear: above ? Math.max(producingYear!, 2019) : null,
      rentedFloorSquareMeters: enterprises.length % 9 === 4 ? 2000 + Math.round(rng.next() * 40) * 100 : null,
      notes: '示意数据：企业、统计数字与项目均为虚构',
      parcels: [p.name],
      statistics,
    });
    const plannedInvestmentYi = p.investmentYi ?? round2(between(3, 12));
    // Funds arrive from the supply year: a third a year while building, the rest by production.
    const fundsInPlaceYi: Record<string, number> = {};
    const lastFundsYear = Math.min(2026, producingYear ?? (started ? 2026 : supplyYear));
    const years = Math.max(1, lastFundsYear - supplyYear + 1);
    const share = started || producingYear ? 0.9 / years : 0.1;
    for (let year = supplyYear; year <= lastFundsYear; year++) fundsInPlaceYi[String(year)] = round3(plannedInvestmentYi * share * between(0.85, 1.1));
    projects.push({
      name: `${p.enterprise.replace(/有限公司$/, '')} ${p.name.replace(/^\S*\s/, '').replace(/用地$/, '')}`,
      enterprise: p.enterprise,
      parcels: [p.name],
      signedInvestmentYi: round2(plannedInvestmentYi * between(1.0, 1.25)),
      plannedInvestmentYi,
      milestones: {
        signed: { planned: date(supplyYear - 1, 10, 15), actual: date(supplyYear - 1, 10 + Math.floor(rng.next() * 3), 20) },
        supplied: { planned: supplied, actual: supplied },
        agreedStart: { planned: agreedStart, actual: null },
        started: { planned: agreedStart, actual: started },
        completed: { planned: date(supplyYear + 1, month + 6, 28), actual: producingDate },
        producing: { planned: date(supplyYear + 1, month + 9, 1), actual: producingDate },
      },
      fundsInPlaceYi,
      notes: '示意数据',
    });
  }
  return { enterprises, projects };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const parcels = JSON.parse(readFileSync(join(HERE, 'parcels.geojson'), 'utf8')) as FeatureCollection;
  writeFileSync(join(HERE, 'register.json'), JSON.stringify(generateRegister(parcels), null, 1) + '\n');
}
