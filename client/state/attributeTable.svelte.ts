/**
 * The attribute table's state: open or not, its filters and sort, the map's
 * view (written by client/map/ViewBoundsSync.svelte) for "only what is in
 * view", and the pages of rows fetched so far. Rows are fetched a page at a
 * time as the grid scrolls (it is virtualised), so 200,000 parcels cost a few
 * pages, not one response; any change of filter, sort or view starts over.
 */
import { fetchTablePage, type TableColumn, type TableRequest, type TableRow } from '../api/parcelTable';
import { MAX_SELECTED_PARCELS, TableSelection } from './tableSelection.svelte';

export const TABLE_PAGE_ROWS = 200;

export class AttributeTable {
  open = $state(false);
  status = $state('');
  supplyYear = $state('');
  q = $state('');
  inViewOnly = $state(false);
  sort = $state<TableColumn>('id');
  descending = $state(false);
  /** The map's visible bounds [minLon, minLat, maxLon, maxLat], kept current by the map. */
  viewBounds = $state.raw<[number, number, number, number] | null>(null);

  total = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Fetched rows by page index; replaced (not mutated) so the grid re-renders. */
  pages = $state.raw<ReadonlyMap<number, readonly TableRow[]>>(new Map());

  readonly request = $derived<TableRequest>({
    filters: { status: this.status, supplyYear: this.supplyYear },
    q: this.q,
    bbox: this.inViewOnly ? this.viewBounds : null,
    sort: this.sort,
    descending: this.descending,
  });

  /** The rows picked for a bulk edit or an export (kept across filter changes, so a planner can gather them). */
  readonly selected = new TableSelection();
  /** True while "select all matching" fetches its rows. */
  selectingAll = $state(false);

  #generation = 0;
  #loading = new Set<number>();

  /** Starts over for the current request (called by the grid when the request changes). */
  reset(): void {
    this.#generation++;
    this.#loading.clear();
    this.pages = new Map();
    this.total = null;
    this.error = null;
    void this.ensurePage(0);
  }

  rowAt(index: number): TableRow | undefined {
    return this.pages.get(Math.floor(index / TABLE_PAGE_ROWS))?.[index % TABLE_PAGE_ROWS];
  }

  async ensurePage(page: number): Promise<void> {
    if (this.pages.has(page) || this.#loading.has(page)) return;
    const generation = this.#generation;
    this.#loading.add(page);
    try {
      const result = await fetchTablePage(this.request, page * TABLE_PAGE_ROWS, TABLE_PAGE_ROWS);
      if (generation !== this.#generation) return;
      this.total = result.total;
      this.pages = new Map(this.pages).set(page, result.rows);
    } catch (cause) {
      if (generation === this.#generation) this.error = cause instanceof Error ? cause.message : String(cause);
    } finally {
      if (generation === this.#generation) this.#loading.delete(page);
    }
  }

  sortBy(column: TableColumn): void {
    if (this.sort === column) this.descending = !this.descending;
    else {
      this.sort = column;
      this.descending = false;
    }
  }

  /** Selects the first MAX_SELECTED_PARCELS rows the current filter and sort match. */
  async selectAllMatching(): Promise<void> {
    this.selectingAll = true;
    try {
      const result = await fetchTablePage(this.request, 0, MAX_SELECTED_PARCELS);
      this.selected.replace(result.rows, result.total > MAX_SELECTED_PARCELS);
    } catch (cause) {
      this.error = cause instanceof Error ? cause.message : String(cause);
    } finally {
      this.selectingAll = false;
    }
  }
}
