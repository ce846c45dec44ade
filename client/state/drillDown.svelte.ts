/**
 * The open drill-down: which target, the parcels (or stations) behind its
 * secured and pipeline figures, its timeline by supply year, the table's
 * sort, and whether the map shows only this target's parcels. Follows the
 * plan and the year slider: either changing re-reads the open target.
 */
import { fetchDrillDown, fetchTimeline, type DrillDownBody, type TimelineBody } from '../api/review';
import { sortDrillRows, nextSort, type DrillSort, type DrillSortKey } from '../review/drillSort';
import { toLoadError, type LoadError } from './loadError';
import type { MapFocus } from './mapFocus.svelte';
import type { LoadStatus } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export class DrillDown {
  code = $state<string | null>(null);
  body = $state.raw<DrillDownBody | null>(null);
  timeline = $state.raw<TimelineBody | null>(null);
  status = $state<LoadStatus>('idle');
  error = $state.raw<LoadError | null>(null);
  sort = $state<DrillSort>({ key: null, direction: 'asc' });
  filterMap = $state(false);

  readonly rows = $derived(this.body?.parcels ?? []);
  readonly sortedRows = $derived(sortDrillRows(this.rows, this.sort));
  readonly stations = $derived(this.body?.stations ?? []);
  /** The tally row of the open target, from the dashboard (same plan, same year). */
  get target() {
    return this.plans.tally?.targets.find((t) => t.code === this.code) ?? null;
  }

  #request = 0;

  constructor(
    private readonly plans: Plans,
    private readonly focus: MapFocus,
  ) {}

  async open(code: string): Promise<void> {
    if (this.code !== code) {
      this.sort = { key: null, direction: 'asc' };
      this.body = null;
      this.timeline = null;
    }
    this.code = code;
    await this.reload();
  }

  close(): void {
    this.#request++;
    this.code = null;
    this.body = null;
    this.timeline = null;
    this.status = 'idle';
    this.error = null;
    this.setFilterMap(false);
  }

  /** Re-reads the open target (after a plan or year change). */
  async reload(): Promise<void> {
    const planId = this.plans.selectedPlanId;
    const code = this.code;
    if (!planId || !code) return;
    const year = this.plans.asOfYear;
    const request = ++this.#request;
    this.status = 'loading';
    this.error = null;
    try {
      const [body, timeline] = await Promise.all([fetchDrillDown(planId, code, year), fetchTimeline(planId, code, year)]);
      if (request !== this.#request) return;
      this.body = body;
      this.timeline = timeline;
      this.status = 'ready';
      this.#applyFilter();
    } catch (error) {
      if (request !== this.#request) return;
      // A target missing from another plan: close rather than show a stale table.
      this.body = null;
      this.timeline = null;
      this.error = toLoadError(`/api/plans/${planId}/targets/${code}/parcels`, error);
      this.status = 'error';
    }
  }

  sortBy(key: DrillSortKey): void {
    this.sort = nextSort(this.sort, key);
  }

  setFilterMap(on: boolean): void {
    this.filterMap = on;
    this.#applyFilter();
  }

  #applyFilter(): void {
    this.focus.showOnly(this.filterMap && this.body ? this.rows.map((r) => r.id) : null);
  }
}
