/**
 * The assumptions every energy figure rests on, and the three scenarios
 * (low / central / high) a planner quotes a figure as a range with.
 *
 * 负荷同时率 (simultaneity factor): the peak of a group of consumers is less
 * than the sum of their individual peaks, because they do not all peak at
 * once. Park-level planning practice takes 0.6–0.9 for a mix of industrial
 * users (the more users and the steadier their processes, the higher); the
 * central default 0.75 sits in the middle. It is an admin setting, not a
 * measured figure.
 *
 * Intensity factors widen the estimated demand (area × intensity) to a
 * range; figures entered on a parcel, and those derived from an enterprise's
 * reported energy use, stay as they are in every scenario.
 *
 * The measured load factor (average ÷ peak) turns an enterprise's reported
 * tce/a into a peak kW (measuredDemand.ts says where the default comes from).
 */
import { z } from 'zod';
import { DEFAULT_MEASURED_LOAD_FACTOR } from './measuredDemand';

/** The usual planning range of 负荷同时率 for an industrial park, shown beside the setting. */
export const SIMULTANEITY_USUAL_RANGE = Object.freeze({ low: 0.6, high: 0.9 });

export const SCENARIOS = ['low', 'central', 'high'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface EnergyAssumptions {
  /** 负荷同时率 per scenario, applied to the sum of the parcels' peaks. */
  simultaneityFactor: { low: number; central: number; high: number };
  /** Multiplier on estimated demand per scenario (central is 1 by definition). */
  intensityFactor: { low: number; high: number };
  /** Average ÷ peak load for demand derived from reported tce/a, (0, 1]. */
  measuredLoadFactor: number;
}

export const DEFAULT_ENERGY_ASSUMPTIONS: EnergyAssumptions = Object.freeze({
  simultaneityFactor: Object.freeze({ low: 0.6, central: 0.75, high: 0.9 }),
  intensityFactor: Object.freeze({ low: 0.8, high: 1.2 }),
  measuredLoadFactor: DEFAULT_MEASURED_LOAD_FACTOR,
});

const factor = z.number().finite().gt(0).max(1);

export const energyAssumptionsSchema = z
  .object({
    simultaneityFactor: z.object({ low: factor, central: factor, high: factor }),
    intensityFactor: z.object({ low: z.number().finite().gt(0).max(1), high: z.number().finite().min(1).max(5) }),
    // Settings saved before the measured load factor existed read with the default.
    measuredLoadFactor: factor.default(DEFAULT_MEASURED_LOAD_FACTOR),
  })
  .refine((a) => a.simultaneityFactor.low <= a.simultaneityFactor.central && a.simultaneityFactor.central <= a.simultaneityFactor.high, {
    message: 'simultaneityFactor must satisfy low ≤ central ≤ high',
    path: ['simultaneityFactor'],
  });

export interface ScenarioFactors {
  scenario: Scenario;
  simultaneityFactor: number;
  intensityFactor: number;
}

/** The factors of one scenario: low pairs the lower intensity with the lower simultaneity, high the higher with the higher. */
export function scenarioFactors(assumptions: EnergyAssumptions, scenario: Scenario): ScenarioFactors {
  const intensityFactor = scenario === 'central' ? 1 : assumptions.intensityFactor[scenario];
  return { scenario, simultaneityFactor: assumptions.simultaneityFactor[scenario], intensityFactor };
}

/** Whether the central simultaneity lies in the usual planning range (the setting shows a flag otherwise). */
export function simultaneityWithinUsualRange(factorValue: number): boolean {
  return factorValue >= SIMULTANEITY_USUAL_RANGE.low && factorValue <= SIMULTANEITY_USUAL_RANGE.high;
}
