/**
 * 亩均效益评价 ("亩均论英雄"): each enterprise's yearly indicators per 亩, a
 * weighted score and an A/B/C/D class by rank. Pure, so the server serves
 * and the tests recompute the same thing; the method (weights, bands,
 * benchmarks, exemptions, the rented-floor rule) is data an admin edits,
 * served beside the results.
 *
 * Scoring (the usual shape of the provincial schemes): an indicator earns
 * weight × min(value ÷ benchmark, cap) points, the benchmark being the mean
 * of the positive values in the enterprise's group that year unless the
 * admin fixed one; a missing value earns 0. Above- and below-scale firms are
 * ranked apart, each by its own weights. Class by the share of the group
 * ranked strictly ahead: ahead ÷ n below bands.A → A, below bands.B → B,
 * below bands.C → C, else D — so tied scores share the better class and a
 * group of one is A.
 */
import { z } from 'zod';
import { efficiencyFigures, type Statistics } from './enterprise';
import { squareMetersToMu } from './units';

export const INDICATOR_CODES = ['taxPerMuWan', 'revenuePerMuWan', 'valueAddedPerTceWan', 'rdSharePercent', 'valueAddedPerEmployeeWan'] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export const INDICATORS: Record<IndicatorCode, { zh: string; en: string; definition: { zh: string; en: string }; unit: string }> = {
  taxPerMuWan: {
    zh: '亩均税收',
    en: 'Tax per mu',
    definition: { zh: '年度实缴税收 ÷ 评价用地面积', en: "The year's taxes paid ÷ the evaluated land" },
    unit: '万元/亩',
  },
  revenuePerMuWan: {
    zh: '亩均营业收入',
    en: 'Revenue per mu',
    definition: { zh: '年度营业收入 ÷ 评价用地面积', en: "The year's revenue ÷ the evaluated land" },
    unit: '万元/亩',
  },
  valueAddedPerTceWan: {
    zh: '单位能耗增加值',
    en: 'Value added per tce',
    definition: { zh: '年度工业增加值 ÷ 综合能耗（吨标准煤）', en: "The year's value added ÷ its energy use (tce)" },
    unit: '万元/tce',
  },
  rdSharePercent: {
    zh: '研发经费投入强度',
    en: 'R&D intensity',
    definition: { zh: '研发经费支出 ÷ 营业收入 × 100', en: 'R&D spend ÷ revenue × 100' },
    unit: '%',
  },
  valueAddedPerEmployeeWan: {
    zh: '全员劳动生产率',
    en: 'Labour productivity',
    definition: { zh: '工业增加值 ÷ 年平均从业人员', en: 'Value added ÷ average employees' },
    unit: '万元/人',
  },
};

export const EFFICIENCY_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type EfficiencyClass = (typeof EFFICIENCY_CLASSES)[number];
export const UNCLASSED_REASONS = ['exempt_listed', 'construction_period', 'no_land', 'no_statistics'] as const;
export type UnclassedReason = (typeof UNCLASSED_REASONS)[number];

const weightsSchema = z
  .partialRecord(z.enum(INDICATOR_CODES), z.number().finite().min(0).max(100))
  .refine((w) => Math.abs(Object.values(w).reduce((s: number, v) => s + (v ?? 0), 0) - 100) < 1e-6, { error: '权重之和须为 100 / weights must sum to 100' });

