/**
 * The parcel editor: the draft (editorDraft.svelte.ts) with its operations
 * (editorOps.svelte.ts), and here saving it with optimistic locking and
 * resolving a save conflict with another planner.
 */
import { fetchParcel, type ParcelDraft } from '../api/parcels';
import type { Problem } from '../api/problem';
import type { ParcelFeature } from '../api/types';
import { formFromProperties } from '../editing/parcelForm';
import { saveDraft } from '../editing/saveDraft';
import { EditorOps } from './editorOps.svelte';

export { DRAW_TOOLS, type DrawTool, type EditorDeps, type PendingOp } from './editorTypes';

export interface Conflict {
  /** What the planner tried to save. */
  mine: ParcelDraft;
  /** The parcel as someone else left it, and the ETag to overwrite it with. */
  theirs: ParcelFeature;
  theirsEtag: string;
}

export class Editor extends EditorOps {
  // ——— Saving ———

  /** Another planner's change arrived for the parcel being edited. */
  noteRemoteChange(id: string, version: number): void {
    if (!this.open || this.targetId !== id || this.saving) return;
    const baseVersion = this.base?.properties.version ?? 0;
    if (version > baseVersion) this.changedElsewhere = true;
  }

  async save(confirm: readonly string[] = []): Promise<void> {
    if (this.saving) return;
    this.showFormErrors = true;
    const form = this.formCheck;
    const geometry = this.geometryCheck;
    if (!form.ok || !geometry?.valid) return;
    const draft: ParcelDraft = { geometry: geometry.geometry, properties: form.properties };
    this.saving = true;
    this.problem = null;
    try {
      await this.#write(draft, confirm);
    } finally {
      this.saving = false;
    }
  }

  async #write(draft: ParcelDraft, confirm: readonly string[]): Promise<void> {
    const outcome = await saveDraft({
      draft,
      target: this.targetId ? { id: this.targetId, etag: this.targetEtag ?? '' } : null,
      merged: this.mergedIds.map((id) => ({ id, version: this.mergedVersions.get(id) ?? 0 })),
      splitPieces: this.splitPieces,
      confirm,
      ...(this.history.actions.includes('hole') ? { editKind: 'hole' as const } : this.history.actions.includes('clip') ? { editKind: 'clip' as const } : {}),
    });
    if (outcome.kind !== 'saved') {
      // Refused as a whole on the server: every parcel is as it was, the draft stays open.
      if (outcome.kind === 'conflict') await this.#openConflict(draft);
      else this.#showProblem(outcome.status, outcome.problem);
      return;
    }
    for (const id of outcome.removedIds) this.deps.data.removeParcel(id);
    for (const feature of [outcome.feature, ...outcome.pieces]) this.deps.data.upsertParcel(feature);
    const savedId = String(outcome.feature.id);
    this.lastSavedId = savedId;
    this.cancel();
    void this.deps.plans.refreshTally();
    this.deps.showParcel(savedId);
  }

  #showProblem(status: number, problem: Problem): void {
    if (status === 401) this.deps.session.expired();
    this.problem = problem;
    this.confirmable = problem.code === 'WARNINGS_UNCONFIRMED' || problem.code === 'FIGURES_CHANGED' ? (problem.warnings ?? []).map((w) => w.code) : [];
  }

  async #openConflict(mine: ParcelDraft): Promise<void> {
    const current = await fetchParcel(this.targetId!).catch(() => null);
    if (!current) {
      this.problem = { code: 'NOT_FOUND', messageZh: '该地块已被他人删除', messageEn: 'Someone else deleted this parcel' };
      return;
    }
    this.deps.data.upsertParcel(current.feature);
    this.conflict = { mine, theirs: current.feature, theirsEtag: current.etag };
  }

  /**
   * Resolves a 412: keep mine (overwrite their version), take theirs (drop my
   * edit), or save a merge of the two that the planner picked field by field.
   */
  async resolveConflict(choice: { keep: 'theirs' } | { keep: 'mine' } | { keep: 'merged'; draft: ParcelDraft }): Promise<void> {
    const conflict = this.conflict;
    if (!conflict) return;
    if (choice.keep === 'theirs') {
      const id = String(conflict.theirs.id);
      this.cancel();
      this.deps.showParcel(id);
      return;
    }
    const draft = choice.keep === 'mine' ? conflict.mine : choice.draft;
    this.conflict = null;
    this.targetEtag = conflict.theirsEtag;
    this.base = conflict.theirs;
    this.changedElsewhere = false;
    this.geometry = draft.geometry;
    this.form = formFromProperties(draft.properties as unknown as Record<string, unknown>);
    this.revision++;
    await this.save();
  }
}
