/**
 * The drawing and tagging session: one draft parcel (new, or an existing one
 * being edited), the tool in use, the undo stack, the form, live checks with
 * the server's own rules, the dashboard preview, and saving with optimistic
 * locking. The map (client/map/DrawingLayer.svelte) mirrors `tool` and
 * `geometry` into terra-draw and reports edits back through the on* methods.
 */
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from '$domain/area';
import { validatePolygonGeometry } from '$domain/geometry.validation';
import type { RuleResult } from '$domain/parcel.rules';
import type { TargetDefinition } from '$domain/target.schema';
import type { OpReason } from '$domain/ops/opReasons';
import { fetchParcel, fetchTargetDefinitions, type ParcelDraft } from '../api/parcels';
import type { Problem } from '../api/problem';
import type { ParcelFeature } from '../api/types';
import { emptyForm, formFromProperties, sumFiguresInto, validateForm, type ParcelFormValues } from '../editing/parcelForm';
import { saveDraft } from '../editing/saveDraft';
import type { PreviewRow } from '../editing/tallyPreview';
type GeometryOps = typeof import('../editing/geometryOps');
import { GeometryHistory, type DraftSnapshot } from './geometryHistory.svelte';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';
import type { Session } from './session.svelte';

type Poly = Polygon | MultiPolygon;

/** Tools on the toolbar; `line` is used internally to draw a split line. */
export type DrawTool = 'polygon' | 'rectangle' | 'freehand' | 'select' | 'line';
export const DRAW_TOOLS = ['polygon', 'rectangle', 'freehand', 'select'] as const satisfies readonly DrawTool[];

/** An operation waiting for the planner's next shape or click. */
export type PendingOp = 'hole' | 'split' | 'merge' | null;

export interface Conflict {
  /** What the planner tried to save. */
  mine: ParcelDraft;
  /** The parcel as someone else left it, and the ETag to overwrite it with. */
  theirs: ParcelFeature;
  theirsEtag: string;
}

export interface EditorDeps {
  data: MapData;
  plans: Plans;
  session: Session;
  /** Shows a parcel in the details panel (after saving). */
  showParcel(id: string): void;
  /** Brings the editing panel forward. */
  showEditPanel(): void;
}

const EMPTY_SET: ReadonlySet<string> = new Set();


export class Editor {
  open = $state(false);
  tool = $state<DrawTool>('select');
  pending = $state<PendingOp>(null);
  snapping = $state(true);

  /** The parcel being edited (null for a new one), its ETag and its state when editing began. */
  targetId = $state<string | null>(null);
  targetEtag = $state<string | null>(null);
  base = $state.raw<ParcelFeature | null>(null);
  /** True when another planner saved the parcel being edited since it was opened. */
  changedElsewhere = $state(false);

  /** The committed draft; `liveGeometry` is the shape while the pointer is still moving. */
  geometry = $state.raw<Poly | null>(null);
  liveGeometry = $state.raw<Poly | null>(null);
  splitPieces = $state.raw<Polygon[]>([]);
  mergedIds = $state.raw<string[]>([]);
  /** The version of each merged-in parcel when the planner picked it: the merge is refused if it has moved on since. */
  #mergedVersions = new Map<string, number>();
  /** Bumped whenever the draft changes other than by the map (undo, an operation, loading): the map reloads it. */
  revision = $state(0);

  form = $state<ParcelFormValues>(emptyForm());
  /** Show field errors only once the planner tried to save. */
  showFormErrors = $state(false);

  saving = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Warning codes the server asked to confirm (422 WARNINGS_UNCONFIRMED). */
  confirmable = $state.raw<string[]>([]);
  opProblem = $state<OpReason | null>(null);
  conflict = $state.raw<Conflict | null>(null);
  /** Id of the last parcel saved, for the UI's confirmation (and tests). */
  lastSavedId = $state<string | null>(null);

  definitions = $state.raw<TargetDefinition[] | null>(null);
  #definitionsPlanId: string | null = null;

  readonly history = new GeometryHistory();

  /** Operations and save rules, fetched when the first draft opens (client/editing/geometryOps.ts). */
  #ops = $state.raw<GeometryOps | null>(null);
  #opsLoading: Promise<GeometryOps | null> | null = null;

  constructor(private readonly deps: EditorDeps) {}

