/**
 * Linking parcels to the enterprise that occupies them, from either side:
 * the Enterprises tab edits an enterprise's whole list (parcels added from a
 * list or picked on the map while `picking`), the parcel panel links or
 * unlinks one parcel. Every save is one PUT /api/enterprises/{id}/parcels
 * under the enterprise's ETag; a refusal (another enterprise holds the
 * parcel, someone saved meanwhile) is kept as the server's problem, in both
 * languages. `revision` moves after each save so the panels and the map's
 * class layer read again.
 */
import { fetchEnterpriseVersioned, putEnterpriseParcels, type EnterpriseDetail } from '../api/enterprises';
import { networkProblem, type Problem } from '../api/problem';

export interface LinkDraft {
  enterpriseId: number;
  name: string;
  etag: string;
  parcelIds: number[];
}

export class EnterpriseLinks {
  revision = $state(0);
  draft = $state<LinkDraft | null>(null);
  /** While on, a parcel clicked on the map joins the draft (or leaves it). */
  picking = $state(false);
  saving = $state(false);
  problem = $state<Problem | null>(null);

  begin(detail: EnterpriseDetail, etag: string): void {
    this.draft = { enterpriseId: detail.enterprise.id, name: detail.enterprise.name, etag, parcelIds: detail.parcels.map((p) => p.id) };
    this.picking = false;
    this.problem = null;
  }

  add(parcelId: number): void {
    if (this.draft && !this.draft.parcelIds.includes(parcelId)) this.draft.parcelIds.push(parcelId);
  }

  remove(parcelId: number): void {
    if (this.draft) this.draft.parcelIds = this.draft.parcelIds.filter((id) => id !== parcelId);
  }

  /** A map click while picking. */
  toggle(parcelId: number): void {
    if (!this.draft) return;
    if (this.draft.parcelIds.includes(parcelId)) this.remove(parcelId);
    else this.add(parcelId);
  }

  cancel(): void {
    this.draft = null;
    this.picking = false;
    this.problem = null;
  }

  async save(): Promise<boolean> {
    const draft = this.draft;
    if (!draft || this.saving) return false;
    this.saving = true;
    this.problem = null;
    try {
      const outcome = await putEnterpriseParcels(draft.enterpriseId, draft.etag, [...draft.parcelIds]);
      if (!outcome.ok) {
        this.problem = outcome.problem;
        return false;
      }
      this.draft = null;
      this.picking = false;
      this.revision++;
      return true;
    } finally {
      this.saving = false;
    }
  }

  /**
   * Adds one parcel to an enterprise's list, or takes it off (the parcel
   * panel). Reads the enterprise's current list and version first, so the
   * write changes only this parcel's link.
   */
  async setParcel(parcelId: number, enterpriseId: number, linked: boolean): Promise<Problem | null> {
    this.saving = true;
    try {
      let current: Awaited<ReturnType<typeof fetchEnterpriseVersioned>>;
      try {
        current = await fetchEnterpriseVersioned(enterpriseId);
      } catch (cause) {
        return networkProblem(cause);
      }
      const ids = current.detail.parcels.map((p) => p.id).filter((id) => id !== parcelId);
      const outcome = await putEnterpriseParcels(enterpriseId, current.etag, linked ? [...ids, parcelId] : ids);
      if (!outcome.ok) return outcome.problem;
      this.revision++;
      return null;
    } finally {
      this.saving = false;
    }
  }
}