export const efficiencyMethodSchema = z
  .object({
    weights: z.object({ above_scale: weightsSchema, below_scale: weightsSchema }),
    /** Share of the group ranked strictly ahead below which a firm is A, B, C (else D). */
    bands: z.object({ A: z.number().gt(0).max(1), B: z.number().gt(0).max(1), C: z.number().gt(0).max(1) }),
    /** An indicator earns at most cap × its weight. */
    scoreCap: z.number().min(1).max(10),
    /** Fixed benchmarks per indicator (in its unit); absent: the group's mean of positive values. */
    benchmarks: z.partialRecord(z.enum(INDICATOR_CODES), z.number().finite().positive()),
    exemptions: z.object({
      /** Enterprises left unclassed by name (e.g. public utilities: water, power, gas works). */
      enterpriseIds: z.array(z.number().int().positive()).max(10_000),
      /** Firms in their construction period (land supplied or under construction, none in production) are unclassed. */
      constructionPeriod: z.boolean(),
    }),
    /** Rented standard-factory floor counts as floor ÷ this plot ratio of land. */
    rentedFloorPlotRatio: z.number().min(0.1).max(20),
    /** Where the defaults came from, or the local document the admin entered. */
    source: z.object({ zh: z.string().max(2000), en: z.string().max(2000) }),
  })
  .refine((m) => m.bands.A <= m.bands.B && m.bands.B <= m.bands.C, { error: '档位须 A ≤ B ≤ C / bands must be A ≤ B ≤ C' });
export type EfficiencyMethod = z.output<typeof efficiencyMethodSchema>;

/**
 * The shipped defaults: illustrative, to be replaced by the local 实施办法.
 * Weights 45/20/15/15/5 and bands 25/70/95 % are the "as widely
 * practised" figures, not a transcription of one document; published
 * practice differs by place and year (e.g. 铜陵 2021: A 20 %, B 45 %, C 30 %,
 * D 5 %; 安徽 2021: 规下企业 by 亩均税收 alone; 四川 2021: A/B/C only).
 * The cap of 2 and plot ratio 1.0 are assumptions.
 */
export const DEFAULT_EFFICIENCY_METHOD: EfficiencyMethod = Object.freeze({
  weights: {
    above_scale: { taxPerMuWan: 45, revenuePerMuWan: 20, valueAddedPerTceWan: 15, rdSharePercent: 15, valueAddedPerEmployeeWan: 5 },
    below_scale: { taxPerMuWan: 100 },
  },
  bands: { A: 0.25, B: 0.7, C: 0.95 },
  scoreCap: 2,
  benchmarks: {},
  exemptions: { enterpriseIds: [], constructionPeriod: true },
  rentedFloorPlotRatio: 1,
  source: {
    zh: '示例默认值（非某一地文件原文）：权重 亩均税收 45、亩均营业收入 20、单位能耗增加值 15、研发投入强度 15、全员劳动生产率 5；A 类前 25%，B 至 70%，C 至 95%，D 末 5%；规下企业仅按亩均税收排序；公用事业与建设期企业不参评。得分上限 2 倍权重、租用厂房按容积率 1.0 折算用地为假设。请按本地亩均效益评价实施办法修改。',
    en: 'Illustrative defaults, not transcribed from one document: weights tax/mu 45, revenue/mu 20, value added/tce 15, R&D intensity 15, labour productivity 5; A top 25 %, B to 70 %, C to 95 %, D the last 5 %; below-scale firms ranked by tax per mu alone; public utilities and firms in construction unclassed. The 2× cap and a plot ratio of 1.0 for rented floor are assumptions. Replace with the local evaluation rules.',
  },
});

export interface EfficiencyInput {
  id: number;
  name: string;
  scale: 'above_scale' | 'below_scale' | string;
  /** Official area of the linked secured parcels, 亩. */
  parcelLandMu: number;
  rentedFloorSquareMeters: number | null;
  /** Has land supplied or under construction and none in production. */
  constructionPeriod: boolean;
  /** The year's figures, or null when none were entered. */
  statistics: Statistics | null;
}

export interface EfficiencyResult {
  id: number;
  name: string;
  scale: string;
  /** Evaluated land: parcels plus rented floor ÷ plot ratio, 亩. */
  landMu: number;
  parcelLandMu: number;
  rentedLandMu: number;
  indicators: Record<IndicatorCode, number | null>;
  points: Partial<Record<IndicatorCode, number>>;
  score: number | null;
  rank: number | null;
  groupSize: number | null;
  class: EfficiencyClass | null;
  unclassedReason: UnclassedReason | null;
}

