/**
 * Admin writes on zones: rename (PATCH with the zone's current ETag as
 * If-Match) and a new zone from a set of parcels (POST /api/zones/from-parcels).
 * Parcels are collected by clicking them on the map while `collecting`.
 * After a write the map data is re-read: the server recomputed the parcels'
 * zone shares in the same transaction.
 */
import { createZoneFromParcels, fetchZoneEtag, renameZone, type ZoneFromParcelsFields } from '../api/review';
import type { Problem } from '../api/problem';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export class ZoneAdmin {
  busy = $state(false);
  problem = $state.raw<Problem | null>(null);
  notice = $state<string | null>(null);
  /** While true, each parcel the planner selects on the map is added to `parcelIds`. */
  collecting = $state(false);
  parcelIds = $state.raw<string[]>([]);

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
  ) {}

  startCollecting(): void {
    this.collecting = true;
    this.notice = null;
  }

  stopCollecting(): void {
    this.collecting = false;
  }

  /** A parcel selected while collecting: added, or removed when already in the set. */
  toggleParcel(id: string): void {
    this.parcelIds = this.parcelIds.includes(id) ? this.parcelIds.filter((x) => x !== id) : [...this.parcelIds, id];
  }

  clearParcels(): void {
    this.parcelIds = [];
  }

  async rename(code: string, names: { nameZh: string; nameEn: string }): Promise<boolean> {
    return this.#write(async () => {
      const etag = await fetchZoneEtag(code);
      if (!etag) {
        return { ok: false, status: 404, problem: { code: 'NOT_FOUND', messageZh: `未找到园区 ${code}`, messageEn: `Zone ${code} not found` } };
      }
      return renameZone(code, etag, names);
    }, `${code}`);
  }

  async createFromParcels(fields: Omit<ZoneFromParcelsFields, 'parcelIds'>): Promise<boolean> {
    const ok = await this.#write(() => createZoneFromParcels({ ...fields, parcelIds: this.parcelIds.map(Number) }), fields.code);
    if (ok) {
      this.parcelIds = [];
      this.collecting = false;
    }
    return ok;
  }

  async #write(run: () => ReturnType<typeof renameZone>, what: string): Promise<boolean> {
    this.busy = true;
    this.problem = null;
    this.notice = null;
    try {
      const result = await run();
      if (!result.ok) {
        this.problem = result.problem;
        return false;
      }
      this.notice = what;
      await Promise.all([this.data.load(), this.plans.refreshTally()]);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
