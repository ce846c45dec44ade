/**
 * An admin's or editor's sketch of a non-parcel feature, drawn with the same
 * terra-draw controller and toolbar as parcels: a zone boundary (polygon), an
 * energy station (point) or a gas/power line (line string). It holds only
 * the geometry, the tool and an undo stack; the section that started it
 * (zone drawing, energy editing) owns the form and the write. The map
 * (client/map/DrawingLayer.svelte) mirrors it while it is open.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { areaSquareMeters } from '$domain/area';
import type { MessageKey } from '../i18n.svelte';
import { SKETCH_HINTS, type DrawingGeometry, type DrawingSession, type DrawingTool } from './drawingSession';
import { ShapeHistory } from './shapeHistory.svelte';

export type SketchKind = 'zone' | 'station' | 'line';
export type SketchTool = DrawingTool;
export type SketchGeometry = DrawingGeometry;

/** The drawing tools offered per kind, in toolbar order ('select' edits what was drawn). */
export const SKETCH_TOOLS: Record<SketchKind, readonly SketchTool[]> = {
  zone: ['polygon', 'rectangle', 'freehand', 'select'],
  station: ['point', 'select'],
  line: ['line', 'select'],
};

/** The geometry type each kind saves. */
const ACCEPTS: Record<SketchKind, readonly SketchGeometry['type'][]> = {
  zone: ['Polygon', 'MultiPolygon'],
  station: ['Point'],
  line: ['LineString'],
};

/** Whether a finished shape is the kind of geometry the sketch saves. */
export function sketchAccepts(kind: SketchKind, geometry: SketchGeometry): boolean {
  return ACCEPTS[kind].includes(geometry.type);
}

/** Undo steps kept, plus the sketch's current state on top of the stack. */
const MAX_UNDO = 200;

interface SketchSnapshot {
  geometry: SketchGeometry | null;
  action: string;
}

export class FeatureSketch implements DrawingSession {
  open = $state(false);
  kind = $state<SketchKind>('zone');
  tool = $state<SketchTool>('select');
  geometry = $state.raw<SketchGeometry | null>(null);
  /** The polygon under the pointer while drawing (for the running area). */
  liveGeometry = $state.raw<Polygon | MultiPolygon | null>(null);
  /** Bumped when the geometry changes other than by the map (start, undo): the map reloads it. */
  revision = $state(0);
  /** Set when the geometry differs from the one the sketch started with. */
  changed = $state(false);

  /** The same undo stack as the parcel editor's. */
  readonly history = new ShapeHistory<SketchSnapshot>(MAX_UNDO + 1);
  #onCancel: (() => void) | null = null;

  /** @param beforeStart closes whatever else draws on the map (the parcel draft). */
  constructor(private readonly beforeStart: () => void = () => {}) {}

  readonly canUndo = $derived(this.history.canUndo);
  readonly canRedo = $derived(this.history.canRedo);
  readonly tools = $derived(SKETCH_TOOLS[this.kind]);
  readonly hint = $derived<MessageKey>(SKETCH_HINTS[this.tool]);

  toolHint(tool: DrawingTool): MessageKey {
    return SKETCH_HINTS[tool];
  }

  /** A zone terra-draw cannot edit (a MultiPolygon) is shown as it is; drawing a polygon replaces it. */
  staticShapes(editable: boolean): (Polygon | MultiPolygon)[] {
    const g = this.geometry;
    return !editable && g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? [g] : [];
  }

  /** Area of the zone being drawn, m² (null for points and lines). */
  readonly areaSquareMeters = $derived.by(() => {
    const g = this.liveGeometry ?? this.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
    try {
      return areaSquareMeters(g);
    } catch {
      return null;
    }
  });

  /**
   * Opens a sketch of `kind`: empty (the first drawing tool is chosen) or
   * over an existing geometry (select mode, to move or reshape it).
   * `onCancel` runs when someone else closes the sketch (another sketch or a parcel draft starts).
   */
  start(kind: SketchKind, geometry: SketchGeometry | null, onCancel?: () => void): void {
    this.#closeOther();
    this.beforeStart();
    this.kind = kind;
    this.geometry = geometry;
    this.liveGeometry = null;
    this.changed = false;
    this.history.reset({ geometry, action: 'start' });
    this.tool = geometry ? 'select' : SKETCH_TOOLS[kind][0]!;
    this.#onCancel = onCancel ?? null;
    this.open = true;
    this.revision++;
  }

  /** Closes the sketch (the owner's form closes with it). */
  cancel(): void {
    if (!this.open) return;
    this.#closeOther();
    this.open = false;
    this.geometry = null;
    this.liveGeometry = null;
    this.revision++;
  }

  #closeOther(): void {
    const onCancel = this.#onCancel;
    this.#onCancel = null;
    onCancel?.();
  }

  setTool(tool: SketchTool): void {
    if (!this.open || !this.tools.includes(tool)) return;
    this.tool = tool;
  }

  /** Replaces the geometry (e.g. with the stored one after a conflict). */
  reset(geometry: SketchGeometry | null): void {
    this.geometry = geometry;
    this.liveGeometry = null;
    this.changed = false;
    this.history.reset({ geometry, action: 'load' });
    this.tool = geometry ? 'select' : SKETCH_TOOLS[this.kind][0]!;
    this.revision++;
  }

  #commit(geometry: SketchGeometry, action: string): void {
    this.history.push({ geometry, action });
    this.geometry = geometry;
    this.liveGeometry = null;
    this.changed = true;
  }

  // ——— Reports from the map ———

  onLiveShape(geometry: Polygon | MultiPolygon | null): void {
    this.liveGeometry = this.kind === 'zone' ? geometry : null;
  }

  /** A drawing tool finished a shape: it replaces the sketch when it is the right type. */
  onShapeFinished(geometry: SketchGeometry): void {
    this.liveGeometry = null;
    if (sketchAccepts(this.kind, geometry)) {
      this.#commit(geometry, 'draw');
      this.tool = 'select';
    }
    this.revision++;
  }

  /** A vertex, a line or the point was moved in select mode. */
  onShapeEdited(geometry: SketchGeometry): void {
    if (sketchAccepts(this.kind, geometry)) this.#commit(geometry, 'edit');
  }

  undo(): void {
    const snapshot = this.history.undo();
    if (snapshot) this.#restore(snapshot);
  }

  redo(): void {
    const snapshot = this.history.redo();
    if (snapshot) this.#restore(snapshot);
  }

  #restore(snapshot: SketchSnapshot): void {
    this.geometry = snapshot.geometry;
    this.changed = true;
    this.revision++;
  }
}
