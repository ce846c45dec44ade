/**
 * The Energy tab's state: demand and coverage of the stored stations (with
 * pipeline parcels counted as future demand, or not), the station the
 * planner clicked, and the siting form with its answer. Only client/map/
 * draws this; panels read it and call its methods.
 */
import type { Position } from 'geojson';
import {
  createCchpStation,
  fetchCoverage,
  fetchDemand,
  postSiting,
  type CoverageReport,
  type DemandReport,
  type SitingObjective,
  type SitingResult,
  type SuggestedSite,
} from '../api/energy';
import { fetchCollection } from '../api/endpoints';
import type { Problem } from '../api/problem';
import { toLoadError, type LoadError } from './loadError';
import type { MapData } from './mapData.svelte';
import { sitingRequestOf, type CandidateSource, type SitingFormValues } from './sitingRequest';

/** The siting form. Defaults: k = 3 from the plan's C2 (three park comprehensive energy stations). */
export class SitingForm implements SitingFormValues {
  k = $state(3);
  radiusMeters = $state(2500);
  objective = $state<SitingObjective>('max_covering');
  candidateSource = $state<CandidateSource>('grid');
  gridSpacingMeters = $state(400);
  avoidRedLine = $state(true);
  avoidFarmland = $state(true);
  avoidParcels = $state(true);
  /** Sites must lie within this distance of a gas line; null = no requirement. */
  maxDistanceToGasMeters = $state<number | null>(null);
  /** Candidate sites the planner clicked on the map, [lon, lat]. */
  placedCandidates = $state.raw<Position[]>([]);
}

export class EnergyState {
  includePipeline = $state(true);
  demand = $state.raw<DemandReport | null>(null);
  coverage = $state.raw<CoverageReport | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<LoadError | null>(null);

  /** The station clicked on the map (String(feature id)), for its details and its reach. */
  selectedStationId = $state<string | null>(null);
  /** Highlight the uncovered parcels on the map. */
  showUncovered = $state(false);

  readonly form = new SitingForm();
  /** The map takes clicks as candidate sites instead of selections. */
  placing = $state(false);
  siting = $state.raw<SitingResult | null>(null);
  sitingRunning = $state(false);
  sitingProblem = $state.raw<Problem | null>(null);
  /** Suggested sites turned into stations, by site id. */
  createdStations = $state.raw<Record<string, number>>({});
  createProblem = $state.raw<Problem | null>(null);

  #loadGeneration = 0;

  constructor(private readonly data: MapData) {}

  /** The coverage row of the selected station (CCHP stations only; others have none). */
  readonly selectedCoverage = $derived(
    this.selectedStationId === null ? null : (this.coverage?.stations.find((s) => String(s.id) === this.selectedStationId) ?? null),
  );

  /** Parcel ids (strings) to highlight: the selected station's reach, or the uncovered parcels. */
  readonly highlightedParcelIds = $derived.by((): { reach: string[]; uncovered: string[] } => ({
    reach: (this.selectedCoverage?.coveredParcelIds ?? []).map(String),
    uncovered: this.showUncovered ? (this.coverage?.uncoveredParcelIds ?? []).map(String) : [],
  }));

  /** Loads demand and coverage (again), e.g. after the pipeline switch or a station write. */
  async load(): Promise<void> {
    const generation = ++this.#loadGeneration;
    this.status = 'loading';
    try {
      const [demand, coverage] = await Promise.all([fetchDemand(this.includePipeline), fetchCoverage(this.includePipeline)]);
      if (generation !== this.#loadGeneration) return;
      this.demand = demand;
      this.coverage = coverage;
      this.error = null;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#loadGeneration) return;
      this.error = toLoadError('/api/energy', error);
      this.status = 'error';
    }
  }

  /** Loads once, the first time the tab is shown. */
  ensureLoaded(): void {
    if (this.status === 'idle') void this.load();
  }

  setIncludePipeline(value: boolean): void {
    this.includePipeline = value;
    void this.load();
  }

  selectStation(id: string | number | null): void {
    this.selectedStationId = id === null ? null : String(id);
  }

  setPlacing(on: boolean): void {
    this.placing = on;
    if (on) this.form.candidateSource = 'placed';
  }

  addCandidate(position: Position): void {
    this.form.placedCandidates = [...this.form.placedCandidates, [position[0]!, position[1]!]];
  }

  clearCandidates(): void {
    this.form.placedCandidates = [];
  }

  async runSiting(): Promise<void> {
    this.sitingRunning = true;
    this.sitingProblem = null;
    this.placing = false;
    try {
      const outcome = await postSiting(sitingRequestOf(this.form, this.includePipeline));
      if (outcome.ok) {
        this.siting = outcome.result;
        this.createdStations = {};
      } else {
        this.sitingProblem = outcome.problem;
      }
    } finally {
      this.sitingRunning = false;
    }
  }

  clearSiting(): void {
    this.siting = null;
    this.sitingProblem = null;
  }

  /** Stores a suggested site as a planned CCHP station (editors), then reloads the stations and coverage. */
  async createStationFrom(site: SuggestedSite, name: string): Promise<void> {
    if (!this.siting) return;
    this.createProblem = null;
    const outcome = await createCchpStation({
      name,
      position: site.position,
      capacityMW: null,
      serviceRadiusMeters: this.siting.comparison.radiusMeters,
    });
    if (!outcome.ok) {
      this.createProblem = outcome.problem;
      return;
    }
    this.createdStations = { ...this.createdStations, [site.id]: outcome.id };
    const stations = await fetchCollection('energy_stations').catch(() => null);
    if (stations) this.data.collections = { ...this.data.collections, energy_stations: stations };
    await this.load();
  }
}
