/**
 * The enterprise (企业) register and its annual statistics, and the land
 * efficiency (亩均效益) figures computed from them. Pure: shared by the
 * server's validation and, later, the client's forms.
 *
 * Land link: a parcel is occupied by at most one enterprise, linked by id
 * (enterprise_parcels), so renaming an enterprise or retyping a parcel's
 * free-text `enterprise` label never moves land. An enterprise's land is its
 * linked parcels counted only while secured (已供地/在建/已投产): planned or
 * reserved land is not yet the enterprise's.
 */
import { z } from 'zod';
import { boundedFigure, FIGURE_LIMITS } from './figureLimits';
import { INDUSTRY_CHAINS, SECURED_STATUSES, type ParcelStatus } from './parcel.schema';
import type { ReasonCode } from './reasons';
import { squareMetersToMu } from './units';

export const ENTERPRISE_SCALES = ['above_scale', 'below_scale'] as const;
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];
export const ENTERPRISE_SCALE_LABELS: Record<EnterpriseScale, { zh: string; en: string }> = {
  above_scale: { zh: '规上', en: 'Above designated size' },
  below_scale: { zh: '规下', en: 'Below designated size' },
};

export const ENTERPRISE_TAGS = ['specialized_new', 'little_giant', 'high_tech', 'listed'] as const;
export type EnterpriseTag = (typeof ENTERPRISE_TAGS)[number];
export const ENTERPRISE_TAG_LABELS: Record<EnterpriseTag, { zh: string; en: string }> = {
  specialized_new: { zh: '专精特新', en: 'Specialised and innovative (SRDI)' },
  little_giant: { zh: '小巨人', en: 'Little giant' },
  high_tech: { zh: '高新技术企业', en: 'High-tech enterprise' },
  listed: { zh: '上市', en: 'Listed' },
};

// ---- 统一社会信用代码 (unified social credit code), GB 32100-2015 ----

/** The 31 characters a code may use: digits and capitals without I, O, Z, S, V (GB 32100-2015 §4.3). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i (1-based) is 3^(i-1) mod 31 (GB 32100-2015 §5, table 2). */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The check character (position 18) of the first 17 characters:
 * C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0. Null if `body17` is not
 * 17 characters of the charset.
 */
export function creditCodeCheckCharacter(body17: string): string | null {
  if (body17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(body17[i]!);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check]!;
}

export type CreditCodeResult =
  | { valid: true; code: string }
  | { valid: false; reason: Extract<ReasonCode, 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECK'>; expectedCheck?: string };

/**
 * Validates a code as typed: surrounding spaces dropped, lower case read as
 * upper (codes are printed in capitals). Checks the length, the charset, that
 * positions 3–8 are digits (the 行政区划码) and the check character. The
 * organisation-code part (9–17) has its own GB 11714 check, not applied here:
 * the 18th character already guards against typing errors.
 */
export function checkCreditCode(input: string): CreditCodeResult {
  const code = input.trim().toUpperCase();
  if (code.length !== 18 || ![...code].every((ch) => CREDIT_CODE_CHARSET.includes(ch)) || !/^\d{6}$/.test(code.slice(2, 8))) {
    return { valid: false, reason: 'CREDIT_CODE_FORMAT' };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17))!;
  return expected === code[17] ? { valid: true, code } : { valid: false, reason: 'CREDIT_CODE_CHECK', expectedCheck: expected };
}

// ---- schemas ----

const enterpriseFields = {
  name: z.string().trim().min(1).max(200),
  /** Checked by checkCreditCode() after parsing, so a bad code gets its own reason (422), not a shape error. */
  creditCode: z.string().trim().max(40).nullable(),
  industryChain: z.enum(INDUSTRY_CHAINS).nullable(),
  scale: z.enum(ENTERPRISE_SCALES),
  tags: z
    .array(z.enum(ENTERPRISE_TAGS))
    .max(ENTERPRISE_TAGS.length)
    .transform((tags) => [...new Set(tags)].sort()),
  notes: z.string().trim().max(2000).nullable(),
  /** Floor rented in standard factory buildings (标准厂房), m². */
  rentedFloorSquareMeters: boundedFigure(FIGURE_LIMITS.factoryFloorSquareMeters, { zh: '租用厂房面积（m²）', en: 'rentedFloorSquareMeters' }).nullable(),
  /** 纳入规上年份: the year it entered the above-scale statistics (counts toward "new above-scale" targets). */
  aboveScaleSinceYear: z.number().int().min(1990).max(2100).nullable(),
};

