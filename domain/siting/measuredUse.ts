/**
 * Which parcels carry an enterprise's measured energy use, and how much of it.
 *
 * An enterprise's land is the parcels linked to it by id (enterprise_parcels,
 * the one link the 亩均 figures use too) while secured (已供地/在建/已投产);
 * a parcel's `enterprise` text is only a label. The enterprise's
 * latest reported 综合能耗 (the latest year with energyTce given) is shared
 * over that land by official area: a plant's energy use is reported for the
 * enterprise, not per plot, and area is the one measure every parcel has.
 * Planned or reserved parcels of the enterprise are not yet its land and
 * stay estimated.
 */
import { SECURED_STATUSES } from '../parcel.schema';

export interface EnterpriseEnergyUse {
  enterpriseId: number;
  name: string;
  /** The year the figure is for: the latest year the enterprise reported energyTce. */
  year: number;
  /** 综合能耗 of that year, tce/a. */
  energyTce: number;
}

export interface EnterpriseLandParcel {
  id: string | number;
  /** The enterprise the parcel is linked to (enterprise_parcels), or null. */
  enterpriseId: number | null;
  status: string;
  areaSquareMeters: number;
}

/** One parcel's part of an enterprise's measured energy use. */
export interface MeasuredUse {
  enterpriseId: number;
  enterpriseName: string;
  year: number;
  /** The enterprise's whole 综合能耗 that year, tce/a. */
  enterpriseTce: number;
  /** This parcel's area ÷ the enterprise's secured area, (0, 1]. */
  areaShare: number;
  /** enterpriseTce × areaShare, tce/a. */
  tonnesCoalEquivalentPerYear: number;
  /** Average ÷ peak used to turn the average into a peak. */
  loadFactor: number;
}

const SECURED = new Set<string>(SECURED_STATUSES);

/** The measured use of every secured parcel whose enterprise reported its energy use, keyed by parcel id. */
export function apportionEnterpriseEnergy(
  parcels: readonly EnterpriseLandParcel[],
  uses: readonly EnterpriseEnergyUse[],
  loadFactor: number,
): Map<string | number, MeasuredUse> {
  const useById = new Map(uses.map((u) => [u.enterpriseId, u]));
  const areaById = new Map<number, number>();
  for (const p of parcels) {
    if (p.enterpriseId === null || !SECURED.has(p.status) || !useById.has(p.enterpriseId)) continue;
    areaById.set(p.enterpriseId, (areaById.get(p.enterpriseId) ?? 0) + p.areaSquareMeters);
  }
  const out = new Map<string | number, MeasuredUse>();
  for (const p of parcels) {
    if (p.enterpriseId === null || !SECURED.has(p.status)) continue;
    const use = useById.get(p.enterpriseId);
    const totalArea = areaById.get(p.enterpriseId) ?? 0;
    if (!use || !(totalArea > 0)) continue;
    const areaShare = p.areaSquareMeters / totalArea;
    out.set(p.id, {
      enterpriseId: use.enterpriseId,
      enterpriseName: use.name,
      year: use.year,
      enterpriseTce: use.energyTce,
      areaShare,
      tonnesCoalEquivalentPerYear: use.energyTce * areaShare,
      loadFactor,
    });
  }
  return out;
}
