/** The ledger-health listing (GET /api/health/ledger), loaded when the review tab first shows it. */
import { fetchLedgerHealth, type LedgerHealthBody } from '../api/review';
import { toLoadError, type LoadError } from './loadError';
import type { LoadStatus } from './mapData.svelte';

export class LedgerHealth {
  body = $state.raw<LedgerHealthBody | null>(null);
  status = $state<LoadStatus>('idle');
  error = $state.raw<LoadError | null>(null);
  /** Only items with this warning code, or every item. */
  codeFilter = $state<string | null>(null);

  readonly items = $derived(
    (this.body?.items ?? []).filter((item) => this.codeFilter === null || item.warnings.some((w) => w.code === this.codeFilter)),
  );

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      this.body = await fetchLedgerHealth();
      this.status = 'ready';
    } catch (error) {
      this.error = toLoadError('/api/health/ledger', error);
      this.status = 'error';
    }
  }

  loadOnce(): void {
    if (this.status === 'idle') void this.load();
  }
}