export const enterpriseSchema = z.object({
  ...enterpriseFields,
  creditCode: enterpriseFields.creditCode.default(null),
  industryChain: enterpriseFields.industryChain.default(null),
  tags: enterpriseFields.tags.default([]),
  notes: enterpriseFields.notes.default(null),
  rentedFloorSquareMeters: enterpriseFields.rentedFloorSquareMeters.default(null),
  aboveScaleSinceYear: enterpriseFields.aboveScaleSinceYear.default(null),
});
export type Enterprise = z.output<typeof enterpriseSchema>;

/**
 * Built from the fields without their defaults: zod 4 fills a default even
 * inside .partial(), which would make a patch of one field clear the others.
 */
export const enterprisePatchSchema = z.object(enterpriseFields).partial();

/** The parcels an enterprise occupies, replacing its earlier list; ids listed once each. */
export const parcelLinkSchema = z.object({
  parcelIds: z
    .array(z.number().int().positive().max(2 ** 31 - 1))
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, { error: '地块编号重复 / a parcel id is listed twice' }),
});

/** Per-enterprise limits, far above anything real yet keeping sums finite (like ./figureLimits.ts). */
export const STATISTIC_LIMITS = { yi: 100_000, energyTce: 1_000_000_000, employees: 10_000_000 } as const;
const yi = (zh: string, en: string) => boundedFigure(STATISTIC_LIMITS.yi, { zh, en }).nullable().default(null);

/** One enterprise's figures for one calendar year; null = not reported. */
export const statisticsSchema = z.object({
  /** 工业总产值, 亿元. */
  outputYi: yi('产值（亿元）', 'outputYi (亿元)'),
  /** 营业收入, 亿元. */
  revenueYi: yi('营业收入（亿元）', 'revenueYi (亿元)'),
  /** 税收 (taxes actually paid), 亿元. */
  taxYi: yi('税收（亿元）', 'taxYi (亿元)'),
  /** 工业增加值, 亿元. */
  valueAddedYi: yi('增加值（亿元）', 'valueAddedYi (亿元)'),
  /** 综合能耗, tonnes of standard coal equivalent. */
  energyTce: boundedFigure(STATISTIC_LIMITS.energyTce, { zh: '综合能耗（吨标准煤）', en: 'energyTce' }).nullable().default(null),
  /** R&D 经费支出, 亿元. */
  rdYi: yi('研发经费（亿元）', 'rdYi (亿元)'),
  /** 从业人员 (annual average), persons. */
  employees: boundedFigure(STATISTIC_LIMITS.employees, { zh: '从业人员（人）', en: 'employees' }).int().nullable().default(null),
});
export type Statistics = z.output<typeof statisticsSchema>;

export const statisticsYearSchema = z.coerce.number().int().min(1990).max(2100);

// ---- 亩均 figures ----

/** 万元 in one 亿元. */
export const WAN_PER_YI = 10_000;

export interface ParcelLand {
  status: ParcelStatus | string;
  areaSquareMeters: number;
}

/** The enterprise's land, 亩: official areas of its secured parcels (see the file comment). */
export function enterpriseLandMu(parcels: readonly ParcelLand[]): number {
  let areaSquareMeters = 0;
  for (const p of parcels) if ((SECURED_STATUSES as readonly string[]).includes(p.status)) areaSquareMeters += p.areaSquareMeters;
  return squareMetersToMu(areaSquareMeters);
}

export interface EfficiencyFigures {
  year: number;
  landMu: number;
  /** 亩均税收, 万元/亩. */
  taxPerMuWan: number | null;
  /** 亩均营业收入, 万元/亩. */
  revenuePerMuWan: number | null;
  /** 单位能耗增加值, 万元/tce. */
  valueAddedPerTceWan: number | null;
  /** R&D 经费占营业收入比重, %. */
  rdSharePercent: number | null;
  /** 全员劳动生产率 (value added per employee), 万元/人. */
  valueAddedPerEmployeeWan: number | null;
}

/** a / b, or null when either is unknown or b is not positive (no figure rather than Infinity). */
function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || !(b > 0) ? null : a / b;
}

/** The year's 亩均 figures from its statistics and the land, 亩. A figure whose inputs are missing is null. */
export function efficiencyFigures(year: number, stats: Statistics, landMu: number): EfficiencyFigures {
  const wan = (v: number | null) => (v === null ? null : v * WAN_PER_YI);
  const percent = ratio(stats.rdYi, stats.revenueYi);
  return {
    year,
    landMu,
    taxPerMuWan: ratio(wan(stats.taxYi), landMu),
    revenuePerMuWan: ratio(wan(stats.revenueYi), landMu),
    valueAddedPerTceWan: ratio(wan(stats.valueAddedYi), stats.energyTce),
    rdSharePercent: percent === null ? null : percent * 100,
    valueAddedPerEmployeeWan: ratio(wan(stats.valueAddedYi), stats.employees),
  };
}
