/**
 * The parcels picked in the attribute table for a bulk edit or an export:
 * each with the version its row was read at, so the bulk edit can refuse
 * what moved on since. A plain click picks one row (and the map follows it),
 * Ctrl/⌘-click or the row's checkbox adds or removes one, Shift-click adds
 * the rows from the last click to this one, and "select all matching" takes
 * the first MAX_SELECTED_PARCELS rows of the table's filter and sort.
 */
import type { TableRow } from '../api/parcelTable';

/** As many as one POST /api/parcels/bulk takes (server/store/parcels.bulk.ts). */
export const MAX_SELECTED_PARCELS = 500;

export class TableSelection {
  /** Parcel id → the version the planner saw; replaced (not mutated) so views re-render. */
  items = $state.raw<ReadonlyMap<number, number>>(new Map());
  /** The row index of the last click, where a Shift-click range starts. */
  anchor = $state<number | null>(null);
  /** True when the last addition stopped at MAX_SELECTED_PARCELS. */
  capped = $state(false);

  readonly count = $derived(this.items.size);

  has(id: number): boolean {
    return this.items.has(id);
  }

  /** The selection as the bulk edit sends it, in id order. */
  list(): { id: number; version: number }[] {
    return [...this.items].map(([id, version]) => ({ id, version })).sort((a, b) => a.id - b.id);
  }

  only(row: Pick<TableRow, 'id' | 'version'>, index: number | null): void {
    this.items = new Map([[row.id, row.version]]);
    this.anchor = index;
    this.capped = false;
  }

  toggle(row: Pick<TableRow, 'id' | 'version'>, index: number): void {
    const next = new Map(this.items);
    if (next.has(row.id)) next.delete(row.id);
    else if (next.size >= MAX_SELECTED_PARCELS) {
      this.capped = true;
      return;
    } else next.set(row.id, row.version);
    this.items = next;
    this.anchor = index;
    this.capped = false;
  }

  /** Adds the rows between the anchor and `index` (both included); rows not fetched yet are skipped. */
  extendTo(index: number, rowAt: (index: number) => TableRow | undefined): void {
    const from = this.anchor ?? index;
    const next = new Map(this.items);
    this.capped = false;
    for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
      const row = rowAt(i);
      if (!row || next.has(row.id)) continue;
      if (next.size >= MAX_SELECTED_PARCELS) {
        this.capped = true;
        break;
      }
      next.set(row.id, row.version);
    }
    this.items = next;
  }

  /** Replaces the selection with these rows (at most MAX_SELECTED_PARCELS). */
  replace(rows: readonly Pick<TableRow, 'id' | 'version'>[], capped: boolean): void {
    this.items = new Map(rows.slice(0, MAX_SELECTED_PARCELS).map((r) => [r.id, r.version]));
    this.anchor = null;
    this.capped = capped || rows.length > MAX_SELECTED_PARCELS;
  }

  /** Takes the versions a write left (null: the parcel is gone, so it leaves the selection). */
  updateVersions(changes: readonly { id: number; version: number | null }[]): void {
    const next = new Map(this.items);
    for (const c of changes) {
      if (c.version === null) next.delete(c.id);
      else if (next.has(c.id)) next.set(c.id, c.version);
    }
    this.items = next;
  }

  clear(): void {
    this.items = new Map();
    this.anchor = null;
    this.capped = false;
  }
}
