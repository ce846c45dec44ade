/**
 * Energy demand per parcel, kW: what a CCHP station within reach would have
 * to supply. A figure entered on the parcel (from the enterprise or a survey)
 * wins; next, the parcel's share of its enterprise's reported annual energy
 * use (measured, measuredUse.ts / measuredDemand.ts); otherwise area (mu) ×
 * the intensity for the parcel's industry chain and land-use class
 * (demandIntensities.ts — planning assumptions, not official figures).
 *
 * `totalKilowatts` is heat/cooling + power: a plain sum used to weight parcels
 * in coverage and siting, not a statement that thermal and electrical kW are
 * interchangeable.
 */
import type { IndustryChain } from '../parcel.schema';
import { PIPELINE_STATUSES, SECURED_STATUSES } from '../parcel.schema';
import { squareMetersToMu } from '../units';
import { DEFAULT_DEMAND_INTENSITIES, type DemandIntensity } from './demandIntensities';
import { measuredDemandFromTce } from './measuredDemand';
import type { MeasuredUse } from './measuredUse';

export interface EnteredDemand {
  heatCoolingKilowatts: number;
  powerKilowatts: number;
}

export interface DemandParcel {
  id: string | number;
  landUseCode: string;
  status: string;
  industryChain: IndustryChain | null;
  /** Official (CGCS2000) area, m² (area.ts). */
  areaSquareMeters: number;
  /** Peak demand entered for this parcel; both figures together, or null to estimate. */
  enteredDemand: EnteredDemand | null;
  /** The parcel's share of its enterprise's reported energy use, or null/absent to estimate. */
  measuredUse?: MeasuredUse | null;
}

export type DemandOrigin = 'entered' | 'measured' | 'estimated';

/** How a measured demand was worked out, so a reader can recompute it. */
export interface MeasuredBasis extends MeasuredUse {
  /** Average kW over the year from the parcel's tce/a. */
  averageKilowatts: number;
  /** average ÷ load factor. */
  peakKilowatts: number;
  /** Share of the peak taken as power: the parcel's intensity row's power ÷ (power + heat/cooling). */
  powerShare: number;
}

export interface ParcelDemand {
  id: string | number;
  heatCoolingKilowatts: number;
  powerKilowatts: number;
  totalKilowatts: number;
  origin: DemandOrigin;
  /** Present when origin is 'measured'. */
  measured?: MeasuredBasis;
}

export interface EstimateDemandOptions {
  /** Count planned and reserved parcels (pipeline) as well as secured ones. */
  includePipeline: boolean;
  /** Intensity table; DEFAULT_DEMAND_INTENSITIES unless given. */
  intensities?: readonly DemandIntensity[];
}

/** Thrown when an intensity table lacks the fallback row a parcel needs. */
export class MissingIntensityError extends Error {
  constructor(readonly industryChain: IndustryChain | null) {
    super(`No demand intensity for industry chain ${String(industryChain)} and no fallback row (landUseClass: null)`);
    this.name = 'MissingIntensityError';
  }
}

/** The four-digit land-use class a code falls in ('100101' → '1001'; '16' stays '16'). */
export function landUseClassOf(landUseCode: string): string {
  return landUseCode.slice(0, 4);
}

function intensityKey(chain: IndustryChain | null, landUseClass: string | null): string {
  return `${chain ?? ''}|${landUseClass ?? '*'}`;
}

const lookupCache = new WeakMap<readonly DemandIntensity[], Map<string, DemandIntensity>>();

function lookupFor(intensities: readonly DemandIntensity[]): Map<string, DemandIntensity> {
  let lookup = lookupCache.get(intensities);
  if (!lookup) {
    lookup = new Map();
    // First row wins for a repeated key, as a reader scanning the table would expect.
    for (const r of intensities) {
      const key = intensityKey(r.industryChain, r.landUseClass);
      if (!lookup.has(key)) lookup.set(key, r);
    }
    lookupCache.set(intensities, lookup);
  }
  return lookup;
}

/**
 * The intensity row for a chain and land-use code: the row for the chain and
 * the code's four-digit class, else the chain's fallback row.
 */
export function demandIntensityFor(
  industryChain: IndustryChain | null,
  landUseCode: string,
  intensities: readonly DemandIntensity[] = DEFAULT_DEMAND_INTENSITIES,
): DemandIntensity {
  const lookup = lookupFor(intensities);
  const found = lookup.get(intensityKey(industryChain, landUseClassOf(landUseCode))) ?? lookup.get(intensityKey(industryChain, null));
  if (!found) throw new MissingIntensityError(industryChain);
  return found;
}

/** Demand of one parcel, whatever its status. */
export function parcelDemand(parcel: DemandParcel, intensities: readonly DemandIntensity[] = DEFAULT_DEMAND_INTENSITIES): ParcelDemand {
  if (parcel.enteredDemand) {
    const { heatCoolingKilowatts, powerKilowatts } = parcel.enteredDemand;
    return { id: parcel.id, heatCoolingKilowatts, powerKilowatts, totalKilowatts: heatCoolingKilowatts + powerKilowatts, origin: 'entered' };
  }
  const intensity = demandIntensityFor(parcel.industryChain, parcel.landUseCode, intensities);
  if (parcel.measuredUse) {
    // The enterprise reports one figure of energy: split it as the parcel's chain and class split their intensities.
    const intensitySum = intensity.heatCoolingKilowattsPerMu + intensity.powerKilowattsPerMu;
    const powerShare = intensitySum > 0 ? intensity.powerKilowattsPerMu / intensitySum : 0.5;
    const m = measuredDemandFromTce({ tonnesCoalEquivalentPerYear: parcel.measuredUse.tonnesCoalEquivalentPerYear, loadFactor: parcel.measuredUse.loadFactor, powerShare });
    return {
      id: parcel.id,
      heatCoolingKilowatts: m.heatCoolingKilowatts,
      powerKilowatts: m.powerKilowatts,
      totalKilowatts: m.peakKilowatts,
      origin: 'measured',
      measured: { ...parcel.measuredUse, averageKilowatts: m.averageKilowatts, peakKilowatts: m.peakKilowatts, powerShare },
    };
  }
  const areaMu = squareMetersToMu(parcel.areaSquareMeters);
  const heatCoolingKilowatts = areaMu * intensity.heatCoolingKilowattsPerMu;
  const powerKilowatts = areaMu * intensity.powerKilowattsPerMu;
  return { id: parcel.id, heatCoolingKilowatts, powerKilowatts, totalKilowatts: heatCoolingKilowatts + powerKilowatts, origin: 'estimated' };
}

const SECURED = new Set<string>(SECURED_STATUSES);
const PIPELINE = new Set<string>(PIPELINE_STATUSES);

/**
 * Demand of the parcels that count, in input order: secured parcels (supplied,
 * under construction, in production) always; pipeline parcels (planned,
 * reserved) only with `includePipeline`. Parcels of any other status are left out.
 */
export function estimateDemand(parcels: readonly DemandParcel[], options: EstimateDemandOptions): ParcelDemand[] {
  const intensities = options.intensities ?? DEFAULT_DEMAND_INTENSITIES;
  const out: ParcelDemand[] = [];
  for (const parcel of parcels) {
    const counts = SECURED.has(parcel.status) || (options.includePipeline && PIPELINE.has(parcel.status));
    if (counts) out.push(parcelDemand(parcel, intensities));
  }
  return out;
}
