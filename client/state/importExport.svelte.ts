/**
 * The Import/Export tab's state (issue 6): an import in progress (upload
 * progress, preview, CRS override, field mapping, accepted features, commit)
 * and the basemap choice. Panels read and call these; client/map/ draws the
 * preview and the basemap from them.
 */
import { createContext } from 'svelte';
import { OFFLINE_BASEMAP_ID, type BasemapOption } from '$domain/basemaps';
import { MAPPABLE_PARCEL_FIELDS, type FieldDefaults, type FieldMapping, type MappableParcelField } from '$domain/io/fieldMapping';
import { commitImport, dryRunImport, fetchBasemaps, type TargetMove, uploadImport, type ImportPreview, type ImportProblem } from '../api/imports';
import type { ParcelFeature } from '../api/types';
import { BasemapSettingsEditor } from './basemapSettings.svelte';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export type ImportStatus = 'idle' | 'uploading' | 'preview' | 'committing' | 'committed' | 'error';

/** How a preview feature is drawn and listed. */
export type FeatureVerdict = 'valid' | 'warning' | 'invalid' | 'rejected';

export class ImportSession {
  status = $state<ImportStatus>('idle');
  /** Upload progress, 0…1. */
  progress = $state(0);
  preview = $state.raw<ImportPreview | null>(null);
  problem = $state.raw<ImportProblem | null>(null);
  /** The file last picked, kept so a CRS override can re-read it. */
  file = $state.raw<File | null>(null);
  /** '' = as detected. */
  crsOverride = $state('');
  /** source attribute → parcel field ('' = not imported). */
  mapping = $state<Record<string, MappableParcelField | ''>>({});
  accepted = $state<Record<number, boolean>>({});
  defaults = $state<Record<MappableParcelField, string>>(Object.fromEntries(MAPPABLE_PARCEL_FIELDS.map((f) => [f, ''])) as Record<MappableParcelField, string>);
  committedIds = $state.raw<number[]>([]);
  /** Parcels the last commit updated, and those it found unchanged (re-import). */
  updatedIds = $state.raw<number[]>([]);
  unchangedIds = $state.raw<number[]>([]);
  /** The targets a dry run found moving (null: not run for this preview and mapping). */
  moves = $state.raw<TargetMove[] | null>(null);
  checkingMoves = $state(false);

  constructor(
    private readonly data: MapData,
    private readonly plans: Plans,
  ) {}

  /** Warning codes among the accepted features (the planner confirms them by committing). */
  readonly warningCodes = $derived.by(() => {
    const codes = new Set<string>();
    for (const f of this.preview?.features ?? []) {
      if (this.accepted[f.index]) for (const w of f.validation.warnings) codes.add(w.code);
    }
    return [...codes];
  });

  readonly acceptedCount = $derived(Object.values(this.accepted).filter(Boolean).length);

  verdict(index: number): FeatureVerdict {
    const f = this.preview?.features[index];
    if (!f || !f.validation.valid) return 'invalid';
    if (!this.accepted[index]) return 'rejected';
    return f.validation.warnings.length > 0 ? 'warning' : 'valid';
  }

  async upload(file: File): Promise<void> {
    this.file = file;
    this.status = 'uploading';
    this.problem = null;
    this.preview = null;
    const result = await uploadImport(file, this.crsOverride || null, (p) => (this.progress = p));
    if (!result.ok) {
      this.problem = result.problem;
      this.status = 'error';
      return;
    }
    const preview = result.preview;
    this.progress = 1;
    this.mapping = Object.fromEntries(preview.attributes.map((a) => [a, preview.suggestedMapping[a] ?? '']));
    this.accepted = Object.fromEntries(preview.features.map((f) => [f.index, f.validation.valid]));
    this.preview = preview;
    this.moves = null;
    this.status = 'preview';
  }

  /** Re-reads the same file in the CRS the planner chose. */
  async overrideCrs(crs: string): Promise<void> {
    this.crsOverride = crs;
    if (this.file) await this.upload(this.file);
  }

  toggle(index: number): void {
    const f = this.preview?.features[index];
    if (!f || !f.validation.valid) return;
    this.accepted = { ...this.accepted, [index]: !this.accepted[index] };
    this.moves = null;
  }

