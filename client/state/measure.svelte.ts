/**
 * The measuring tool: distance along a path or the area of a ring, clicked
 * on the map (client/map/MeasureLayer.svelte snaps each click to a parcel
 * vertex nearby). Figures come from domain/measure.ts on CGCS2000.
 */
import type { Position } from 'geojson';
import { measureArea, pathLengthMeters, type AreaMeasurement } from '$domain/measure';

export type MeasureMode = 'distance' | 'area';

export class MeasureState {
  mode = $state<MeasureMode | null>(null);
  /** The clicked points, lon/lat. */
  points = $state.raw<readonly Position[]>([]);
  /** Where the pointer is (snapped), drawn as the next point until the measurement is finished. */
  hover = $state.raw<Position | null>(null);
  finished = $state(false);

  readonly active = $derived(this.mode !== null);
  /** The points the figures are read from: the clicked ones plus the pointer while still drawing. */
  readonly livePoints = $derived(!this.finished && this.hover ? [...this.points, this.hover] : this.points);
  readonly lengthMeters = $derived(pathLengthMeters(this.livePoints));
  readonly area = $derived<AreaMeasurement>(measureArea(this.livePoints));

  start(mode: MeasureMode): void {
    this.mode = mode;
    this.clear();
  }

  /** A click: adds a point, or starts a new measurement after a finished one. */
  add(point: Position): void {
    if (this.finished) this.clear();
    this.points = [...this.points, point];
  }

  finish(): void {
    const needed = this.mode === 'area' ? 3 : 2;
    if (this.points.length >= needed) this.finished = true;
  }

  undoLast(): void {
    if (this.finished) this.finished = false;
    else this.points = this.points.slice(0, -1);
  }

  clear(): void {
    this.points = [];
    this.hover = null;
    this.finished = false;
  }

  stop(): void {
    this.mode = null;
    this.clear();
  }
}
