/**
 * Undo/redo for a drawing session: a stack of snapshots of the draft (its
 * geometry and the pieces a split or merge added). Every committed edit —
 * a finished shape, a dragged vertex, a hole, a clip — pushes one; undo and
 * redo move between them. Kept here rather than in terra-draw so operations
 * done outside terra-draw (turf cuts, merges) undo the same way.
 */
import type { MultiPolygon, Polygon } from 'geojson';

export interface DraftSnapshot {
  geometry: Polygon | MultiPolygon | null;
  /** Extra pieces a split created (saved as new parcels). */
  splitPieces: readonly Polygon[];
  /** Ids of parcels merged into the draft (deleted on save). */
  mergedIds: readonly string[];
  /** What the planner did to reach this state, for the undo button's tooltip. */
  action: string;
}

/** The longest history kept; a day of digitising fits easily. */
const MAX_SNAPSHOTS = 500;

export class GeometryHistory {
  #past = $state.raw<DraftSnapshot[]>([]);
  #future = $state.raw<DraftSnapshot[]>([]);

  readonly canUndo = $derived(this.#past.length > 1);
  readonly canRedo = $derived(this.#future.length > 0);
  /** The action undo would take back. */
  readonly undoAction = $derived(this.#past.length > 1 ? this.#past[this.#past.length - 1]!.action : null);
  /** Every action since the draft opened, oldest first (the save names a hole or clip to the edit log). */
  readonly actions = $derived(this.#past.map((p) => p.action));
  readonly redoAction = $derived(this.#future.length > 0 ? this.#future[this.#future.length - 1]!.action : null);

  /** Starts over from `initial` (the parcel as loaded, or an empty draft). */
  reset(initial: DraftSnapshot): void {
    this.#past = [initial];
    this.#future = [];
  }

  push(snapshot: DraftSnapshot): void {
    const past = [...this.#past, snapshot];
    this.#past = past.length > MAX_SNAPSHOTS ? past.slice(past.length - MAX_SNAPSHOTS) : past;
    this.#future = [];
  }

  /** The snapshot to show after undoing, or null when there is nothing to undo. */
  undo(): DraftSnapshot | null {
    if (this.#past.length < 2) return null;
    const current = this.#past[this.#past.length - 1]!;
    this.#past = this.#past.slice(0, -1);
    this.#future = [...this.#future, current];
    return this.#past[this.#past.length - 1]!;
  }

  redo(): DraftSnapshot | null {
    const next = this.#future[this.#future.length - 1];
    if (!next) return null;
    this.#future = this.#future.slice(0, -1);
    this.#past = [...this.#past, next];
    return next;
  }
}
