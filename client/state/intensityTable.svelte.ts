/**
 * The admin's intensity table editor in the Energy tab (issue 5 §2): rows
 * edited inline, added and removed, saved with If-Match; a 412 reloads the
 * stored table. After a save the Energy tab's demand and coverage are re-read.
 */
import { fetchIntensities, saveIntensities, type IntensityTableBody } from '../api/intensities';
import type { Problem } from '../api/problem';
import { checkIntensityRows, emptyRow, rowValuesFrom, type IntensityRowValues } from '../editing/intensityRows';
import type { EnergyState } from './energy.svelte';
import { saveVersioned } from './versionedSave';

export class IntensityTable {
  rows = $state<IntensityRowValues[]>([]);
  etag = $state<string | null>(null);
  version = $state<number | null>(null);
  /** False while the shipped planning assumptions are in use. */
  custom = $state(false);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  dirty = $state(false);
  showErrors = $state(false);
  saving = $state(false);
  problem = $state.raw<Problem | null>(null);
  savedVersion = $state<number | null>(null);

  constructor(private readonly energy: EnergyState) {}

  readonly check = $derived(checkIntensityRows(this.rows));

  /** Takes the table the server sent: its rows as form values, ETag and version; nothing left unsaved. */
  #adopt(table: IntensityTableBody): void {
    this.rows = table.intensities.map(rowValuesFrom);
    this.etag = table.etag;
    this.version = table.version;
    this.custom = table.custom;
    this.dirty = false;
    this.showErrors = false;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.#adopt(await fetchIntensities());
      this.status = 'ready';
    } catch (cause) {
      this.problem = { code: 'NETWORK', messageZh: '用能强度表加载失败', messageEn: 'Could not load the intensity table', detail: String(cause) };
      this.status = 'error';
    }
  }

  ensureLoaded(): void {
    if (this.status === 'idle') void this.load();
  }

  edit(index: number, field: keyof IntensityRowValues, value: string): void {
    const row = this.rows[index];
    if (!row) return;
    row[field] = value;
    this.dirty = true;
    this.savedVersion = null;
  }

  addRow(): void {
    this.rows.push(emptyRow());
    this.dirty = true;
  }

  removeRow(index: number): void {
    this.rows.splice(index, 1);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (this.saving || !this.etag) return;
    this.showErrors = true;
    const check = this.check;
    if (!check.ok) return;
    await saveVersioned(
      this,
      () => saveIntensities(this.etag!, check.intensities),
      {
        zh: '用能强度表刚被其他管理员修改，已载入最新版本，请重新修改后保存。',
        en: 'Another admin just changed the intensity table; the latest version is loaded. Make your change again and save.',
      },
      async (table) => {
        this.#adopt(table);
        this.savedVersion = table.version;
        await this.energy.load();
      },
    );
  }
}
