/**
 * Editing the energy layer (issue 5; editors and admins): place a station
 * (a point) or draw a gas/power line with the shared drawing tools, edit an
 * existing one's properties (PATCH with If-Match), move or redraw it (PUT),
 * or delete it (DELETE). On 412 the planner is told someone else changed it
 * and shown the stored version. After every write the stations, lines,
 * coverage and demand are re-read.
 */
import type { LineString, Point } from 'geojson';
import {
  createFeature,
  deleteFeature,
  fetchStoredFeature,
  patchFeature,
  replaceFeature,
  type WriteOutcome,
} from '../api/featureWrites';
import { versionOfEtag } from '../api/http';
import { fetchCollection } from '../api/endpoints';
import type { Problem } from '../api/problem';
import type { LineFeature, StationFeature } from '../api/types';
import {
  checkLineForm,
  checkStationForm,
  emptyLineForm,
  emptyStationForm,
  lineFormFrom,
  stationFormFrom,
  type LineFormValues,
  type StationFormValues,
} from '../editing/energyForm';
import type { EnergyState } from './energy.svelte';
import type { FeatureSketch } from './featureSketch.svelte';
import type { MapData } from './mapData.svelte';
import type { Session } from './session.svelte';

export type EnergyCollection = 'energy_stations' | 'energy_lines';
type EnergyFeature = StationFeature | LineFeature;

export const CONFLICT_PROBLEM: Problem = {
  code: 'PRECONDITION_FAILED',
  messageZh: '该要素刚被他人修改，已载入最新内容，请核对后再保存。',
  messageEn: 'Someone else changed this feature; the latest version is loaded. Check it and save again.',
};

const GONE_PROBLEM: Problem = { code: 'NOT_FOUND', messageZh: '该要素已被删除', messageEn: 'This feature was deleted' };

const NEEDS_GEOMETRY: Problem = {
  code: 'GEOMETRY_REQUIRED',
  messageZh: '请先在地图上放置站点或绘制线路',
  messageEn: 'Place the station or draw the line on the map first',
};

export interface EnergyEditingDeps {
  data: MapData;
  energy: EnergyState;
  sketch: FeatureSketch;
  session: Session;
}

export class EnergyEditing {
  open = $state(false);
  collection = $state<EnergyCollection>('energy_stations');
  /** The stored feature being edited (null: a new one), its ETag and the version loaded. */
  targetId = $state<string | null>(null);
  etag = $state<string | null>(null);
  base = $state.raw<EnergyFeature | null>(null);

  stationForm = $state<StationFormValues>(emptyStationForm());
  lineForm = $state<LineFormValues>(emptyLineForm());
  /** Field errors show once the planner tried to save. */
  showErrors = $state(false);
  busy = $state(false);
  /** Reading the stored feature: the form is inert until it is in. */
  loading = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** What the last write did, for the confirmation line (and tests). */
  notice = $state.raw<{ action: 'created' | 'saved' | 'deleted'; collection: EnergyCollection; id: string; version: number | null } | null>(null);

  constructor(private readonly deps: EnergyEditingDeps) {}

  readonly stationCheck = $derived(checkStationForm(this.stationForm));
  readonly lineCheck = $derived(checkLineForm(this.lineForm));
  readonly formCheck = $derived(this.collection === 'energy_stations' ? this.stationCheck : this.lineCheck);
  readonly fieldErrors = $derived(this.showErrors && !this.formCheck.ok ? this.formCheck.errors : {});

  /** The sketch belongs to this form while it is open on a station or line. */
  readonly sketching = $derived.by(() => this.open && this.deps.sketch.open && this.deps.sketch.kind === (this.collection === 'energy_stations' ? 'station' : 'line'));

  /** The geometry that will be saved: the sketch's, else the stored one. */
  readonly geometry = $derived.by((): Point | LineString | null => {
    const g = this.sketching ? this.deps.sketch.geometry : (this.base?.geometry ?? null);
    return g && (g.type === 'Point' || g.type === 'LineString') ? g : null;
  });

