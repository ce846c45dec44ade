/**
 * The year slider: the ledger "as of the end of year Y" (GET /api/snapshot
 * ?year=Y for the map, the plan's tally ?year=Y for the dashboard), or null
 * for now. A late answer for a year no longer chosen is dropped.
 */
import { fetchSnapshot } from '../api/review';
import type { OgcFeatureCollection, ParcelFeature } from '../api/types';
import { sliderYears } from '../review/asOfYears';
import { toLoadError, type LoadError } from './loadError';
import type { LoadStatus } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export class AsOfYear {
  readonly range = sliderYears();
  /** null = the ledger now. */
  year = $state<number | null>(null);
  /** The parcels as they stood at the end of `year` (null when showing now or not loaded yet). */
  parcels = $state.raw<OgcFeatureCollection<ParcelFeature> | null>(null);
  /** The snapshot's own date (YYYY-12-31). */
  asOfDate = $state<string | null>(null);
  status = $state<LoadStatus>('idle');
  error = $state.raw<LoadError | null>(null);

  #request = 0;

  constructor(private readonly plans: Plans) {}

  async setYear(year: number | null): Promise<void> {
    this.year = year;
    const request = ++this.#request;
    this.plans.asOfYear = year;
    const tally = this.plans.refreshTally();
    if (year === null) {
      this.parcels = null;
      this.asOfDate = null;
      this.status = 'idle';
      this.error = null;
      await tally;
      return;
    }
    this.status = 'loading';
    this.error = null;
    try {
      const snapshot = await fetchSnapshot(year);
      if (request !== this.#request) return;
      this.parcels = snapshot.parcels;
      this.asOfDate = snapshot.asOf;
      this.status = 'ready';
    } catch (error) {
      if (request !== this.#request) return;
      this.parcels = null;
      this.error = toLoadError(`/api/snapshot?year=${year}`, error);
      this.status = 'error';
    }
    await tally;
  }
}