  #loadOps(): Promise<GeometryOps | null> {
    this.#opsLoading ??= import('../editing/geometryOps').then(
      (ops) => (this.#ops = ops),
      () => {
        // Not fetched (offline, a new release replaced the chunk): the next draft tries again.
        this.#opsLoading = null;
        return null;
      },
    );
    return this.#opsLoading;
  }

  readonly displayGeometry = $derived(this.liveGeometry ?? this.geometry);

  readonly areaSquareMeters = $derived.by(() => {
    const g = this.displayGeometry;
    if (!g) return null;
    try {
      return areaSquareMeters(g) + this.splitPieces.reduce((s, p) => s + areaSquareMeters(p), 0);
    } catch {
      return null;
    }
  });

  readonly geometryCheck = $derived(this.geometry ? validatePolygonGeometry(this.geometry) : null);
  readonly formCheck = $derived(validateForm(this.form));

  readonly replacedIds = $derived(new Set<string>([...(this.targetId ? [this.targetId] : []), ...this.mergedIds]));

  /** The server's save rules, run in the browser on the committed draft. */
  readonly rules = $derived.by((): RuleResult | null => {
    const check = this.geometryCheck;
    const ops = this.#ops;
    return check?.valid && ops ? ops.draftRules(this.deps.data.collections, check.geometry, this.replacedIds, this.targetId ? (this.base?.geometry ?? null) : null) : null;
  });

  /** The dashboard targets the draft would move, before → after. */
  readonly preview = $derived.by((): PreviewRow[] => {
    const geometry = this.displayGeometry;
    const ops = this.#ops;
    if (!geometry || !this.definitions || !ops) return [];
    return ops.draftPreview({
      collections: this.deps.data.collections,
      definitions: this.definitions,
      shapes: [geometry, ...this.splitPieces],
      form: this.form,
      replacedIds: this.replacedIds,
    });
  });

  #snapshot(action: string): DraftSnapshot {
    return { geometry: this.geometry, splitPieces: this.splitPieces, mergedIds: this.mergedIds, action };
  }

  #restore(snapshot: DraftSnapshot): void {
    this.geometry = snapshot.geometry;
    this.splitPieces = [...snapshot.splitPieces];
    this.mergedIds = [...snapshot.mergedIds];
    this.liveGeometry = null;
    this.revision++;
  }

  #resetSession(): void {
    this.pending = null;
    this.liveGeometry = null;
    this.splitPieces = [];
    this.mergedIds = [];
    this.#mergedVersions.clear();
    this.problem = null;
    this.confirmable = [];
    this.opProblem = null;
    this.conflict = null;
    this.changedElsewhere = false;
    this.showFormErrors = false;
  }

  async #ensureDefinitions(): Promise<void> {
    const planId = this.deps.plans.selectedPlanId;
    if (!planId || planId === this.#definitionsPlanId) return;
    this.#definitionsPlanId = planId;
    try {
      this.definitions = await fetchTargetDefinitions(planId);
    } catch {
      this.#definitionsPlanId = null;
      this.definitions = null;
    }
  }

  /** Starts drawing a new parcel with `tool`. */
  startNew(tool: DrawTool = 'polygon'): void {
    if (!this.deps.session.canEdit) return;
    this.#resetSession();
    this.targetId = null;
    this.targetEtag = null;
    this.base = null;
    this.geometry = null;
    this.form = emptyForm();
    this.history.reset(this.#snapshot('start'));
    this.tool = tool;
    this.open = true;
    this.revision++;
    this.deps.showEditPanel();
    void this.#ensureDefinitions();
    void this.#loadOps();
  }

  /** Opens an existing parcel for editing, reading its current version and ETag. */
  async startEdit(id: string): Promise<void> {
    if (!this.deps.session.canEdit) return;
    const current = await fetchParcel(id).catch(() => null);
    if (!current) {
      this.deps.data.removeParcel(id);
      return;
    }
    this.deps.data.upsertParcel(current.feature);
    this.#resetSession();
    this.targetId = id;
    this.targetEtag = current.etag;
    this.base = current.feature;
    this.geometry = current.feature.geometry;
    this.form = formFromProperties(current.feature.properties as unknown as Record<string, unknown>);
    this.history.reset(this.#snapshot('load'));
    this.tool = 'select';
    this.open = true;
    this.revision++;
    this.deps.showEditPanel();
    void this.#ensureDefinitions();
    void this.#loadOps();
  }

  cancel(): void {
    this.open = false;
    this.targetId = null;
    this.targetEtag = null;
    this.base = null;
    this.geometry = null;
    this.#resetSession();
    this.revision++;
  }

  setTool(tool: DrawTool): void {
    if (!this.open) {
      this.startNew(tool);
      return;
    }
    this.pending = null;
    this.opProblem = null;
    this.tool = tool;
  }

  toggleSnapping(): void {
    this.snapping = !this.snapping;
  }

  #commit(geometry: Poly | null, action: string, options: { reload: boolean }): void {
    this.geometry = geometry;
    this.liveGeometry = null;
    this.history.push(this.#snapshot(action));
    this.problem = null;
    this.confirmable = [];
    if (options.reload) this.revision++;
  }

  // ——— Reports from the map ———

  /** The shape still under the pointer (for the running area). */
  onLiveShape(geometry: Poly | null): void {
    this.liveGeometry = geometry;
  }

  /** The planner finished a shape with a drawing tool (or a line, for a split). */
  onShapeFinished(geometry: Polygon | LineString): void {
    this.liveGeometry = null;
    const pending = this.pending;
    this.pending = null;
    this.opProblem = null;
    const ops = this.#ops;
    if (pending === 'hole' && geometry.type === 'Polygon' && this.geometry && ops) {
      const result = ops.cutHole(this.geometry, geometry);
      if (result.ok) this.#commit(result.value, 'hole', { reload: true });
      else this.opProblem = result.reason;
      this.revision++;
      this.tool = 'select';
      return;
    }
    if (pending === 'split' && geometry.type === 'LineString' && this.geometry && ops) {
      const result = ops.splitParcel(this.geometry, geometry);
      if (result.ok) {
        const [first, ...rest] = result.value;
        this.splitPieces = [...this.splitPieces, ...rest];
        this.#commit(first!, 'split', { reload: true });
      } else {
        this.opProblem = result.reason;
      }
      this.revision++;
      this.tool = 'select';
      return;
    }
    if (geometry.type !== 'Polygon') return;
    // A new shape replaces the draft (the old one stays in the undo history).
    this.#commit(geometry, 'draw', { reload: true });
    this.tool = 'select';
  }

  /** The planner moved a vertex, inserted or deleted one, or dragged the shape. */
  onShapeEdited(geometry: Polygon): void {
    this.#commit(geometry, 'edit', { reload: false });
  }

  // ——— Operations (domain/ops) ———

  beginHole(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'hole';
    this.tool = 'polygon';
  }

  beginSplit(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'split';
    this.tool = 'line';
  }

  /** Waits for a click on the parcel to merge with (see pickParcel). */
  beginMerge(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'merge';
    this.tool = 'select';
  }

  cancelPending(): void {
    this.pending = null;
    this.opProblem = null;
    this.tool = 'select';
    this.revision++;
  }

  /** A parcel was clicked on the map while editing; true when the editor used the click. */
  pickParcel(id: string): boolean {
    if (!this.open) return false;
    if (this.pending !== 'merge' || !this.geometry) return true;
    this.pending = null;
    if (this.replacedIds.has(id)) return true;
    const known = this.deps.data.parcelsById.get(id);
    if (known) {
      this.#mergeWith(known);
    } else {
      // A district-sized layer is drawn from vector tiles, which carry no full geometry: read the parcel.
      const target = this.targetId;
      void fetchParcel(id)
        .then((current) => {
          if (!current || this.targetId !== target || !this.open) return;
          this.deps.data.upsertParcel(current.feature);
          this.#mergeWith(current.feature);
        })
        .catch(() => undefined);
    }
    return true;
  }

  #mergeWith(other: ParcelFeature): void {
    const id = String(other.id);
    const ops = this.#ops;
    if (!this.geometry || this.replacedIds.has(id) || !ops) return;
    const result = ops.mergeParcels([this.geometry, other.geometry]);
    if (!result.ok) {
      this.opProblem = result.reason;
      return;
    }
    this.#mergedVersions.set(id, Number(other.properties.version));
    this.mergedIds = [...this.mergedIds, id];
    this.form = sumFiguresInto(this.form, other.properties as unknown as Record<string, unknown>);
    this.#commit(result.value, 'merge', { reload: true });
  }

  clipToZone(code: string): void {
    const zone = this.deps.data.zonesByCode.get(code);
    const ops = this.#ops;
    if (!this.geometry || !zone || !ops) return;
    const result = ops.clipToZone(this.geometry, zone.geometry);
    if (result.ok) this.#commit(result.value, 'clip', { reload: true });
    else this.opProblem = result.reason;
  }

  clipAwayFromNeighbours(): void {
    const ops = this.#ops;
    if (!this.geometry || !ops) return;
    const neighbours = ops.neighboursOf(this.deps.data.collections, this.geometry, this.replacedIds).map((n) => n.geometry);
    const result = ops.clipAwayFrom(this.geometry, neighbours);
    if (result.ok) this.#commit(result.value, 'clip', { reload: true });
    else this.opProblem = result.reason;
  }

  undo(): void {
    const snapshot = this.history.undo();
    if (snapshot) this.#restore(snapshot);
  }

  redo(): void {
    const snapshot = this.history.redo();
    if (snapshot) this.#restore(snapshot);
  }

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
      merged: this.mergedIds.map((id) => ({ id, version: this.#mergedVersions.get(id) ?? 0 })),
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

  get excludedIds(): ReadonlySet<string> {
    return this.open ? this.replacedIds : EMPTY_SET;
  }
}
