/**
 * The largest figure each numeric field accepts. Far above anything real (the
 * whole of China's annual fixed-asset investment is ~5,000 亿元·10), yet small
 * enough that a tally summing every parcel of a district stays a finite
 * number: `investmentYi: 1e308` once made the sum Infinity, which JSON sends
 * as null (a tally said `secured: null, met: true`) and the report printed as
 * "Infinity". Each limit carries the text a planner reads when it is passed.
 */
import { z } from 'zod';

export const FIGURE_LIMITS = {
  /** 亿元 (10⁸ yuan) per parcel: 10 trillion yuan. */
  investmentYi: 100_000,
  /** 亿元 per year per parcel. */
  outputYi: 100_000,
  /** m² of factory floor per parcel: 100 km². */
  factoryFloorSquareMeters: 100_000_000,
  /** kW of peak demand per parcel: 10 GW. */
  demandKilowatts: 10_000_000,
  /** MW per energy station: 100 GW. */
  capacityMW: 100_000,
  /** kV per line (China's highest is 1,100 kV UHV). */
  voltageKV: 1_500,
  /** A target's floor or stretch, in its own unit (亩, m², 亿元 or stations). */
  targetFigure: 1_000_000_000,
} as const;

/** A finite, non-negative number at most `max`, with a bilingual message past it. */
export function boundedFigure(max: number, what: { zh: string; en: string }) {
  return z
    .number({ error: `${what.zh}须为数值 / ${what.en} must be a number` })
    .finite({ error: `${what.zh}须为有限数值 / ${what.en} must be finite` })
    .nonnegative({ error: `${what.zh}不能为负 / ${what.en} must not be negative` })
    .max(max, { error: `${what.zh}不能超过 ${max.toLocaleString('en-US')} / ${what.en} must be at most ${max.toLocaleString('en-US')}` });
}

/** A sum that stays a number a report can print: a non-finite one (never expected within the limits above) counts as 0. */
export function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
