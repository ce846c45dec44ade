/**
 * The parcel draft being drawn: one parcel (new, or an existing one being
 * edited), the tool in use, the undo stack, the form, live checks with the
 * server's own rules and the dashboard preview. The operations on it live in
 * editorOps.svelte.ts and saving in editor.svelte.ts; the three layers are
 * one `Editor`. The map (client/map/DrawingLayer.svelte) mirrors `tool` and
 * `geometry` into terra-draw and reports edits back through the on* methods,
 * as for any DrawingSession.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { areaSquareMeters } from '$domain/area';
import { validatePolygonGeometry } from '$domain/geometry.validation';
import type { RuleResult } from '$domain/parcel.rules';
import type { TargetDefinition } from '$domain/target.schema';
import type { OpReason } from '$domain/ops/opReasons';
import { fetchParcel, fetchTargetDefinitions } from '../api/parcels';
import type { Problem } from '../api/problem';
import type { ParcelFeature } from '../api/types';
import type { MessageKey } from '../i18n.svelte';
import { emptyForm, formFromProperties, validateForm, type ParcelFormValues } from '../editing/parcelForm';
import type { PreviewRow } from '../editing/tallyPreview';
export type GeometryOps = typeof import('../editing/geometryOps');
import { TOOL_HINTS, type DrawingSession, type DrawingTool } from './drawingSession';
import type { Conflict } from './editor.svelte';
import { ShapeHistory } from './shapeHistory.svelte';
import { DRAW_TOOLS, type DraftSnapshot, type DrawTool, type EditorDeps, type PendingOp } from './editorTypes';

type Poly = Polygon | MultiPolygon;

const EMPTY_SET: ReadonlySet<string> = new Set();

export abstract class EditorDraft implements DrawingSession {
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
  protected readonly mergedVersions = new Map<string, number>();
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

  readonly history = new ShapeHistory<DraftSnapshot>();

  /** Operations and save rules, fetched when the first draft opens (client/editing/geometryOps.ts). */
  protected ops = $state.raw<GeometryOps | null>(null);
  #opsLoading: Promise<GeometryOps | null> | null = null;

  constructor(protected readonly deps: EditorDeps) {}

  #loadOps(): Promise<GeometryOps | null> {
    this.#opsLoading ??= import('../editing/geometryOps').then(
      (ops) => (this.ops = ops),
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
    const ops = this.ops;
    return check?.valid && ops ? ops.draftRules(this.deps.data.collections, check.geometry, this.replacedIds, this.targetId ? (this.base?.geometry ?? null) : null) : null;
  });

  /** The dashboard targets the draft would move, before → after. */
  readonly preview = $derived.by((): PreviewRow[] => {
    const geometry = this.displayGeometry;
    const ops = this.ops;
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
    this.mergedVersions.clear();
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

  setTool(tool: DrawingTool): void {
    if (tool === 'point') return;
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

  protected commit(geometry: Poly | null, action: string, options: { reload: boolean }): void {
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

  /** The planner finished a shape with a drawing tool (or a line, for a split): see editorOps. */
  abstract onShapeFinished(geometry: Polygon | LineString | Point): void;

  /** The planner moved a vertex, inserted or deleted one, or dragged the shape. */
  onShapeEdited(geometry: Polygon | LineString | Point): void {
    if (geometry.type === 'Polygon') this.commit(geometry, 'edit', { reload: false });
  }

  undo(): void {
    const snapshot = this.history.undo();
    if (snapshot) this.#restore(snapshot);
  }

  redo(): void {
    const snapshot = this.history.redo();
    if (snapshot) this.#restore(snapshot);
  }

  // ——— As a DrawingSession (the toolbar and the map layer) ———

  readonly tools: readonly DrawingTool[] = DRAW_TOOLS;
  readonly canUndo = $derived(this.open && this.history.canUndo);
  readonly canRedo = $derived(this.open && this.history.canRedo);

  readonly hint = $derived.by((): MessageKey | null => {
    if (!this.open) return null;
    if (this.pending === 'hole') return 'opHoleHint';
    if (this.pending === 'split') return 'opSplitHint';
    if (this.pending === 'merge') return 'opMergeHint';
    return TOOL_HINTS[this.tool];
  });

  toolHint(tool: DrawingTool): MessageKey {
    return tool === 'point' ? TOOL_HINTS.polygon : TOOL_HINTS[tool];
  }

  /** Split pieces, and the draft itself when terra-draw cannot edit it (a MultiPolygon). */
  staticShapes(editable: boolean): Poly[] {
    if (!this.open) return [];
    const shapes: Poly[] = [...this.splitPieces];
    if (!editable && this.geometry) shapes.push(this.geometry);
    return shapes;
  }

  get excludedIds(): ReadonlySet<string> {
    return this.open ? this.replacedIds : EMPTY_SET;
  }
}
