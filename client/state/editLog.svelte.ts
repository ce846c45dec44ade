/**
 * The edit log and recycle bin: the latest planner actions (or only the
 * deletions still standing), and undo of one of them. After an undo the
 * parcels it touched are re-read at once and the tally refreshed, so the map
 * and dashboard follow without waiting for the change stream.
 */
import { fetchParcelsByIds } from '../api/endpoints';
import { fetchEdits, undoEdit, type EditEntry } from '../api/edits';
import type { Problem } from '../api/problem';
import { toLoadError, type LoadError } from './loadError';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';
import type { Session } from './session.svelte';

export class EditLog {
  entries = $state.raw<EditEntry[]>([]);
  /** Only deletions that still stand (回收站). */
  deletedOnly = $state(false);
  loading = $state(false);
  loadError = $state.raw<LoadError | null>(null);
  /** The edit being undone, while it is. */
  undoing = $state<number | null>(null);
  problem = $state.raw<Problem | null>(null);
  /** The last undo that went through, for a confirmation line. */
  lastUndo = $state.raw<{ undid: number; editId: number } | null>(null);
  #request = 0;

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
    private readonly session: Session,
  ) {}

  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    this.loadError = null;
    try {
      const list = await fetchEdits({ deletedOnly: this.deletedOnly, limit: 30 });
      if (request === this.#request) this.entries = list.edits;
    } catch (error) {
      if (request === this.#request) this.loadError = toLoadError('/api/edits', error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  showDeleted(on: boolean): void {
    this.deletedOnly = on;
    void this.load();
  }

  /** Undoes one edit; true when it went through. `after` reloads whatever list the caller shows. */
  async undo(editId: number, after?: () => Promise<void>): Promise<boolean> {
    this.undoing = editId;
    this.problem = null;
    try {
      const result = await undoEdit(editId);
      if (!result.ok) {
        if (result.status === 401) this.session.expired();
        this.problem = result.problem;
        return false;
      }
      this.lastUndo = { undid: result.body.undid, editId: result.body.editId };
      const ids = [...new Set(result.body.changed.map((c) => String(c.id)))];
      const features = await fetchParcelsByIds(ids).catch(() => null);
      if (features) {
        const found = new Set(features.map((f) => String(f.id)));
        for (const f of features) this.data.upsertParcel(f);
        for (const id of ids) if (!found.has(id)) this.data.removeParcel(id);
      }
      void this.plans.refreshTally();
      await Promise.all([this.load(), after?.()]);
      return true;
    } finally {
      this.undoing = null;
    }
  }
}
