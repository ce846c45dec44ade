/**
 * Energy demand per parcel, kW: what a CCHP station within reach would have
 * to supply. A figure entered on the parcel (from the enterprise or a survey)
 * wins; otherwise area (mu) × the intensity for the parcel's industry chain
 * and land-use class (demandIntensities.ts — planning assumptions, not
 * official figures).
 *
 * `totalKilowatts` is heat/cooling + power: a plain sum used to weight parcels
 * in coverage and siting, not a statement that thermal and electrical kW are
 * interchangeable.
 */
import type { IndustryChain } from '../parcel.schema';
import { PIPELINE_STATUSES, SECURED_STATUSES } from '../parcel.schema';
import { squareMetersToMu } from '../units';
import { DEFAULT_DEMAND_INTENSITIES, type DemandIntensity } from './demandIntensities';

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
}

export type DemandOrigin = 'entered' | 'estimated';

export interface ParcelDemand {
  id: string | number;
  heatCoolingKilowatts: number;
  powerKilowatts: number;
  totalKilowatts: number;
  origin: DemandOrigin;
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
