/**
 * Everything the components share, created once in App.svelte and handed
 * down through context. Components read and call these; only client/map/
 * turns them into MapLibre calls.
 */
import { createContext } from 'svelte';
import { I18n } from '../i18n.svelte';
import type { DrawingSession } from './drawingSession';
import { Editor } from './editor.svelte';
import { EnergyState } from './energy.svelte';
import { EnergyEditing } from './energyEditing.svelte';
import { FeatureSketch } from './featureSketch.svelte';
import { IntensityTable } from './intensityTable.svelte';
import { ZoneDrawing } from './zoneDrawing.svelte';
import { LayerSettings } from './layerSettings.svelte';
import { EfficiencyMap } from './efficiencyMap.svelte';
import { EnterpriseLinks } from './enterpriseLinks.svelte';
import { LiveUpdates } from './liveUpdates.svelte';
import { MeasureState } from './measure.svelte';
import { PrintLayout } from './printLayout.svelte';
import { AttributeTable } from './attributeTable.svelte';
import { fetchChangeHead } from '../api/endpoints';
import { MapData } from './mapData.svelte';
import { ParcelActions } from './parcelActions.svelte';
import { EditLog } from './editLog.svelte';
import { HistoryPreview } from './historyPreview.svelte';
import { Plans } from './plans.svelte';
import { Review } from './review.svelte';
import { Selection } from './selection.svelte';
import { Session } from './session.svelte';
import { BulkEdit } from './bulkEdit.svelte';
import { Sidebar } from './sidebar.svelte';

export class AppState {
  readonly i18n = new I18n();
  readonly data = new MapData();
  readonly plans = new Plans();
  readonly selection = new Selection();
  readonly layers = new LayerSettings();
  readonly enterpriseLinks = new EnterpriseLinks();
  readonly efficiencyMap = new EfficiencyMap();
  readonly sidebar = new Sidebar();
  readonly session = new Session();
  readonly measure = new MeasureState();
  readonly print = new PrintLayout();
  readonly table = new AttributeTable();
  /** Zone, station and line sketches share the map's one drawing system with the parcel editor: one at a time. */
  readonly sketch = new FeatureSketch(() => this.editor.cancel());
  readonly editor = new Editor({
    data: this.data,
    plans: this.plans,
    session: this.session,
    showParcel: (id) => this.selectParcel(id),
    showEditPanel: () => {
      // A parcel draft takes the drawing tools over from any open sketch.
      this.sketch.cancel();
      this.sidebar.show('edit');
    },
  });
  readonly parcelActions = new ParcelActions(this.data, this.plans, this.session);
  readonly editLog = new EditLog(this.data, this.plans, this.session);
  readonly historyPreview = new HistoryPreview();
  readonly bulkEdit = new BulkEdit({ data: this.data, plans: this.plans, session: this.session, table: this.table });
  readonly review = new Review(this.data, this.plans);
  readonly energy = new EnergyState(this.data);
  readonly energyEditing = new EnergyEditing({ data: this.data, energy: this.energy, sketch: this.sketch, session: this.session });
  readonly intensities = new IntensityTable(this.energy);
  readonly zoneDrawing = new ZoneDrawing({ data: this.data, plans: this.plans, sketch: this.sketch });
  /** The drawing the map's terra-draw and the toolbar serve: the open sketch, else the open parcel draft, else none. */
  readonly drawing = $derived<DrawingSession | null>(this.sketch.open ? this.sketch : this.editor.open ? this.editor : null);

  readonly live = new LiveUpdates(this.data, this.plans, (change) => this.editor.noteRemoteChange(change.featureId, change.version));

  /** The parcel shown in the details panel (looked up in the fetched data). */
  readonly selectedParcel = $derived(
    this.selection.parcelId === null ? null : (this.data.parcelsById.get(this.selection.parcelId) ?? null),
  );

  /** Called by the map when a parcel is clicked (or empty map, with null). */
  selectParcel = (id: string | number | null): void => {
    // While a draft is open, map clicks belong to the editor (picking a parcel to merge, or nothing).
    if (this.editor.open) {
      if (id !== null) this.editor.pickParcel(String(id));
      return;
    }
    // While a zone, station or line is sketched, map clicks belong to terra-draw.
    if (this.sketch.open) return;
    // While measuring, map clicks place the measurement's points.
    if (this.measure.active) return;
    // While the planner places candidate sites, map clicks belong to the Energy tab.
    if (this.energy.placing) return;
    // While an editor picks an enterprise's parcels on the map, clicks add or remove them.
    if (this.enterpriseLinks.picking) {
      if (id !== null) this.enterpriseLinks.toggle(Number(id));
      return;
    }
    // While an admin collects parcels for a new zone, clicks add or remove them instead.
    if (this.review.zoneAdmin.collecting) {
      if (id !== null) this.review.zoneAdmin.toggleParcel(String(id));
      return;
    }
    this.selection.selectParcel(id);
    if (id !== null) this.sidebar.show('details');
  };

  /**
   * Reads the newest change id first, then the data, then follows the stream from that id:
   * every change after the read is replayed onto the loaded data, none twice-missed.
   */
  async load(): Promise<unknown> {
    const head = await fetchChangeHead().catch(() => null);
    const loaded = await Promise.all([this.data.load(), this.plans.load(), this.session.load()]);
    this.live.start(head);
    return loaded;
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