  #request(preview: ImportPreview) {
    const mapping: FieldMapping = {};
    for (const [attribute, field] of Object.entries(this.mapping)) if (field) mapping[attribute] = field;
    const defaults: FieldDefaults = {};
    for (const [field, value] of Object.entries(this.defaults) as [MappableParcelField, string][]) if (value.trim() !== '') defaults[field] = value.trim();
    return {
      mapping,
      defaults,
      acceptedIndices: preview.features.filter((f) => this.accepted[f.index]).map((f) => f.index),
      confirmWarnings: this.warningCodes,
    };
  }

  /** Runs the commit as a dry run and keeps the targets whose figures would move. */
  async checkMoves(): Promise<void> {
    const preview = this.preview;
    if (!preview) return;
    this.checkingMoves = true;
    this.problem = null;
    try {
      const result = await dryRunImport(preview.id, this.#request(preview));
      if (!result.ok) {
        this.problem = result.problem;
        this.moves = null;
        return;
      }
      const moved = (a: { before: number; after: number }) => Math.abs(a.after - a.before) > 1e-9;
      this.moves = result.targets.filter((t) => moved(t.secured) || moved(t.pipeline));
    } finally {
      this.checkingMoves = false;
    }
  }

  async commit(): Promise<void> {
    const preview = this.preview;
    if (!preview) return;
    this.status = 'committing';
    this.problem = null;
    const result = await commitImport(preview.id, this.#request(preview));
    if (!result.ok) {
      this.problem = result.problem;
      this.status = 'preview';
      return;
    }
    this.committedIds = result.ids;
    this.updatedIds = result.updated;
    this.unchangedIds = result.unchanged;
    this.status = 'committed';
    this.preview = null;
    this.moves = null;
    await this.showCommitted([...result.ids, ...result.updated]);
  }

  /** Puts the new parcels on the map and the dashboard at once (the live feed would too, a moment later). */
  private async showCommitted(ids: readonly number[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        try {
          const response = await fetch(`/ogc/collections/parcels/items/${id}`, { credentials: 'same-origin' });
          if (response.ok) this.data.upsertParcel((await response.json()) as ParcelFeature);
        } catch {
          // The live feed delivers it.
        }
      }),
    );
    await this.plans.refreshTally();
  }

  reset(): void {
    this.status = 'idle';
    this.preview = null;
    this.problem = null;
    this.file = null;
    this.progress = 0;
    this.crsOverride = '';
  }
}

const BASEMAP_STORAGE_KEY = 'landLedger.basemap';

/** The basemap under the data: the offline style unless the planner picked another (kept in localStorage). */
export class BasemapChoice {
  options = $state.raw<BasemapOption[]>([]);
  gcj02Warning = $state.raw<{ zh: string; en: string } | null>(null);
  selectedId = $state(readStoredBasemap());
  /** Set when a remote basemap failed and the map fell back to offline. */
  failedId = $state<string | null>(null);

  readonly selected = $derived(this.options.find((o) => o.id === this.selectedId) ?? null);

  async load(): Promise<void> {
    const catalogue = await fetchBasemaps();
    if (!catalogue) return;
    this.options = catalogue.options;
    this.gcj02Warning = catalogue.gcj02Warning;
  }

  select(id: string): void {
    this.selectedId = id;
    this.failedId = null;
    try {
      localStorage.setItem(BASEMAP_STORAGE_KEY, id);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  /** Called by the map when the chosen basemap's tiles cannot be loaded. */
  fail(id: string): void {
    if (id === OFFLINE_BASEMAP_ID) return;
    this.failedId = id;
  }
}

function readStoredBasemap(): string {
  try {
    return (typeof localStorage !== 'undefined' && localStorage.getItem(BASEMAP_STORAGE_KEY)) || OFFLINE_BASEMAP_ID;
  } catch {
    return OFFLINE_BASEMAP_ID;
  }
}

export class ImportExportState {
  readonly imports: ImportSession;
  readonly basemaps = new BasemapChoice();
  readonly basemapSettings = new BasemapSettingsEditor(this.basemaps);

  constructor(deps: { data: MapData; plans: Plans }) {
    this.imports = new ImportSession(deps.data, deps.plans);
  }
}

export const [getImportExportState, setImportExportState] = createContext<ImportExportState>();
