/**
 * Published planning ranges the default intensities are read against.
 *
 * Power side: GB/T 50293-2014《城市电力规划规范》, 规划单位建设用地负荷指标
 * (§4.2, planning load per hectare of built land, kW/hm²). The standard
 * gives ranges by GB 50137 land class; the classes of the land-use codes in
 * this ledger map onto them as below. 1 hm² = 15 亩, so kW/亩 = (kW/hm²) ÷ 15.
 *
 * HOW SURE THE FIGURES ARE (checked December 2026). The ranges were first
 * written from memory. A search of the public text available to the project
 * (standards sites, Q&A pages, public code) did not turn up the table of
 * GB/T 50293-2014 itself, so no figure here is confirmed against the
 * standard's text:
 * - 工业用地 M 200–800 kW/hm²: corroborated only by a secondary source, a
 *   park energy model in public code citing《城市电力规划规范》(the 1999
 *   edition, GB 50293-1999) as "工业用地用电指标为200-800kW/公顷"; the 2014
 *   edition's figure was not seen. Marked 'secondary'.
 * - 物流仓储用地 W 20–40, 公共管理与公共服务设施用地 A 300–800, 商业服务业设施用地
 *   B 400–1200 kW/hm²: no source found. Marked 'unverified'; the UI says so.
 * Whoever holds the standard should check Table 4.2.x and set `verification`
 * to 'standard' (with the clause) or correct the figure.
 *
 * Heat/cooling side: no national standard gives a thermal load per unit of
 * land for industrial parks (thermal load follows the process, not the
 * plot), so thermal rows carry no range and say so rather than borrow one.
 */
import { hectaresToMu } from '../units';

export interface PlanningRange {
  /** Lower end of the published range, kW per hectare (kW/hm²). */
  lowKilowattsPerHectare: number;
  highKilowattsPerHectare: number;
  /** The same range per 亩: kW/hm² ÷ 15. */
  lowKilowattsPerMu: number;
  highKilowattsPerMu: number;
  /** The land class of the standard the range belongs to. */
  normClass: { code: string; zh: string; en: string };
  source: { zh: string; en: string };
  /**
   * How the figure was checked: 'standard' = read in the standard's own text;
   * 'secondary' = seen only as quoted by another source; 'unverified' = no
   * source found (see the file comment).
   */
  verification: RangeVerification;
  verificationNote: { zh: string; en: string };
}

export type RangeVerification = 'standard' | 'secondary' | 'unverified';

const VERIFICATION_NOTES: Readonly<Record<RangeVerification, { zh: string; en: string }>> = Object.freeze({
  standard: { zh: '已对照规范原文', en: 'checked against the standard’s text' },
  secondary: {
    zh: '未核实：未见 2014 版原文，仅有二手资料引用 GB 50293-1999 的同一数值',
    en: 'unverified: the 2014 text was not seen; only a secondary source quoting the same figure from GB 50293-1999',
  },
  unverified: { zh: '未核实：未找到规范原文或可靠引用', en: 'unverified: neither the standard’s text nor a reliable quotation was found' },
});

export const GB50293_SOURCE = {
  zh: 'GB/T 50293-2014《城市电力规划规范》规划单位建设用地负荷指标',
  en: 'GB/T 50293-2014 Code for urban electric power planning, planning load per unit of built land',
} as const;

function range(code: string, zh: string, en: string, lowKilowattsPerHectare: number, highKilowattsPerHectare: number, verification: RangeVerification): PlanningRange {
  const muPerHectare = hectaresToMu(1);
  return Object.freeze({
    lowKilowattsPerHectare,
    highKilowattsPerHectare,
    lowKilowattsPerMu: lowKilowattsPerHectare / muPerHectare,
    highKilowattsPerMu: highKilowattsPerHectare / muPerHectare,
    normClass: Object.freeze({ code, zh, en }),
    source: GB50293_SOURCE,
    verification,
    verificationNote: VERIFICATION_NOTES[verification],
  });
}

/** GB/T 50293-2014 ranges, kW/hm², keyed by the ledger's four-digit land-use class (用地用海分类). */
const POWER_RANGES: Readonly<Record<string, PlanningRange>> = Object.freeze({
  '1001': range('M', '工业用地', 'Industrial land', 200, 800, 'secondary'),
  '1101': range('W', '物流仓储用地', 'Logistics and warehousing land', 20, 40, 'unverified'),
  // 科研用地 is A35 under 公共管理与公共服务设施用地 in GB 50137.
  '0802': range('A', '公共管理与公共服务设施用地（科研）', 'Public administration and services land (research)', 300, 800, 'unverified'),
  '0901': range('B', '商业服务业设施用地', 'Commercial and business facilities land', 400, 1200, 'unverified'),
});

/** The published power-load range for a four-digit land-use class, or null when the standard has none for it here. */
export function powerPlanningRange(landUseClass: string | null): PlanningRange | null {
  if (landUseClass === null) return null;
  return POWER_RANGES[landUseClass] ?? null;
}

export type RangeVerdict = 'within' | 'below' | 'above' | 'no_range';

/** Where a kW/亩 figure sits against a range; the ends count as within. */
export function rangeVerdict(kilowattsPerMu: number, planningRange: PlanningRange | null): RangeVerdict {
  if (!planningRange) return 'no_range';
  // A hair of tolerance so a figure typed as the converted end (e.g. 53.33) is not flagged.
  const slack = 1e-6 + 0.005;
  if (kilowattsPerMu < planningRange.lowKilowattsPerMu - slack) return 'below';
  if (kilowattsPerMu > planningRange.highKilowattsPerMu + slack) return 'above';
  return 'within';
}
