/**
 * The Enterprises tab's state: the 亩均 evaluation of one year, the
 * enterprise opened from it, and today's idle-land lists. Loaded when the
 * tab first shows; a newer request supersedes an older one.
 */
import { fetchEfficiency, fetchEnterpriseVersioned, fetchLandStatus, type EfficiencyReport, type EnterpriseDetail, type LandStatus } from '../api/enterprises';

/** Last full statistics year: this year's figures are reported next spring. */
export const defaultEvaluationYear = (now = new Date()) => now.getFullYear() - 1;

export class EnterpriseView {
  year = $state(defaultEvaluationYear());
  report = $state<EfficiencyReport | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  selectedId = $state<number | null>(null);
  detail = $state<EnterpriseDetail | null>(null);
  /** The opened enterprise's ETag, for editing its parcel links. */
  etag = $state('');
  landStatus = $state<LandStatus | null>(null);
  private request: AbortController | null = null;

  async load(): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.status = 'loading';
    try {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const [report, landStatus] = await Promise.all([fetchEfficiency(this.year, request.signal), fetchLandStatus(today, request.signal)]);
      if (request.signal.aborted) return;
      this.report = report;
      this.landStatus = landStatus;
      this.status = 'ready';
    } catch {
      if (!request.signal.aborted) this.status = 'error';
    }
  }

  setYear(year: number): void {
    this.year = year;
    void this.load();
  }

  async open(id: number): Promise<void> {
    if (this.selectedId !== id) this.detail = null;
    this.selectedId = id;
    try {
      const { detail, etag } = await fetchEnterpriseVersioned(id);
      if (this.selectedId === id) {
        this.detail = detail;
        this.etag = etag;
      }
    } catch {
      if (this.selectedId === id) this.selectedId = null;
    }
  }

  close(): void {
    this.selectedId = null;
    this.detail = null;
  }
}
