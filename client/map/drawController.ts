/**
 * terra-draw on the MapLibre map: the one draft parcel as an editable
 * polygon, and the tools that draw it (polygon, rectangle, freehand, a line
 * for splitting) or edit it (select: drag vertices, insert at midpoints,
 * drag the whole shape). The same tools draw the admin's sketches (a zone
 * boundary, an energy station as a point, a gas or power line), so there
 * is one drawing system. The editor state (or the sketch) decides what to
 * show; this class only mirrors it and reports the finished shapes back.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawFreehandMode,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { DrawingTool } from '../state/drawingSession';
import { DRAFT_COLOR } from './draftLayers';

type Poly = Polygon | MultiPolygon;
type FeatureId = string | number;
/** What terra-draw can show as the one editable draft. */
export type DraftGeometry = Poly | LineString | Point;
type Tool = DrawingTool;

export interface DrawReports {
  /** The shape under the pointer changed (null: nothing drawable yet). */
  onLive(geometry: Poly | null): void;
  /** A drawing tool finished a shape (a point: a station was placed). */
  onFinished(geometry: Polygon | LineString | Point): void;
  /** The draft was edited in select mode (vertex moved, inserted, deleted; shape or point dragged). */
  onEdited(geometry: Polygon | LineString | Point): void;
}

/** terra-draw's mode name per tool; 'static' ignores the pointer. */
const MODE_OF_TOOL: Record<Tool, string> = {
  polygon: 'polygon',
  rectangle: 'rectangle',
  freehand: 'freehand',
  line: 'linestring',
  point: 'point',
  select: 'select',
};

/** terra-draw's mode a stored geometry is shown under (select mode edits it by that mode's flags). */
const MODE_OF_GEOMETRY: Record<DraftGeometry['type'], string | null> = {
  Polygon: 'polygon',
  LineString: 'linestring',
  Point: 'point',
  MultiPolygon: null,
};

/** Coordinates kept to 1e-9° (~0.1 mm): finer than any survey, coarser than float noise. */
const COORDINATE_PRECISION = 9;

const SCALE = 10 ** COORDINATE_PRECISION;
const roundPosition = (p: number[]): number[] => [Math.round(p[0]! * SCALE) / SCALE, Math.round(p[1]! * SCALE) / SCALE];

/**
 * A ring closes on its first vertex (a line finishes on its last) only when the
 * click lands this close to it, px. terra-draw's default, 40 px, closed a
 * 20 m hole drawn at zoom 17 (~20 px a side) on its fourth corner.
 */
export const CLOSE_RING_PX = 8;

const ACCENT = DRAFT_COLOR as `#${string}`;
const WHITE = '#ffffff' as const;

export class DrawController {
  readonly #draw: TerraDraw;
  #draftId: FeatureId | null = null;
  #tool: Tool | null = null;
  #liveFrame = 0;

