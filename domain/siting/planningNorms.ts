/**
 * Published planning ranges the default intensities are read against.
 *
 * Power side: GB/T 50293-2014《城市电力规划规范》, 规划单位建设用地负荷指标
 * (§4.2, planning load per hectare of built land, kW/hm²). The standard
 * gives ranges by GB 50137 land class; the classes of the land-use codes in
 * this ledger map onto them as below. 1 hm² = 15 亩, so kW/亩 = (kW/hm²) ÷ 15.
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
}

export const GB50293_SOURCE = {
  zh: 'GB/T 50293-2014《城市电力规划规范》规划单位建设用地负荷指标',
  en: 'GB/T 50293-2014 Code for urban electric power planning, planning load per unit of built land',
} as const;

function range(code: string, zh: string, en: string, lowKilowattsPerHectare: number, highKilowattsPerHectare: number): PlanningRange {
  const muPerHectare = hectaresToMu(1);
  return Object.freeze({
    lowKilowattsPerHectare,
    highKilowattsPerHectare,
    lowKilowattsPerMu: lowKilowattsPerHectare / muPerHectare,
    highKilowattsPerMu: highKilowattsPerHectare / muPerHectare,
    normClass: Object.freeze({ code, zh, en }),
    source: GB50293_SOURCE,
  });
}

/** GB/T 50293-2014 ranges, kW/hm², keyed by the ledger's four-digit land-use class (用地用海分类). */
const POWER_RANGES: Readonly<Record<string, PlanningRange>> = Object.freeze({
  '1001': range('M', '工业用地', 'Industrial land', 200, 800),
  '1101': range('W', '物流仓储用地', 'Logistics and warehousing land', 20, 40),
  // 科研用地 is A35 under 公共管理与公共服务设施用地 in GB 50137.
  '0802': range('A', '公共管理与公共服务设施用地（科研）', 'Public administration and services land (research)', 300, 800),
  '0901': range('B', '商业服务业设施用地', 'Commercial and business facilities land', 400, 1200),
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
