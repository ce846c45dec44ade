/**
 * The intensity table as the admin edits it: one row of text fields per
 * (industry chain, land-use class), checked like the server checks it
 * (server/store/energy.service.ts intensityTableSchema) before saving, and
 * each row labelled as a planning assumption or a source the admin entered.
 * Pure.
 */
import { INDUSTRY_CHAINS, type IndustryChain } from '$domain/parcel.schema';
import type { DemandIntensity } from '$domain/siting/demandIntensities';
import { powerPlanningRange, rangeVerdict, type PlanningRange, type RangeVerdict } from '$domain/siting/planningNorms';
import type { FieldError } from './energyForm';

/** The `source` of every shipped default row (domain/siting/demandIntensities.ts). */
export const PLANNING_ASSUMPTION_SOURCE = 'planning_assumption';

/** kW per 亩 above this is refused (the server's bound). */
export const MAX_KILOWATTS_PER_MU = 10_000;

export interface IntensityRowValues {
  /** '' = parcels with no chain tagged. */
  industryChain: string;
  /** First 2–4 digits of the land-use code; '' = the chain's fallback for any class. */
  landUseClass: string;
  heatCoolingKilowattsPerMu: string;
  powerKilowattsPerMu: string;
  source: string;
  assumption: string;
}

export type IntensityRowErrors = Partial<Record<keyof IntensityRowValues, FieldError>>;

export const isPlanningAssumption = (source: string): boolean => source.trim() === PLANNING_ASSUMPTION_SOURCE;

export function rowValuesFrom(intensity: DemandIntensity): IntensityRowValues {
  return {
    industryChain: intensity.industryChain ?? '',
    landUseClass: intensity.landUseClass ?? '',
    heatCoolingKilowattsPerMu: String(intensity.heatCoolingKilowattsPerMu),
    powerKilowattsPerMu: String(intensity.powerKilowattsPerMu),
    source: intensity.source,
    assumption: intensity.assumption,
  };
}

/** A new row: the admin fills in the figures and names their source. */
export const emptyRow = (): IntensityRowValues => ({
  industryChain: '',
  landUseClass: '',
  heatCoolingKilowattsPerMu: '',
  powerKilowattsPerMu: '',
  source: '',
  assumption: '',
});

function kilowattsPerMu(value: string): number | FieldError {
  const t = value.trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(t)) return { zh: '请输入不小于 0 的数字', en: 'Enter a number ≥ 0' };
  const n = Number(t);
  return n > MAX_KILOWATTS_PER_MU ? { zh: `不能大于 ${MAX_KILOWATTS_PER_MU} kW/亩`, en: `At most ${MAX_KILOWATTS_PER_MU} kW/mu` } : n;
}

export type IntensityCheck = { ok: true; intensities: DemandIntensity[] } | { ok: false; errors: IntensityRowErrors[]; tableError: FieldError | null };

/** The table to save, or each row's refused fields (and a table-level reason). */
export function checkIntensityRows(rows: readonly IntensityRowValues[]): IntensityCheck {
  const errors: IntensityRowErrors[] = rows.map(() => ({}));
  const intensities: DemandIntensity[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const e = errors[i]!;
    const chain = row.industryChain.trim();
    if (chain !== '' && !(INDUSTRY_CHAINS as readonly string[]).includes(chain)) e.industryChain = { zh: '请从列表中选择', en: 'Choose from the list' };
    const landUse = row.landUseClass.trim();
    if (landUse !== '' && !/^\d{2,4}$/.test(landUse)) e.landUseClass = { zh: '2–4 位地类代码，留空表示其他地类', en: '2–4 digit class, blank for any other' };
    const key = `${chain}|${landUse}`;
    if (seen.has(key) && !e.industryChain && !e.landUseClass) e.landUseClass = { zh: `与第 ${seen.get(key)! + 1} 行重复`, en: `Same as row ${seen.get(key)! + 1}` };
    else seen.set(key, i);
    const heat = kilowattsPerMu(row.heatCoolingKilowattsPerMu);
    if (typeof heat !== 'number') e.heatCoolingKilowattsPerMu = heat;
    const power = kilowattsPerMu(row.powerKilowattsPerMu);
    if (typeof power !== 'number') e.powerKilowattsPerMu = power;
    const source = row.source.trim();
    if (source === '' || source.length > 300) e.source = { zh: '必填：数据来源（不超过 300 字）', en: 'Required: where the figure comes from (≤ 300 characters)' };
    if (row.assumption.trim().length > 2000) e.assumption = { zh: '不超过 2000 字', en: 'At most 2,000 characters' };
    if (typeof heat === 'number' && typeof power === 'number') {
      intensities.push({
        industryChain: chain === '' ? null : (chain as IndustryChain),
        landUseClass: landUse === '' ? null : landUse,
        heatCoolingKilowattsPerMu: heat,
        powerKilowattsPerMu: power,
        source,
        assumption: row.assumption.trim(),
      });
    }
  });
  const tableError = rows.length === 0 ? { zh: '至少保留一行', en: 'Keep at least one row' } : null;
  if (tableError || errors.some((e) => Object.keys(e).length > 0)) return { ok: false, errors, tableError };
  return { ok: true, intensities };
}

/** A row's published power range (GB/T 50293, by its land-use class) and where its power figure sits; thermal has no published range. */
export function rowPowerNorm(row: IntensityRowValues): { range: PlanningRange | null; verdict: RangeVerdict } {
  const range = powerPlanningRange(row.landUseClass.trim() === '' ? null : row.landUseClass.trim());
  const power = Number(row.powerKilowattsPerMu.replace(/,/g, ''));
  if (!Number.isFinite(power) || row.powerKilowattsPerMu.trim() === '') return { range, verdict: 'no_range' };
  return { range, verdict: rangeVerdict(power, range) };
}
