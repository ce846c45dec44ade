/**
 * What the map and the drawing toolbar need from whatever is being drawn: the
 * parcel draft (client/state/editor.svelte.ts) or a zone, station or line
 * sketch (client/state/featureSketch.svelte.ts). Both implement it, the way
 * terra-draw's modes share one base, so the toolbar and the map layer call
 * the open session (`AppState.drawing`) instead of asking which one is open.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { MessageKey } from '../i18n.svelte';

/** Every tool terra-draw offers; each session lists the ones it uses. */
export type DrawingTool = 'polygon' | 'rectangle' | 'freehand' | 'point' | 'line' | 'select';
export type DrawingGeometry = Polygon | MultiPolygon | Point | LineString;

export interface DrawingSession {
  readonly open: boolean;
  /** The tools on the toolbar, in order ('select' edits what was drawn). */
  readonly tools: readonly DrawingTool[];
  readonly tool: DrawingTool;
  /** Picks a tool from the toolbar (the parcel editor starts a new draft when closed). */
  setTool(tool: DrawingTool): void;
  /** The editable geometry the map shows in terra-draw (null: nothing drawn yet). */
  readonly geometry: DrawingGeometry | null;
  /** Shapes the map shows but terra-draw does not edit: split pieces, and the draft when it is not editable (a MultiPolygon). */
  staticShapes(editable: boolean): (Polygon | MultiPolygon)[];
  /** Bumped when the geometry changes other than by the map (start, undo, an operation): the map reloads it. */
  readonly revision: number;
  /** Running area of what is drawn, m² (null for points, lines, or nothing). */
  readonly areaSquareMeters: number | null;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  undo(): void;
  redo(): void;
  /** The line under the toolbar: what the planner is expected to do next. */
  readonly hint: MessageKey | null;
  /** A tool button's tooltip. */
  toolHint(tool: DrawingTool): MessageKey;
  // ——— Reports from the map (client/map/DrawingLayer.svelte) ———
  /** The polygon still under the pointer (for the running area). */
  onLiveShape(geometry: Polygon | MultiPolygon | null): void;
  /** A drawing tool finished a shape. */
  onShapeFinished(geometry: Polygon | LineString | Point): void;
  /** A vertex, a line, the shape or the point was moved in select mode. */
  onShapeEdited(geometry: Polygon | LineString | Point): void;
}

/** Tooltips of the parcel tools; `line` draws a split line. */
export const TOOL_HINTS = {
  polygon: 'toolPolygonHint',
  rectangle: 'toolRectangleHint',
  freehand: 'toolFreehandHint',
  select: 'toolSelectHint',
  line: 'opSplitHint',
} as const satisfies Record<Exclude<DrawingTool, 'point'>, MessageKey>;

/** Tooltips of the sketch tools: selecting moves a zone, station or line rather than a parcel. */
export const SKETCH_HINTS = {
  ...TOOL_HINTS,
  select: 'sketchSelectHint',
  point: 'sketchPointHint',
  line: 'sketchLineHint',
} as const satisfies Record<DrawingTool, MessageKey>;