  constructor(map: MapLibreMap, private readonly reports: DrawReports, snap: SnapToCustom) {
    const polygonStyles = {
      fillColor: ACCENT,
      fillOpacity: 0.22,
      outlineColor: ACCENT,
      outlineWidth: 2,
      closingPointColor: WHITE,
      closingPointOutlineColor: ACCENT,
      closingPointWidth: 5,
      closingPointOutlineWidth: 2,
      snappingPointColor: '#1f6fb2' as const,
      snappingPointWidth: 5,
      snappingPointOutlineColor: WHITE,
      snappingPointOutlineWidth: 2,
    };
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: COORDINATE_PRECISION }),
      modes: [
        new TerraDrawPolygonMode({ snapping: { toCustom: snap }, pointerDistance: CLOSE_RING_PX, styles: polygonStyles }),
        new TerraDrawRectangleMode({ styles: { fillColor: ACCENT, fillOpacity: 0.22, outlineColor: ACCENT, outlineWidth: 2 } }),
        new TerraDrawFreehandMode({ styles: { fillColor: ACCENT, fillOpacity: 0.22, outlineColor: ACCENT, outlineWidth: 2 } }),
        new TerraDrawLineStringMode({
          snapping: { toCustom: snap },
          pointerDistance: CLOSE_RING_PX,
          styles: { lineStringColor: '#1d2330', lineStringWidth: 2.5, closingPointColor: WHITE, closingPointOutlineColor: '#1d2330' },
        }),
        new TerraDrawPointMode({ styles: { pointColor: ACCENT, pointWidth: 7, pointOutlineColor: WHITE, pointOutlineWidth: 2 } }),
        new TerraDrawSelectMode({
          allowManualDeselection: false,
          flags: {
            polygon: {
              feature: {
                draggable: true,
                coordinates: { midpoints: true, draggable: true, deletable: true, snappable: { toCustom: snap } },
              },
            },
            linestring: {
              feature: {
                draggable: true,
                coordinates: { midpoints: true, draggable: true, deletable: true, snappable: { toCustom: snap } },
              },
            },
            point: { feature: { draggable: true } },
          },
          styles: {
            selectedPolygonColor: ACCENT,
            selectedPolygonFillOpacity: 0.25,
            selectedPolygonOutlineColor: ACCENT,
            selectedPolygonOutlineWidth: 2.5,
            selectedLineStringColor: ACCENT,
            selectedLineStringWidth: 3,
            selectedPointColor: ACCENT,
            selectedPointWidth: 7,
            selectedPointOutlineColor: WHITE,
            selectedPointOutlineWidth: 2,
            selectionPointColor: WHITE,
            selectionPointOutlineColor: ACCENT,
            selectionPointWidth: 5,
            selectionPointOutlineWidth: 2,
            midPointColor: ACCENT,
            midPointOutlineColor: WHITE,
            midPointWidth: 3.5,
            midPointOutlineWidth: 1.5,
          },
        }),
      ],
    });
    this.#draw.start();
    this.#draw.setMode('static');
    this.#draw.on('change', this.#onChange);
    this.#draw.on('finish', this.#onFinish);
  }

  /**
   * Shows `geometry` as the draft and switches to `tool`. Returns false when
   * terra-draw cannot edit it (a MultiPolygon): the caller shows it statically.
   */
  show(geometry: DraftGeometry | null, tool: Tool | null): boolean {
    this.#draw.clear();
    this.#draftId = null;
    let editable = geometry === null;
    const mode = geometry ? MODE_OF_GEOMETRY[geometry.type] : null;
    if (geometry && mode && geometry.type !== 'MultiPolygon') {
      const id = this.#draw.getFeatureId();
      // terra-draw refuses coordinates finer than its precision (turf's cuts produce such).
      const rounded =
        geometry.type === 'Polygon'
          ? { type: 'Polygon' as const, coordinates: geometry.coordinates.map((ring) => ring.map(roundPosition)) }
          : geometry.type === 'LineString'
            ? { type: 'LineString' as const, coordinates: geometry.coordinates.map(roundPosition) }
            : { type: 'Point' as const, coordinates: roundPosition(geometry.coordinates) };
      const [result] = this.#draw.addFeatures([{ id, type: 'Feature', geometry: rounded, properties: { mode } }]);
      if (result?.valid) {
        this.#draftId = id;
        editable = true;
      }
    }
    this.#tool = null;
    this.setTool(tool);
    return editable;
  }

  setTool(tool: Tool | null): void {
    if (tool === this.#tool) return;
    this.#tool = tool;
    this.#draw.setMode(tool === null ? 'static' : MODE_OF_TOOL[tool]);
    if (tool === 'select' && this.#draftId !== null && this.#draw.hasFeature(this.#draftId)) {
      this.#draw.selectFeature(this.#draftId);
    }
  }

  destroy(): void {
    cancelAnimationFrame(this.#liveFrame);
    this.#draw.off('change', this.#onChange);
    this.#draw.off('finish', this.#onFinish);
    this.#draw.stop();
  }

  #polygonOf(feature: GeoJSONStoreFeatures | undefined): Polygon | null {
    if (!feature || feature.geometry.type !== 'Polygon') return null;
    const ring = feature.geometry.coordinates[0];
    return ring && ring.length >= 4 ? (feature.geometry as Polygon) : null;
  }

  /** The feature being drawn or edited, reported at most once per frame. */
  #onChange = (): void => {
    if (this.#liveFrame) return;
    this.#liveFrame = requestAnimationFrame(() => {
      this.#liveFrame = 0;
      const features = this.#draw.getSnapshot();
      const drawing = features.find((f) => f.properties.currentlyDrawing === true);
      const draft = this.#draftId === null ? undefined : features.find((f) => f.id === this.#draftId);
      this.reports.onLive(this.#polygonOf(drawing ?? draft));
    });
  };

  #onFinish = (id: FeatureId, context: { action: string }): void => {
    const feature = this.#draw.getSnapshotFeature(id);
    if (!feature) return;
    if (context.action === 'draw') {
      const geometry = feature.geometry;
      if (geometry.type === 'Polygon' || geometry.type === 'LineString' || geometry.type === 'Point') {
        // Reported after terra-draw has finished its own bookkeeping for this event.
        queueMicrotask(() => this.reports.onFinished(geometry as Polygon | LineString | Point));
      }
      return;
    }
    const edited = feature.geometry;
    if (id === this.#draftId && (edited.type === 'Polygon' || edited.type === 'LineString' || edited.type === 'Point')) {
      this.reports.onEdited(edited as Polygon | LineString | Point);
    }
  };
}
