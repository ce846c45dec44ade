/**
 * Plans and the selected plan's tally (/api/plans, /api/plans/{id}/tally).
 * Selecting a plan refetches its tally; a late answer for a plan no longer
 * selected is dropped.
 */
import type { Plan } from '$domain/target.schema';
import { fetchPlans, fetchTally } from '../api/endpoints';
import type { Tally } from '../api/types';
import { toLoadError, type LoadError } from './loadError';
import type { LoadStatus } from './mapData.svelte';

/** The seeded 2023–2025 plan, preferred when present. */
export const DEFAULT_PLAN_ID = 'wansheng-2023-2025';

export class Plans {
  plans = $state.raw<Plan[]>([]);
  plansStatus = $state<LoadStatus>('idle');
  plansError = $state.raw<LoadError | null>(null);

  selectedPlanId = $state<string | null>(null);
  tally = $state.raw<Tally | null>(null);
  tallyStatus = $state<LoadStatus>('idle');
  tallyError = $state.raw<LoadError | null>(null);
  /** Tally the ledger as it stood at the end of this year (the map's year slider); null = now. */
  asOfYear = $state<number | null>(null);

  readonly selectedPlan = $derived(this.plans.find((p) => p.id === this.selectedPlanId) ?? this.tally?.plan ?? null);

  #tallyRequest = 0;

  async load(): Promise<void> {
    this.plansStatus = 'loading';
    this.plansError = null;
    try {
      this.plans = await fetchPlans();
      this.plansStatus = 'ready';
    } catch (error) {
      this.plansError = toLoadError('/api/plans', error);
      this.plansStatus = 'error';
      return;
    }
    // A reload (after an admin edit) keeps the plan the planner is looking at.
    const preferred =
      this.plans.find((p) => p.id === this.selectedPlanId) ?? this.plans.find((p) => p.id === DEFAULT_PLAN_ID) ?? this.plans[0];
    if (preferred) await this.select(preferred.id);
  }

  async select(planId: string): Promise<void> {
    this.selectedPlanId = planId;
    await this.refreshTally();
  }

  async refreshTally(): Promise<void> {
    const planId = this.selectedPlanId;
    if (!planId) return;
    const request = ++this.#tallyRequest;
    this.tallyStatus = 'loading';
    this.tallyError = null;
    try {
      const tally = await fetchTally(planId, undefined, this.asOfYear);
      if (request !== this.#tallyRequest) return;
      this.tally = tally;
      this.tallyStatus = 'ready';
    } catch (error) {
      if (request !== this.#tallyRequest) return;
      this.tally = null;
      this.tallyError = toLoadError(`/api/plans/${planId}/tally`, error);
      this.tallyStatus = 'error';
    }
  }
}
