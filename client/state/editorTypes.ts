/** The parcel editor's vocabulary, shared by its layers (editorDraft, editorOps, editor). */
import type { MultiPolygon, Polygon } from 'geojson';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';
import type { Session } from './session.svelte';

/** Tools on the toolbar; `line` is used internally to draw a split line. */
export type DrawTool = 'polygon' | 'rectangle' | 'freehand' | 'select' | 'line';
export const DRAW_TOOLS = ['polygon', 'rectangle', 'freehand', 'select'] as const satisfies readonly DrawTool[];

/** An operation waiting for the planner's next shape or click. */
export type PendingOp = 'hole' | 'split' | 'merge' | null;

/** One state of the draft in the undo stack. */
export interface DraftSnapshot {
  geometry: Polygon | MultiPolygon | null;
  /** Extra pieces a split created (saved as new parcels). */
  splitPieces: readonly Polygon[];
  /** Ids of parcels merged into the draft (deleted on save). */
  mergedIds: readonly string[];
  /** What the planner did to reach this state, for the undo button's tooltip. */
  action: string;
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
