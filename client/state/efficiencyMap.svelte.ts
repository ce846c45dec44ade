/**
 * What the map's "by 亩均 class" colouring shows: for one evaluation year,
 * each linked parcel's key (its enterprise's class A–D, or unclassed), with
 * idle land today (a year past the agreed start; two years: may be taken
 * back) over it, since that is what a planner must act on. Read only while
 * the colouring is on; read again when the year or a link changes.
 */
import { fetchLandStatus, fetchParcelEfficiency } from '../api/enterprises';
import type { ParcelEfficiencyKey } from '../palette';
import { defaultEvaluationYear } from './enterprises.svelte';

export class EfficiencyMap {
  year = $state(defaultEvaluationYear());
  /** Parcel id (as the map's llId) → what it is coloured as; parcels not listed are not linked. */
  keys = $state.raw<ReadonlyMap<string, ParcelEfficiencyKey>>(new Map());
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  private request: AbortController | null = null;

  async load(year: number): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.status = 'loading';
    try {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const [classes, land] = await Promise.all([fetchParcelEfficiency(year, request.signal), fetchLandStatus(today, request.signal)]);
      if (request.signal.aborted) return;
      const keys = new Map<string, ParcelEfficiencyKey>();
      for (const p of classes.parcels) keys.set(String(p.parcelId), p.class ?? 'unclassed');
      for (const [key, list] of [['idle', land.idle], ['reclaimable', land.reclaimable]] as const) {
        for (const entry of list) for (const id of entry.parcelIds ?? []) keys.set(String(id), key);
      }
      this.year = year;
      this.keys = keys;
      this.status = 'ready';
    } catch {
      if (!request.signal.aborted) this.status = 'error';
    }
  }
}
