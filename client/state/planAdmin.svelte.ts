/**
 * Admin writes on plans and targets. Versions for If-Match come from GET
 * /api/plans/{id}/targets, re-read after every write and whenever the
 * selected plan changes; a refused write keeps the server's reason (code,
 * Chinese and English text) for the dialog to show.
 */
import {
  copyPlan,
  createPlan,
  createTarget,
  fetchPlanTargets,
  patchPlan,
  replaceTarget,
  retireTarget,
  type AdminResult,
  type PlanCopyFields,
  type PlanFields,
  type PlanTargets,
  type StoredTarget,
} from '../api/review';
import type { Problem } from '../api/problem';
import type { TargetDefinition } from '$domain/target.schema';
import { toLoadError, type LoadError } from './loadError';
import type { LoadStatus } from './mapData.svelte';
import type { Plans } from './plans.svelte';

export type PlanDialog =
  | { kind: 'createPlan' }
  | { kind: 'editPlan' }
  | { kind: 'copyPlan' }
  | { kind: 'createTarget' }
  | { kind: 'editTarget'; target: StoredTarget };

export class PlanAdmin {
  stored = $state.raw<PlanTargets | null>(null);
  status = $state<LoadStatus>('idle');
  error = $state.raw<LoadError | null>(null);
  dialog = $state.raw<PlanDialog | null>(null);
  busy = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** The last write that went through, for a short confirmation line. */
  notice = $state<string | null>(null);

  #request = 0;

  constructor(
    private readonly plans: Plans,
    /** Called after a target or plan write so views built on the tally re-read (e.g. an open drill-down). */
    private readonly onChanged: () => void,
  ) {}

  async loadTargets(): Promise<void> {
    const planId = this.plans.selectedPlanId;
    if (!planId) return;
    const request = ++this.#request;
    this.status = 'loading';
    this.error = null;
    try {
      const stored = await fetchPlanTargets(planId);
      if (request !== this.#request) return;
      this.stored = stored;
      this.status = 'ready';
    } catch (error) {
      if (request !== this.#request) return;
      this.stored = null;
      this.error = toLoadError(`/api/plans/${planId}/targets`, error);
      this.status = 'error';
    }
  }

  openDialog(dialog: PlanDialog): void {
    this.problem = null;
    this.notice = null;
    this.dialog = dialog;
  }

  closeDialog(): void {
    this.dialog = null;
    this.problem = null;
  }

  createPlan(fields: PlanFields & { id: string }): Promise<boolean> {
    return this.#write(() => createPlan(fields), fields.id);
  }

  editPlan(fields: PlanFields): Promise<boolean> {
    const stored = this.stored;
    if (!stored) return Promise.resolve(false);
    return this.#write(() => patchPlan(stored.plan.id, stored.plan.version, fields));
  }

  copyPlan(fields: PlanCopyFields): Promise<boolean> {
    const planId = this.plans.selectedPlanId;
    if (!planId) return Promise.resolve(false);
    return this.#write(() => copyPlan(planId, fields), fields.id);
  }

  createTarget(definition: TargetDefinition): Promise<boolean> {
    const planId = this.plans.selectedPlanId;
    if (!planId) return Promise.resolve(false);
    return this.#write(() => createTarget(planId, definition));
  }

  replaceTarget(version: number, definition: TargetDefinition): Promise<boolean> {
    const planId = this.plans.selectedPlanId;
    if (!planId) return Promise.resolve(false);
    return this.#write(() => replaceTarget(planId, version, definition));
  }

  retireTarget(target: StoredTarget): Promise<boolean> {
    const planId = this.plans.selectedPlanId;
    if (!planId) return Promise.resolve(false);
    return this.#write(() => retireTarget(planId, target.code, target.version));
  }

  /** Runs a write; on success refreshes the plan list, selects `selectPlanId` if given, and re-reads versions. */
  async #write(run: () => Promise<AdminResult>, selectPlanId?: string): Promise<boolean> {
    this.busy = true;
    this.problem = null;
    try {
      const result = await run();
      if (!result.ok) {
        this.problem = result.problem;
        return false;
      }
      this.dialog = null;
      await this.plans.load();
      if (selectPlanId) await this.plans.select(selectPlanId);
      await this.loadTargets();
      this.onChanged();
      return true;
    } finally {
      this.busy = false;
    }
  }
}
