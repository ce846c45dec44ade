/**
 * Why these sites: per suggested site, the demand it reaches that none of the
 * current stations reaches, and the suggested set's gain over keeping the
 * current stations. A gain near zero is a finding ("the current stations
 * already sit where the demand is"), not a failure of the search.
 */
import type { CoverageReport, DemandPoint } from './coverage';

export interface SiteGain {
  id: string | number;
  /** Parcels within this site's radius that no current station reaches. */
  newlyCoveredParcelIds: (string | number)[];
  newlyCoveredKilowatts: number;
  /** Parcels within this site's radius that a current station reaches as well. */
  alreadyCoveredKilowatts: number;
}

export interface SitingGain {
  sites: SiteGain[];
  /** Suggested set's covered demand − the current stations' covered demand, kW (negative: the current stations reach more). */
  gainKilowatts: number;
  /** gainKilowatts / total demand; null without demand. */
  gainShare: number | null;
}

/** Compares the suggested sites' coverage with the current stations' over the same demand points. */
export function sitingGain(suggested: CoverageReport, current: CoverageReport, points: readonly DemandPoint[]): SitingGain {
  const kilowattsById = new Map(points.map((p) => [p.id, p.demandKilowatts]));
  const reachedNow = new Set<string | number>();
  for (const s of current.stations) for (const id of s.coveredParcelIds) reachedNow.add(id);
  const sites = suggested.stations.map((s): SiteGain => {
    const newlyCoveredParcelIds: (string | number)[] = [];
    let newlyCoveredKilowatts = 0;
    let alreadyCoveredKilowatts = 0;
    for (const id of s.coveredParcelIds) {
      const kw = kilowattsById.get(id) ?? 0;
      if (reachedNow.has(id)) alreadyCoveredKilowatts += kw;
      else {
        newlyCoveredParcelIds.push(id);
        newlyCoveredKilowatts += kw;
      }
    }
    return { id: s.id, newlyCoveredParcelIds, newlyCoveredKilowatts, alreadyCoveredKilowatts };
  });
  const gainKilowatts = suggested.coveredKilowatts - current.coveredKilowatts;
  return { sites, gainKilowatts, gainShare: suggested.totalDemandKilowatts > 0 ? gainKilowatts / suggested.totalDemandKilowatts : null };
}
