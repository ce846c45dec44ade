/**
 * Everything the components share, created once in App.svelte and handed
 * down through context. Components read and call these; only client/map/
 * turns them into MapLibre calls.
 */
import { createContext } from 'svelte';
import { I18n } from '../i18n.svelte';
import { LayerSettings } from './layerSettings.svelte';
import { MapData } from './mapData.svelte';
import { Plans } from './plans.svelte';
import { Selection } from './selection.svelte';
import { Sidebar } from './sidebar.svelte';

export class AppState {
  readonly i18n = new I18n();
  readonly data = new MapData();
  readonly plans = new Plans();
  readonly selection = new Selection();
  readonly layers = new LayerSettings();
  readonly sidebar = new Sidebar();

  /** The parcel shown in the details panel (looked up in the fetched data). */
  readonly selectedParcel = $derived(
    this.selection.parcelId === null ? null : (this.data.parcelsById.get(this.selection.parcelId) ?? null),
  );

  /** Called by the map when a parcel is clicked (or empty map, with null). */
  selectParcel = (id: string | number | null): void => {
    this.selection.selectParcel(id);
    if (id !== null) this.sidebar.show('details');
  };

  load(): Promise<unknown> {
    return Promise.all([this.data.load(), this.plans.load()]);
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
