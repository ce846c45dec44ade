/**
 * The computing half of POST /api/energy/siting, run in the worker pool:
 * candidate grid, constraint filter, the exact solver (within its own
 * maxMilliseconds) and the coverage of the suggested and the planned
 * stations. The route loads the demand, zones, constraints and stations.
 */
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { filterCandidates, generateCandidateGrid } from '../../domain/siting/candidates';
import { computeCoverage, type DemandPoint, type SitingStation } from '../../domain/siting/coverage';
import { sitingGain } from '../../domain/siting/siteGain';
import { prepareSiting, solveSiting, type SitingProblem } from '../../domain/siting/solver';

type Poly = Polygon | MultiPolygon;

export interface SitingJobInput {
  k: number;
  radiusMeters: number;
  objective: SitingProblem;
  maxMilliseconds: number;
  candidates: Position[] | null;
  gridSpacingMeters: number;
  maxDistanceToGasMeters: number | null;
  maxCandidates: number;
  points: DemandPoint[];
  zones: Poly[];
  forbidden: Poly[];
  gasLines: LineString[];
  existing: (SitingStation & { name: string; status: string })[];
}

export function sitingJob(input: SitingJobInput) {
  const rawCandidates: Position[] = input.candidates ?? generateCandidateGrid(input.zones, input.gridSpacingMeters);
  const filtered = filterCandidates(rawCandidates, {
    forbidden: input.forbidden,
    gasLines: input.gasLines,
    ...(input.maxDistanceToGasMeters !== null ? { maxDistanceToGasMeters: input.maxDistanceToGasMeters } : {}),
  });
  if (filtered.kept.length > input.maxCandidates) return { error: 'TOO_MANY_CANDIDATES' as const, candidateCount: filtered.kept.length };
  if (filtered.kept.length < input.k) return { error: 'TOO_FEW_CANDIDATES' as const, candidateCount: filtered.kept.length };
  const instance = prepareSiting(filtered.kept, input.points);
  const solution = solveSiting(instance, { problem: input.objective, k: input.k, radiusMeters: input.radiusMeters, maxMilliseconds: input.maxMilliseconds });
  const sites: SitingStation[] = solution.sites.map((i, n) => ({ id: `site-${n + 1}`, position: filtered.kept[i]!, radiusMeters: input.radiusMeters }));
  const suggested = computeCoverage(sites, input.points);
  // The current stations at their own radii, as the coverage panel and the map circles show them.
  const current = computeCoverage(input.existing, input.points);
  const gain = sitingGain(suggested, current, input.points);
  return {
    sites: sites.map((s, n) => ({
      ...suggested.stations[n]!,
      id: s.id,
      position: s.position,
      radiusMeters: s.radiusMeters,
      candidateIndex: filtered.keptIndices[solution.sites[n]!]!,
      newlyCoveredParcelIds: gain.sites[n]!.newlyCoveredParcelIds,
      newlyCoveredKilowatts: gain.sites[n]!.newlyCoveredKilowatts,
      alreadyCoveredKilowatts: gain.sites[n]!.alreadyCoveredKilowatts,
    })),
    totalDemandKilowatts: suggested.totalDemandKilowatts,
    coveredKilowatts: suggested.coveredKilowatts,
    uncoveredKilowatts: suggested.uncoveredKilowatts,
    solver: {
      objective: solution.objective,
      objectiveUnit: solution.objectiveUnit,
      bound: solution.bound,
      gap: solution.gap,
      optimal: solution.optimal,
      nodes: solution.nodes,
      solveMilliseconds: solution.solveMilliseconds,
      prepareMilliseconds: instance.prepareMilliseconds,
      greedyObjective: solution.greedyObjective,
      candidatesGiven: rawCandidates.length,
      candidatesKept: filtered.kept.length,
      candidatesSearched: solution.candidatesSearched,
      rejected: filtered.rejected.length,
    },
    comparison: {
      planned: input.existing.map((s, n) => ({ ...current.stations[n]!, id: s.id, name: s.name, status: s.status, position: s.position, radiusMeters: s.radiusMeters })),
      plannedCoveredKilowatts: current.coveredKilowatts,
      suggestedCoveredKilowatts: suggested.coveredKilowatts,
      /** The suggested sites' radius (the request's); each planned station states its own. */
      radiusMeters: input.radiusMeters,
      radiusBasis: {
        zh: `建议站址按所设半径 ${input.radiusMeters} m；规划站点按各自服务半径（与现状覆盖和地图一致）`,
        en: `Suggested sites at the requested ${input.radiusMeters} m; planned stations at their own service radii (as in the coverage panel and on the map)`,
      },
      gainKilowatts: gain.gainKilowatts,
      gainShare: gain.gainShare,
    },
  };
}

export type SitingJobOutput = ReturnType<typeof sitingJob>;
