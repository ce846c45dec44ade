/**
 * A bulk edit of the table's selection (POST /api/parcels/bulk): one write,
 * one entry in the edit log, undone as one. After it goes through the
 * parcels are re-read for the map, the tally is refreshed and the table
 * starts over, so the map, dashboard and table show it at once. When some
 * parcels moved on meanwhile, nothing was written: their current versions
 * replace the stale ones in the selection and the planner is told which.
 */
import { fetchParcelsByIds } from '../api/endpoints';
import { bulkEditParcels, type BulkTags } from '../api/parcelBulk';
import type { Problem } from '../api/problem';
import type { AttributeTable } from './attributeTable.svelte';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';
import type { Session } from './session.svelte';

export class BulkEdit {
  busy = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Parcels a 412 named: changed or deleted by someone else since the planner read them. */
  moved = $state.raw<number[]>([]);
  /** Warning codes the planner may confirm to apply anyway (a 422 WARNINGS_UNCONFIRMED). */
  confirmable = $state.raw<string[]>([]);
  /** The last bulk edit that went through. */
  done = $state.raw<{ editId: number; count: number } | null>(null);

  constructor(
    private readonly deps: { data: MapData; plans: Plans; session: Session; table: AttributeTable },
  ) {}

  async apply(set: BulkTags, confirm: readonly string[] = []): Promise<boolean> {
    const selection = this.deps.table.selected;
    const items = selection.list();
    if (items.length === 0 || Object.keys(set).length === 0) return false;
    this.busy = true;
    this.problem = null;
    this.moved = [];
    this.confirmable = [];
    this.done = null;
    try {
      const outcome = await bulkEditParcels(items, set, confirm);
      if (!outcome.ok) {
        if (outcome.status === 401) this.deps.session.expired();
        this.problem = outcome.problem;
        this.moved = outcome.moved.map((m) => m.id);
        selection.updateVersions(outcome.moved.map((m) => ({ id: m.id, version: m.currentVersion })));
        // Another parcel may raise another warning: what was confirmed before stays confirmed on the next try.
        this.confirmable = outcome.problem.code === 'WARNINGS_UNCONFIRMED' ? [...new Set([...confirm, ...(outcome.problem.warnings ?? []).map((w) => w.code)])] : [];
        return false;
      }
      selection.updateVersions(outcome.result.updated);
      this.done = { editId: outcome.result.editId, count: outcome.result.updated.length };
      void this.deps.plans.refreshTally();
      this.deps.table.reset();
      const features = await fetchParcelsByIds(outcome.result.updated.map((u) => String(u.id))).catch(() => null);
      for (const f of features ?? []) this.deps.data.upsertParcel(f);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
