/**
 * The admin's basemap settings form (issue 6 §3) in the Import/Export tab:
 * loads the settings with their ETag, saves them with If-Match (412: the
 * stored settings are reloaded), and hands the server's new options to the
 * planners' basemap picker.
 */
import type { BasemapOption } from '$domain/basemaps';
import { fetchBasemapSettings, saveBasemapSettings, type BasemapSettingsState } from '../api/basemapSettings';
import type { Problem } from '../api/problem';
import { checkBasemapSettings, emptyCustom, emptyLocalName, valuesFrom, type BasemapSettingsValues } from '../components/importExport/basemapSettingsForm';
import type { BasemapChoice } from './importExport.svelte';
import { saveVersioned } from './versionedSave';

/** The local PMTiles archives among the options (their ids are `pmtiles-{file name}`). */
const archivesOf = (options: readonly BasemapOption[]) =>
  options.filter((o) => o.kind === 'pmtiles').map((o) => ({ name: o.id.slice('pmtiles-'.length), tileType: o.tileType ?? 'raster' }));

export class BasemapSettingsEditor {
  values = $state<BasemapSettingsValues>({ tiandituKey: '', osm: true, custom: [], local: {} });
  etag = $state<string | null>(null);
  /** The options the server offers with the stored settings (GCJ-02 flags, local PMTiles). */
  options = $state.raw<BasemapOption[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  showErrors = $state(false);
  saving = $state(false);
  problem = $state.raw<Problem | null>(null);
  savedVersion = $state<number | null>(null);

  constructor(private readonly choice: BasemapChoice) {}

  readonly check = $derived(checkBasemapSettings(this.values));
  /** The PMTiles archives the server found in its basemap folder (file name, raster or vector). */
  readonly archives = $derived(archivesOf(this.options));

  /** Takes what the server sent: the stored settings as form values (a blank name entry for every archive found), the ETag and the options. */
  #adopt(body: BasemapSettingsState): void {
    const values = valuesFrom(body.settings);
    for (const { name } of archivesOf(body.options)) values.local[name] ??= emptyLocalName();
    this.values = values;
    this.etag = body.etag;
    this.options = body.options;
    this.showErrors = false;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.#adopt(await fetchBasemapSettings());
      this.status = 'ready';
    } catch (cause) {
      this.problem = { code: 'NETWORK', messageZh: '底图设置加载失败', messageEn: 'Could not load the basemap settings', detail: String(cause) };
      this.status = 'error';
    }
  }

  ensureLoaded(): void {
    if (this.status === 'idle') void this.load();
  }

  addCustom(): void {
    this.values.custom.push(emptyCustom());
    this.savedVersion = null;
  }

  removeCustom(index: number): void {
    this.values.custom.splice(index, 1);
    this.savedVersion = null;
  }

  async save(): Promise<void> {
    if (this.saving || !this.etag) return;
    this.showErrors = true;
    const check = this.check;
    if (!check.ok) return;
    await saveVersioned(
      this,
      () => saveBasemapSettings(this.etag!, check.settings),
      {
        zh: '底图设置刚被其他管理员修改，已载入最新设置，请重新修改后保存。',
        en: 'Another admin just changed the basemap settings; the latest are loaded. Make your change again and save.',
      },
      (body) => {
        this.#adopt(body);
        this.savedVersion = body.version;
        // The planners' picker shows the new options at once.
        this.choice.options = body.options;
        this.choice.gcj02Warning = body.gcj02Warning;
      },
    );
  }
}
