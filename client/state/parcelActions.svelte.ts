/**
 * Writes started from the details panel: delete a parcel, restore one of its
 * versions. Both send If-Match with the ETag of the version the planner is
 * looking at; if the parcel moved on meanwhile, nothing is written and the
 * planner is shown the newer version first.
 */
import { deleteParcel, fetchHistory, fetchParcel, restoreParcel, type ParcelHistory } from '../api/parcels';
import type { Problem } from '../api/problem';
import { toLoadError, type LoadError } from './loadError';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';
import type { Session } from './session.svelte';

export class ParcelActions {
  busy = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Warning codes a restore must confirm. */
  confirmable = $state.raw<string[]>([]);
  history = $state.raw<ParcelHistory | null>(null);
  historyError = $state.raw<LoadError | null>(null);
  #historyFor: string | null = null;

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
    private readonly session: Session,
  ) {}

  clear(): void {
    this.problem = null;
    this.confirmable = [];
  }

  async loadHistory(id: string): Promise<void> {
    this.#historyFor = id;
    this.historyError = null;
    try {
      const history = await fetchHistory(id);
      if (this.#historyFor === id) this.history = history;
    } catch (error) {
      if (this.#historyFor !== id) return;
      this.history = null;
      this.historyError = toLoadError(`/api/parcels/${id}/history`, error);
    }
  }

  /** The parcel's ETag if it is still at `shownVersion`; otherwise shows the newer one and returns null. */
  async #etagIfUnchanged(id: string, shownVersion: number | undefined): Promise<string | null> {
    const current = await fetchParcel(id).catch(() => undefined);
    if (current === undefined) {
      this.problem = { code: 'NETWORK', messageZh: '网络错误', messageEn: 'Network error' };
      return null;
    }
    if (current === null) {
      this.data.removeParcel(id);
      return null;
    }
    if (shownVersion !== undefined && current.feature.properties.version !== shownVersion) {
      this.data.upsertParcel(current.feature);
      this.problem = { code: 'PRECONDITION_FAILED', messageZh: '该地块刚被他人修改，请查看最新内容后再操作。', messageEn: 'This parcel was just changed by someone else; review the latest version and try again.' };
      return null;
    }
    return current.etag;
  }

  #failed(status: number, problem: Problem): void {
    if (status === 401) this.session.expired();
    this.problem = problem;
    this.confirmable = problem.code === 'WARNINGS_UNCONFIRMED' ? (problem.warnings ?? []).map((w) => w.code) : [];
  }

  async delete(id: string, shownVersion: number | undefined): Promise<boolean> {
    this.busy = true;
    this.clear();
    try {
      const etag = await this.#etagIfUnchanged(id, shownVersion);
      if (!etag) return false;
      const result = await deleteParcel(id, etag);
      if (!result.ok) {
        this.#failed(result.status, result.problem);
        return false;
      }
      this.data.removeParcel(id);
      void this.plans.refreshTally();
      return true;
    } finally {
      this.busy = false;
    }
  }

  async restore(id: string, version: number, shownVersion: number | undefined, confirm: readonly string[] = []): Promise<void> {
    this.busy = true;
    this.clear();
    try {
      const etag = await this.#etagIfUnchanged(id, shownVersion);
      if (!etag) return;
      const result = await restoreParcel(id, etag, version, confirm);
      if (!result.ok) {
        this.#failed(result.status, result.problem);
        return;
      }
      if (result.feature) this.data.upsertParcel(result.feature);
      void this.plans.refreshTally();
      await this.loadHistory(id);
    } finally {
      this.busy = false;
    }
  }
}
