/**
 * Live updates from other planners: GET /api/changes/stream (server-sent
 * events). Events carry ids only; the parcels a burst of changes touched are
 * re-read from the OGC endpoint in one request (a deleted one is dropped
 * without asking) and the tally is re-fetched, so the map and dashboard
 * follow without reloading. The stream starts after the change id the data
 * was loaded at (?since=); EventSource reconnects by itself and sends
 * Last-Event-ID, so nothing is missed across a dropped connection.
 */
import { changeEventSchema, type ChangeEvent } from '$domain/api/changes.schema';
import { fetchParcelsByIds } from '../api/endpoints';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export type { ChangeEvent } from '$domain/api/changes.schema';

/** Several changes in a burst (an import, a split) refresh the tally once. */
const TALLY_REFRESH_DELAY_MS = 250;
/** Changes arriving within this window are re-read together, in one request. */
const PARCEL_READ_DELAY_MS = 50;

export class LiveUpdates {
  connected = $state(false);
  /** The last change applied, for the header's indicator. */
  lastChange = $state.raw<ChangeEvent | null>(null);

  #source: EventSource | null = null;
  #tallyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Parcels changed since the last read, by id: the latest action decides whether to read or drop. */
  #pending = new Map<string, ChangeEvent>();
  #readTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
    private readonly onParcelChanged: (change: ChangeEvent) => void,
  ) {}

  /** Opens the stream after change `since` (the id the data was loaded at); without it, from now. */
  start(since: number | null = null): void {
    if (this.#source || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/changes/stream${since === null ? '' : `?since=${since}`}`, { withCredentials: false });
    source.addEventListener('ready', () => {
      this.connected = true;
    });
    source.addEventListener('change', (event) => {
      const parsed = changeEventSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) this.#apply(parsed.data);
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
    if (this.#readTimer) clearTimeout(this.#readTimer);
    this.#pending.clear();
  }

  #apply(change: ChangeEvent): void {
    if (change.collection !== 'parcels') return;
    this.#pending.set(change.featureId, change);
    if (!this.#readTimer) this.#readTimer = setTimeout(() => void this.#readPending(), PARCEL_READ_DELAY_MS);
  }

  /** Drops the deleted parcels and re-reads the others, all in one request. */
  async #readPending(): Promise<void> {
    this.#readTimer = null;
    const changes = [...this.#pending.values()];
    this.#pending.clear();
    const deleted = changes.filter((c) => c.action === 'delete');
    const changed = changes.filter((c) => c.action !== 'delete');
    for (const c of deleted) this.data.removeParcel(c.featureId);
    if (changed.length > 0) {
      const ids = changed.map((c) => c.featureId);
      const features = await fetchParcelsByIds(ids).catch(() => null);
      if (features) {
        const found = new Set(features.map((f) => String(f.id)));
        for (const f of features) this.data.upsertParcel(f);
        // Deleted after the change we heard of (its delete event is on its way).
        for (const id of ids) if (!found.has(id)) this.data.removeParcel(id);
      }
    }
    for (const c of changes) this.onParcelChanged(c);
    this.lastChange = changes.at(-1) ?? this.lastChange;
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
