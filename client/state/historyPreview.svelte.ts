/**
 * A version from a parcel's history shown on the map: its shape before and
 * after that change, so a planner sees what a "修改形状" or a split did.
 */
import type { Geometry } from 'geojson';

export interface HistoryPreviewShapes {
  parcelId: string;
  version: number;
  before: Geometry | null;
  after: Geometry | null;
}

export class HistoryPreview {
  shown = $state.raw<HistoryPreviewShapes | null>(null);
  /** Shown by the button (stays until toggled off), not just while pointed at. */
  pinned = $state(false);

  /** Pointing at a version shows it, unless another is pinned. */
  hover(shapes: HistoryPreviewShapes): void {
    if (!this.pinned) this.shown = shapes;
  }

  /** The pointer left a version: its preview goes, unless pinned. */
  leave(version: number): void {
    if (!this.pinned && this.shown?.version === version) this.shown = null;
  }

  /** The button: pins this version, or unpins it when it is the one pinned. */
  toggle(shapes: HistoryPreviewShapes): void {
    if (this.pinned && this.shown?.parcelId === shapes.parcelId && this.shown.version === shapes.version) {
      this.clear();
      return;
    }
    this.shown = shapes;
    this.pinned = true;
  }

  clear(): void {
    this.shown = null;
    this.pinned = false;
  }
}
