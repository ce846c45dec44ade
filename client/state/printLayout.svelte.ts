/**
 * The print layout (出图): paper, orientation and title the planner chose,
 * and the picture of the map it lays out. Opening the layout asks the map
 * (client/map/PrintSnapshotSync.svelte) for a snapshot; the sheet is printed
 * by the browser (window.print), so its text is vector text in the
 * planner's own fonts and no font needs embedding.
 */
import type { ZoneKind } from '$domain/zone.schema';

export type PaperSize = 'A4' | 'A3';
export type PaperOrientation = 'portrait' | 'landscape';

/** ISO 216 sheet sizes, mm (short side × long side). */
export const PAPER_MM: Record<PaperSize, { short: number; long: number }> = {
  A4: { short: 210, long: 297 },
  A3: { short: 297, long: 420 },
};

export function sheetMillimeters(paper: PaperSize, orientation: PaperOrientation): { widthMm: number; heightMm: number } {
  const { short, long } = PAPER_MM[paper];
  return orientation === 'portrait' ? { widthMm: short, heightMm: long } : { widthMm: long, heightMm: short };
}

/** A zone name the map shows as HTML (not in the canvas), where it sat on the snapshot. */
export interface SnapshotLabel {
  xPx: number;
  yPx: number;
  code: string;
  name: string;
  kind: ZoneKind;
}

/** The map as it was drawn when the layout opened. Pixels are the map's CSS pixels. */
export interface MapSnapshot {
  /** PNG data URL of the map canvas; null when the browser refused to read it (a basemap without CORS). */
  imageUrl: string | null;
  widthPx: number;
  heightPx: number;
  /** Ground metres per CSS pixel at the map's centre, measured on CGCS2000 across the centre row. */
  metersPerPixel: number;
  /** Degrees clockwise from north that the map is turned; the north arrow turns back by it. */
  bearingDegrees: number;
  labels: SnapshotLabel[];
}

export class PrintLayout {
  open = $state(false);
  paper = $state<PaperSize>('A4');
  orientation = $state<PaperOrientation>('landscape');
  /** Empty: the layout shows the default title (the app's title). */
  title = $state('');
  snapshot = $state.raw<MapSnapshot | null>(null);
  /** Bumped to ask the map for a fresh snapshot; the map side answers with `snapshot` or `failed`. */
  captureRequest = $state(0);
  failed = $state(false);

  readonly capturing = $derived(this.open && this.snapshot === null && !this.failed);

  show(): void {
    this.open = true;
    this.recapture();
  }

  /** The planner panned the map and wants the sheet to show the new view. */
  recapture(): void {
    this.snapshot = null;
    this.failed = false;
    this.captureRequest++;
  }

  close(): void {
    this.open = false;
    this.snapshot = null;
  }
}
