/**
 * Undo/redo for a drawing session, shared by the parcel editor and the
 * feature sketch: a stack of snapshots of what is drawn. Every committed
 * edit — a finished shape, a dragged vertex, a hole, a clip — pushes one;
 * undo and redo move between them. Kept here rather than in terra-draw so
 * operations done outside terra-draw (turf cuts, merges) undo the same way.
 * The stack's top is the current state, so `reset` takes the starting one.
 */

export interface ShapeSnapshot {
  /** What the planner did to reach this state, for the undo button's tooltip. */
  action: string;
}

/** The longest history kept; a day of digitising fits easily. */
const MAX_SNAPSHOTS = 500;

export class ShapeHistory<S extends ShapeSnapshot> {
  #past = $state.raw<S[]>([]);
  #future = $state.raw<S[]>([]);

  /** @param maxSnapshots the oldest snapshots are dropped past this many. */
  constructor(private readonly maxSnapshots: number = MAX_SNAPSHOTS) {}

  readonly canUndo = $derived(this.#past.length > 1);
  readonly canRedo = $derived(this.#future.length > 0);
  /** The action undo would take back. */
  readonly undoAction = $derived(this.#past.length > 1 ? this.#past[this.#past.length - 1]!.action : null);
  /** Every action since the draft opened, oldest first (the save names a hole or clip to the edit log). */
  readonly actions = $derived(this.#past.map((p) => p.action));
  readonly redoAction = $derived(this.#future.length > 0 ? this.#future[this.#future.length - 1]!.action : null);

  /** Starts over from `initial` (the parcel as loaded, or an empty draft). */
  reset(initial: S): void {
    this.#past = [initial];
    this.#future = [];
  }

  push(snapshot: S): void {
    const past = [...this.#past, snapshot];
    this.#past = past.length > this.maxSnapshots ? past.slice(past.length - this.maxSnapshots) : past;
    this.#future = [];
  }

  /** The snapshot to show after undoing, or null when there is nothing to undo. */
  undo(): S | null {
    if (this.#past.length < 2) return null;
    const current = this.#past[this.#past.length - 1]!;
    this.#past = this.#past.slice(0, -1);
    this.#future = [...this.#future, current];
    return this.#past[this.#past.length - 1]!;
  }

  redo(): S | null {
    const next = this.#future[this.#future.length - 1];
    if (!next) return null;
    this.#future = this.#future.slice(0, -1);
    this.#past = [...this.#past, next];
    return next;
  }
}
