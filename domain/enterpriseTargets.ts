/**
 * The plan's zone-wide economic targets (D1–D8, ../shared/plan TARGETS.md,
 * plan §二 and §三(四)) as data, each with a definition of how the register
 * counts it, tallied for a year from the enterprises, their statistics and
 * the projects. Pure. Where the ledger does not hold what a target needs,
 * the figure is null and `gap` says what is missing, rather than a proxy
 * passed off as the target.
 */
import type { IndustryChain } from './parcel.schema';

type Measure =
  | { kind: 'output'; chain: IndustryChain | null }
  | { kind: 'plannedInvestmentSinceStart' }
  | { kind: 'signedInvestmentInYear' }
  | { kind: 'aboveScaleReporting' };

export interface EnterpriseTarget {
  code: string;
  labelZh: string;
  labelEn: string;
  unit: 'yi_yuan' | 'count';
  floor: number;
  floorLevel: '确保' | null;
  stretch: number | null;
  stretchLevel: '力争' | null;
  measure: Measure;
  definition: { zh: string; en: string };
  /** What the ledger lacks for the whole target, when it counts only part of it. */
  gap: { zh: string; en: string } | null;
}

const output = (code: string, zh: string, en: string, chain: IndustryChain | null, floor: number, stretch: number | null = null): EnterpriseTarget => ({
  code,
  labelZh: zh,
  labelEn: en,
  unit: 'yi_yuan',
  floor,
  floorLevel: stretch === null ? null : '确保',
  stretch,
  stretchLevel: stretch === null ? null : '力争',
  measure: { kind: 'output', chain },
  definition: chain
    ? { zh: `当年产业链为该产业的登记企业产值之和（亿元）`, en: `The year's output of registered enterprises whose industry chain is ${chain} (亿元)` }
    : { zh: '当年全部登记企业产值（工业总产值）之和（亿元）', en: "The year's output (工业总产值) of every registered enterprise (亿元)" },
  gap: { zh: '只计已登记且已填报当年统计的企业', en: 'Counts only registered enterprises with figures for the year' },
});

/** Figures from the plan (TARGETS.md, "Zone-wide figures by 2025"). */
export const ENTERPRISE_TARGETS: readonly EnterpriseTarget[] = Object.freeze([
  output('D1', '工业总产值', 'Industrial output value', null, 500, 600),
  {
    code: 'D2',
    labelZh: '累计新增工业投资',
    labelEn: 'Cumulative new industrial investment',
    unit: 'yi_yuan',
    floor: 300,
    floorLevel: null,
    stretch: null,
    stretchLevel: null,
    measure: { kind: 'plannedInvestmentSinceStart' },
    definition: {
      zh: '规划期起始年至当年签约（签约实际日期）的项目计划总投资之和（亿元）',
      en: 'Planned total investment of the projects signed (actual signing date) from the plan period’s first year to the year (亿元)',
    },
    gap: { zh: '为计划投资，非完成投资：项目库尚无逐年到位资金', en: 'Planned, not completed, investment: projects hold no yearly funds in place yet' },
  },
  output('D3', '新能源（储能）产业产值', 'Output: new energy (storage)', 'new_energy', 300),
  output('D4', '新材料产业产值', 'Output: new materials', 'new_materials', 150),
  output('D5', '新一代信息技术（电子元器件）产业产值', 'Output: new-generation IT (electronic components)', 'electronic_info', 50),
  output('D6', '生物医药产业产值', 'Output: biomedicine', 'biomedicine', 50),
  {
    code: 'D7',
    labelZh: '年度签约投资',
    labelEn: 'Signed investment in the year',
    unit: 'yi_yuan',
    floor: 300,
    floorLevel: null,
    stretch: null,
    stretchLevel: null,
    measure: { kind: 'signedInvestmentInYear' },
    definition: { zh: '当年签约（签约实际日期在当年）的项目签约投资之和（亿元）', en: 'Signed investment of the projects signed in the year (actual signing date) (亿元)' },
    gap: { zh: '年度到位资金 100 亿元未计：项目库尚无逐年到位资金', en: 'Funds in place (100 亿元 a year) are not counted: projects hold no yearly funds yet' },
  },
  {
    code: 'D8',
    labelZh: '规上工业企业数',
    labelEn: 'Above-scale industrial enterprises',
    unit: 'count',
    floor: 100,
    floorLevel: null,
    stretch: null,
    stretchLevel: null,
    measure: { kind: 'aboveScaleReporting' },
    definition: { zh: '登记为规上且填报了当年统计的企业数', en: 'Enterprises registered above scale that reported figures for the year' },
    gap: { zh: '“新增 30 家”未计：登记簿不保存企业何时进入规上', en: '"30 new" is not counted: the register keeps no date of becoming above scale' },
  },
]);

export interface TargetInputs {
  enterprises: readonly { id: number; scale: string; industryChain: string | null }[];
  /** The year's statistics. */
  statistics: readonly { enterpriseId: number; outputYi: number | null }[];
  projects: readonly { signedInvestmentYi: number | null; plannedInvestmentYi: number | null; signedOn: string | null }[];
}

export interface EnterpriseTargetTally extends EnterpriseTarget {
  year: number;
  value: number;
  met: boolean;
  stretchMet: boolean | null;
  /** How many records the value sums or counts. */
  counted: number;
}

export function tallyEnterpriseTargets(year: number, periodStart: number, inputs: TargetInputs): EnterpriseTargetTally[] {
  const chainOf = new Map(inputs.enterprises.map((e) => [e.id, e.industryChain]));
  const scaleOf = new Map(inputs.enterprises.map((e) => [e.id, e.scale]));
  const signedYear = (p: TargetInputs['projects'][number]) => (p.signedOn ? Number(p.signedOn.slice(0, 4)) : null);
  return ENTERPRISE_TARGETS.map((t) => {
    let value = 0;
    let counted = 0;
    const m = t.measure;
    if (m.kind === 'output') {
      for (const s of inputs.statistics) {
        if (s.outputYi === null || (m.chain !== null && chainOf.get(s.enterpriseId) !== m.chain)) continue;
        value += s.outputYi;
        counted++;
      }
    } else if (m.kind === 'aboveScaleReporting') {
      counted = inputs.statistics.filter((s) => scaleOf.get(s.enterpriseId) === 'above_scale').length;
      value = counted;
    } else {
      for (const p of inputs.projects) {
        const y = signedYear(p);
        if (y === null) continue;
        const inWindow = m.kind === 'signedInvestmentInYear' ? y === year : y >= periodStart && y <= year;
        const figure = m.kind === 'signedInvestmentInYear' ? p.signedInvestmentYi : p.plannedInvestmentYi;
        if (!inWindow || figure === null) continue;
        value += figure;
        counted++;
      }
    }
    // D8 says "more than 100": strictly above the floor.
    const met = t.code === 'D8' ? value > t.floor : value >= t.floor;
    return { ...t, year, value, counted, met, stretchMet: t.stretch === null ? null : value >= t.stretch };
  });
}