  #reset(collection: EnergyCollection): void {
    this.collection = collection;
    this.showErrors = false;
    this.problem = null;
    this.notice = null;
  }

  /** Starts placing a new station: the next map click puts it down. */
  newStation(): void {
    if (!this.deps.session.canEdit) return;
    this.#reset('energy_stations');
    this.targetId = null;
    this.etag = null;
    this.base = null;
    this.stationForm = emptyStationForm();
    this.open = true;
    this.#sketch(null);
  }

  /** Starts drawing a new gas or power line. */
  newLine(): void {
    if (!this.deps.session.canEdit) return;
    this.#reset('energy_lines');
    this.targetId = null;
    this.etag = null;
    this.base = null;
    this.lineForm = emptyLineForm();
    this.open = true;
    this.#sketch(null);
  }

  /** Opens a stored station or line, reading its current version and ETag. */
  async edit(collection: EnergyCollection, id: string): Promise<void> {
    if (!this.deps.session.canEdit) return;
    this.deps.sketch.cancel();
    this.#reset(collection);
    this.open = true;
    this.targetId = id;
    // Nothing of a previous form may show (or be edited) until the stored version is in.
    this.base = null;
    this.etag = null;
    this.busy = true;
    this.loading = true;
    try {
      await this.#loadStored();
    } finally {
      this.busy = false;
      this.loading = false;
    }
  }

  /** Puts the stored geometry into the drawing tools to move the station or reshape the line. */
  startRedraw(): void {
    if (!this.open || !this.base) return;
    const g = this.base.geometry;
    this.#sketch(g.type === 'Point' || g.type === 'LineString' ? g : null);
  }

  #sketch(geometry: Point | LineString | null): void {
    this.deps.sketch.start(this.collection === 'energy_stations' ? 'station' : 'line', geometry, () => this.#closeForm());
  }

  #closeForm(): void {
    this.open = false;
    this.showErrors = false;
  }

  cancel(): void {
    if (this.sketching) this.deps.sketch.cancel();
    this.#closeForm();
    this.targetId = null;
    this.etag = null;
    this.base = null;
    this.problem = null;
  }

  /** Re-reads the stored feature (after opening, or after a 412); false when it is gone. */
  async #loadStored(): Promise<boolean> {
    const id = this.targetId;
    if (!id) return false;
    let stored;
    try {
      stored = await fetchStoredFeature<EnergyFeature>(this.collection, id);
    } catch (cause) {
      this.problem = { code: 'NETWORK', messageZh: '网络错误', messageEn: 'Network error', detail: cause instanceof Error ? cause.message : String(cause) };
      return false;
    }
    if (!stored) {
      this.problem = GONE_PROBLEM;
      this.base = null;
      this.etag = null;
      return false;
    }
    this.base = stored.feature;
    this.etag = stored.etag;
    if (this.collection === 'energy_stations') this.stationForm = stationFormFrom((stored.feature as StationFeature).properties);
    else this.lineForm = lineFormFrom((stored.feature as LineFeature).properties);
    if (this.sketching) {
      const g = stored.feature.geometry;
      this.deps.sketch.reset(g.type === 'Point' || g.type === 'LineString' ? g : null);
    }
    return true;
  }

  async save(): Promise<void> {
    if (this.busy) return;
    this.showErrors = true;
    const check = this.formCheck;
    if (!check.ok) return;
    const geometry = this.geometry;
    if (!geometry) {
      this.problem = NEEDS_GEOMETRY;
      return;
    }
    // `illustrative` is the seed's flag, not the form's: a write keeps what is stored.
    const { illustrative: _ignored, ...fields } = check.properties;
    this.busy = true;
    this.problem = null;
    try {
      let outcome: WriteOutcome<EnergyFeature>;
      if (!this.targetId) {
        outcome = await createFeature<EnergyFeature>(this.collection, { geometry, properties: fields });
      } else if (this.sketching && this.deps.sketch.changed) {
        const stored = (this.base?.properties ?? {}) as Record<string, unknown>;
        outcome = await replaceFeature<EnergyFeature>(this.collection, this.targetId, this.etag ?? '', { geometry, properties: { ...stored, ...fields } });
      } else {
        outcome = await patchFeature<EnergyFeature>(this.collection, this.targetId, this.etag ?? '', { properties: fields });
      }
      await this.#after(outcome, this.targetId ? 'saved' : 'created');
    } finally {
      this.busy = false;
    }
  }

  async remove(): Promise<void> {
    if (this.busy || !this.targetId) return;
    this.busy = true;
    this.problem = null;
    try {
      await this.#after(await deleteFeature<EnergyFeature>(this.collection, this.targetId, this.etag ?? ''), 'deleted');
    } finally {
      this.busy = false;
    }
  }

  async #after(outcome: WriteOutcome<EnergyFeature>, action: 'created' | 'saved' | 'deleted'): Promise<void> {
    if (!outcome.ok) {
      if (outcome.status === 401) this.deps.session.expired();
      if (outcome.status === 412) {
        await this.#loadStored();
        this.problem = CONFLICT_PROBLEM;
      } else {
        this.problem = outcome.problem;
      }
      return;
    }
    const collection = this.collection;
    const id = outcome.feature?.id !== undefined ? String(outcome.feature.id) : (this.targetId ?? '');
    const version = versionOfEtag(outcome.etag);
    this.cancel();
    this.notice = { action, collection, id, version };
    await this.#refresh();
    if (collection === 'energy_stations') this.deps.energy.selectStation(action === 'deleted' ? null : id);
  }

  /** Re-reads the energy layer and the coverage/demand figures. */
  async #refresh(): Promise<void> {
    const [stations, lines] = await Promise.all([fetchCollection('energy_stations').catch(() => null), fetchCollection('energy_lines').catch(() => null)]);
    const { data } = this.deps;
    data.collections = {
      ...data.collections,
      ...(stations ? { energy_stations: stations } : {}),
      ...(lines ? { energy_lines: lines } : {}),
    };
    await this.deps.energy.load();
  }
}