const groupOf = (scale: string): 'above_scale' | 'below_scale' => (scale === 'below_scale' ? 'below_scale' : 'above_scale');

/** Rented floor as land, 亩. */
export function rentedLandMu(rentedFloorSquareMeters: number | null, plotRatio: number): number {
  return rentedFloorSquareMeters ? squareMetersToMu(rentedFloorSquareMeters / plotRatio) : 0;
}

/** Benchmarks per indicator of a group: the method's fixed one, else the mean of positive values; null when none. */
function groupBenchmarks(members: readonly EfficiencyResult[], method: EfficiencyMethod): Record<IndicatorCode, number | null> {
  const out = {} as Record<IndicatorCode, number | null>;
  for (const code of INDICATOR_CODES) {
    const fixed = method.benchmarks[code];
    if (fixed !== undefined) {
      out[code] = fixed;
      continue;
    }
    let sum = 0;
    let n = 0;
    for (const m of members) {
      const v = m.indicators[code];
      if (v !== null && v > 0) {
        sum += v;
        n++;
      }
    }
    out[code] = n > 0 ? sum / n : null;
  }
  return out;
}

export function classOfShareAhead(shareAhead: number, bands: EfficiencyMethod['bands']): EfficiencyClass {
  return shareAhead < bands.A ? 'A' : shareAhead < bands.B ? 'B' : shareAhead < bands.C ? 'C' : 'D';
}

/** One year's evaluation of every enterprise given; the order of the input is kept. */
export function evaluateEfficiency(year: number, inputs: readonly EfficiencyInput[], method: EfficiencyMethod): EfficiencyResult[] {
  const exempt = new Set(method.exemptions.enterpriseIds);
  const results = inputs.map((e): EfficiencyResult => {
    const rented = rentedLandMu(e.rentedFloorSquareMeters, method.rentedFloorPlotRatio);
    const landMu = e.parcelLandMu + rented;
    const figures = e.statistics ? efficiencyFigures(year, e.statistics, landMu) : null;
    const indicators = Object.fromEntries(INDICATOR_CODES.map((c) => [c, figures ? figures[c] : null])) as Record<IndicatorCode, number | null>;
    const unclassedReason: UnclassedReason | null = exempt.has(e.id)
      ? 'exempt_listed'
      : method.exemptions.constructionPeriod && e.constructionPeriod
        ? 'construction_period'
        : !(landMu > 0)
          ? 'no_land'
          : !e.statistics
            ? 'no_statistics'
            : null;
    return { id: e.id, name: e.name, scale: e.scale, landMu, parcelLandMu: e.parcelLandMu, rentedLandMu: rented, indicators, points: {}, score: null, rank: null, groupSize: null, class: null, unclassedReason };
  });
  for (const group of ['above_scale', 'below_scale'] as const) {
    const members = results.filter((r) => r.unclassedReason === null && groupOf(r.scale) === group);
    if (members.length === 0) continue;
    const weights = method.weights[group];
    const benchmarks = groupBenchmarks(members, method);
    for (const m of members) {
      let score = 0;
      for (const code of INDICATOR_CODES) {
        const weight = weights[code];
        if (weight === undefined) continue;
        const v = m.indicators[code];
        const b = benchmarks[code];
        const points = v === null || b === null ? 0 : weight * Math.min(v / b, method.scoreCap);
        m.points[code] = points;
        score += points;
      }
      m.score = score;
    }
    const scores = members.map((m) => m.score!).sort((a, b) => b - a);
    for (const m of members) {
      // Count of scores strictly ahead, by binary search on the descending list.
      let lo = 0;
      let hi = scores.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (scores[mid]! > m.score!) lo = mid + 1;
        else hi = mid;
      }
      m.rank = lo + 1;
      m.groupSize = members.length;
      m.class = classOfShareAhead(lo / members.length, method.bands);
    }
  }
  return results;
}
