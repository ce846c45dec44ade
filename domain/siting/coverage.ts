/**
 * Which parcels' demand the energy stations reach, and how loaded each is.
 *
 * Rule: a parcel is covered by a station when the geodesic distance on
 * CGCS2000 (geodesic.ts, Vincenty — not turf.distance's sphere) from the
 * station to the parcel's demand point is ≤ the station's radius, boundary
 * included. The demand point is turf.centroid of the parcel: the mean of its
 * vertices, which for the compact parcels of a park lies within a few metres
 * of the area centroid.
 *
 * Covered demand is counted once however many stations reach a parcel; for
 * load, each covered parcel is assigned to its nearest covering station
 * (the earlier station in the list on an exact tie).
 */
import { centroid } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ParcelDemand } from './demand';
import { preparePoint, preparedDistanceMeters } from './geodesic';

export interface DemandPoint {
  id: string | number;
  /** [lon, lat], degrees. */
  position: Position;
  demandKilowatts: number;
}

export interface SitingStation {
  id: string | number;
  /** [lon, lat], degrees. */
  position: Position;
  radiusMeters: number;
  capacityKilowatts?: number | null;
}

export interface StationCoverage {
  id: string | number;
  /** Demand of every parcel within the radius, shared parcels included. */
  coveredKilowatts: number;
  coveredParcelIds: (string | number)[];
  /** Demand of the parcels assigned to this station (nearest covering station). */
  loadKilowatts: number;
  assignedParcelIds: (string | number)[];
  capacityKilowatts: number | null;
  /** load / capacity; null without a capacity, Infinity for load on zero capacity. */
  loadRatio: number | null;
  /** capacity − load, negative when overloaded; null without a capacity. */
  spareKilowatts: number | null;
  overloaded: boolean;
}

export interface CoverageOverlap {
  parcelId: string | number;
  /** Every station reaching the parcel, in station order. */
  stationIds: (string | number)[];
  demandKilowatts: number;
}

export interface CoverageReport {
  totalDemandKilowatts: number;
  /** Demand reached by at least one station, each parcel counted once. */
  coveredKilowatts: number;
  uncoveredKilowatts: number;
  uncoveredParcelIds: (string | number)[];
  overlaps: CoverageOverlap[];
  /** Demand of the parcels reached by two or more stations. */
  overlapKilowatts: number;
  stations: StationCoverage[];
}

export type DemandComponent = 'total' | 'heatCooling' | 'power';

/** The point a parcel's demand is placed at: turf.centroid (vertex mean), [lon, lat]. */
export function demandPosition(geometry: Polygon | MultiPolygon): Position {
  return centroid(geometry).geometry.coordinates;
}

/**
 * Demand points for the parcels that have a demand (estimateDemand drops
 * pipeline parcels unless asked), in the order of `demands`. Each parcel
 * gives its geometry, or its demand position already worked out
 * (demandPosition; the server does that in its worker pool for large ledgers).
 */
export function toDemandPoints(
  parcels: readonly ({ id: string | number } & ({ geometry: Polygon | MultiPolygon } | { position: Position }))[],
  demands: readonly ParcelDemand[],
  component: DemandComponent = 'total',
): DemandPoint[] {
  const byId = new Map(parcels.map((p) => [p.id, p]));
  const out: DemandPoint[] = [];
  for (const d of demands) {
    const parcel = byId.get(d.id);
    if (!parcel) continue;
    const demandKilowatts = component === 'total' ? d.totalKilowatts : component === 'heatCooling' ? d.heatCoolingKilowatts : d.powerKilowatts;
    out.push({ id: d.id, position: 'position' in parcel ? parcel.position : demandPosition(parcel.geometry), demandKilowatts });
  }
  return out;
}

/** Coverage, overlaps and load of a set of stations over demand points. */
export function computeCoverage(stations: readonly SitingStation[], points: readonly DemandPoint[]): CoverageReport {
  const preparedStations = stations.map((s) => preparePoint(s.position));
  const covered = stations.map(() => ({ kilowatts: 0, ids: [] as (string | number)[] }));
  const assigned = stations.map(() => ({ kilowatts: 0, ids: [] as (string | number)[] }));
  const overlaps: CoverageOverlap[] = [];
  const uncoveredParcelIds: (string | number)[] = [];
  let totalDemandKilowatts = 0;
  let coveredKilowatts = 0;
  let uncoveredKilowatts = 0;
  let overlapKilowatts = 0;

  for (const point of points) {
    const p = preparePoint(point.position);
    const kw = point.demandKilowatts;
    totalDemandKilowatts += kw;
    const reaching: number[] = [];
    let nearest = -1;
    let nearestMeters = Infinity;
    for (let s = 0; s < stations.length; s++) {
      const meters = preparedDistanceMeters(preparedStations[s]!, p);
      if (meters > stations[s]!.radiusMeters) continue;
      reaching.push(s);
      covered[s]!.kilowatts += kw;
      covered[s]!.ids.push(point.id);
      if (meters < nearestMeters) {
        nearestMeters = meters;
        nearest = s;
      }
    }
    if (nearest < 0) {
      uncoveredKilowatts += kw;
      uncoveredParcelIds.push(point.id);
      continue;
    }
    coveredKilowatts += kw;
    assigned[nearest]!.kilowatts += kw;
    assigned[nearest]!.ids.push(point.id);
    if (reaching.length >= 2) {
      overlapKilowatts += kw;
      overlaps.push({ parcelId: point.id, stationIds: reaching.map((s) => stations[s]!.id), demandKilowatts: kw });
    }
  }

  const stationCoverage = stations.map((station, s): StationCoverage => {
    const capacity = station.capacityKilowatts ?? null;
    const load = assigned[s]!.kilowatts;
    let loadRatio: number | null = null;
    if (capacity !== null) loadRatio = capacity > 0 ? load / capacity : load > 0 ? Infinity : 0;
    return {
      id: station.id,
      coveredKilowatts: covered[s]!.kilowatts,
      coveredParcelIds: covered[s]!.ids,
      loadKilowatts: load,
      assignedParcelIds: assigned[s]!.ids,
      capacityKilowatts: capacity,
      loadRatio,
      spareKilowatts: capacity === null ? null : capacity - load,
      overloaded: capacity !== null && load > capacity,
    };
  });

  return { totalDemandKilowatts, coveredKilowatts, uncoveredKilowatts, uncoveredParcelIds, overlaps, overlapKilowatts, stations: stationCoverage };
}
