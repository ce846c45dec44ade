/**
 * The admin's editor for the energy assumptions: five figures typed as text,
 * checked by the schema the server validates with, saved with If-Match; a
 * 412 reloads. After a save the Energy tab's coverage is re-read.
 */
import { fetchEnergyAssumptions, saveEnergyAssumptions, type AssumptionsBody } from '../api/energyAssumptions';
import type { Problem } from '../api/problem';
import { assumptionsFrom, type AssumptionValues } from '../editing/assumptionValues';
import type { EnergyState } from './energy.svelte';
import { saveVersioned } from './versionedSave';

export class AssumptionsEditor {
  values = $state<AssumptionValues>({ simultaneityLow: '', simultaneityCentral: '', simultaneityHigh: '', intensityLow: '', intensityHigh: '', measuredLoadFactor: '' });
  usualRange = $state<{ low: number; high: number } | null>(null);
  /** Where the tce → kWh conversion and the load factor come from (shown beside the field). */
  measuredBasis = $state.raw<AssumptionsBody['measuredBasis'] | null>(null);
  etag = $state<string | null>(null);
  custom = $state(false);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  saving = $state(false);
  problem = $state.raw<Problem | null>(null);
  savedVersion = $state<number | null>(null);

  readonly parsed = $derived(assumptionsFrom(this.values));

  constructor(private readonly energy: EnergyState) {}

  #adopt(body: AssumptionsBody): void {
    const a = body.assumptions;
    this.values = {
      simultaneityLow: String(a.simultaneityFactor.low),
      simultaneityCentral: String(a.simultaneityFactor.central),
      simultaneityHigh: String(a.simultaneityFactor.high),
      intensityLow: String(a.intensityFactor.low),
      intensityHigh: String(a.intensityFactor.high),
      measuredLoadFactor: String(a.measuredLoadFactor),
    };
    this.usualRange = body.simultaneityUsualRange;
    this.measuredBasis = body.measuredBasis ?? null;
    this.etag = body.etag;
    this.custom = body.custom;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.#adopt(await fetchEnergyAssumptions());
      this.status = 'ready';
    } catch (cause) {
      this.problem = { code: 'NETWORK', messageZh: '能源假设加载失败', messageEn: 'Could not load the energy assumptions', detail: String(cause) };
      this.status = 'error';
    }
  }

  async save(): Promise<void> {
    const assumptions = this.parsed;
    if (this.saving || !this.etag || !assumptions) return;
    await saveVersioned(
      this,
      () => saveEnergyAssumptions(this.etag!, assumptions),
      {
        zh: '能源假设刚被其他管理员修改，已载入最新版本，请重新修改后保存。',
        en: 'Another admin just changed the energy assumptions; the latest version is loaded. Make your change again and save.',
      },
      async (body) => {
        this.#adopt(body);
        this.savedVersion = body.version;
        await this.energy.load();
      },
    );
  }
}
