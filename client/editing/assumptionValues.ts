/** The energy-assumptions form as typed text, turned into assumptions by the schema the server validates with. Pure. */
import { energyAssumptionsSchema, type EnergyAssumptions } from '$domain/siting/energyAssumptions';

export interface AssumptionValues {
  simultaneityLow: string;
  simultaneityCentral: string;
  simultaneityHigh: string;
  intensityLow: string;
  intensityHigh: string;
  measuredLoadFactor: string;
}

/** The typed figures as assumptions, or null when one is not a number or the set breaks the schema (e.g. low > central). */
export function assumptionsFrom(values: AssumptionValues): EnergyAssumptions | null {
  const n = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));
  const parsed = energyAssumptionsSchema.safeParse({
    simultaneityFactor: { low: n(values.simultaneityLow), central: n(values.simultaneityCentral), high: n(values.simultaneityHigh) },
    intensityFactor: { low: n(values.intensityLow), high: n(values.intensityHigh) },
    measuredLoadFactor: n(values.measuredLoadFactor),
  });
  return parsed.success ? parsed.data : null;
}
