/**
 * Live updates from other planners: GET /api/changes/stream (server-sent
 * events). Events carry ids only; a changed parcel is re-read from the OGC
 * endpoint (or dropped, when deleted) and the tally is re-fetched, so the map
 * and dashboard follow without reloading. EventSource reconnects by itself
 * and sends Last-Event-ID, so nothing is missed across a dropped connection.
 */
import { z } from 'zod';
import { fetchParcel } from '../api/parcels';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';

const changeSchema = z.object({
  id: z.number(),
  collection: z.string(),
  featureId: z.string(),
  action: z.string(),
  version: z.number(),
  username: z.string().optional(),
  at: z.string().optional(),
});
export type ChangeEvent = z.output<typeof changeSchema>;

/** Several changes in a burst (an import, a split) refresh the tally once. */
const TALLY_REFRESH_DELAY_MS = 250;

export class LiveUpdates {
  connected = $state(false);
  /** The last change applied, for the header's indicator. */
  lastChange = $state.raw<ChangeEvent | null>(null);

  #source: EventSource | null = null;
  #tallyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
    private readonly onParcelChanged: (change: ChangeEvent) => void,
  ) {}

  start(): void {
    if (this.#source || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/changes/stream', { withCredentials: false });
    source.addEventListener('ready', () => {
      this.connected = true;
    });
    source.addEventListener('change', (event) => {
      const parsed = changeSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) void this.#apply(parsed.data);
    });
    source.onerror = () => {
      this.connected = false;
    };
    this.#source = source;
  }

  stop(): void {
    this.#source?.close();
    this.#source = null;
    this.connected = false;
    if (this.#tallyTimer) clearTimeout(this.#tallyTimer);
  }

  async #apply(change: ChangeEvent): Promise<void> {
    if (change.collection !== 'parcels') return;
    if (change.action === 'delete') {
      this.data.removeParcel(change.featureId);
    } else {
      const current = await fetchParcel(change.featureId).catch(() => undefined);
      if (current === null) this.data.removeParcel(change.featureId);
      else if (current) this.data.upsertParcel(current.feature);
    }
    this.lastChange = change;
    this.onParcelChanged(change);
    this.#scheduleTallyRefresh();
  }

  #scheduleTallyRefresh(): void {
    if (this.#tallyTimer) clearTimeout(this.#tallyTimer);
    this.#tallyTimer = setTimeout(() => {
      this.#tallyTimer = null;
      void this.plans.refreshTally();
    }, TALLY_REFRESH_DELAY_MS);
  }
}
