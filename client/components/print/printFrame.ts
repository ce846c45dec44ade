/**
 * Fitting the map snapshot into the sheet's map frame: the picture covers
 * the frame (scaled by the larger of the two ratios, cropped evenly where it
 * overflows), so the frame's centre is the map's centre and one factor turns
 * map pixels into sheet pixels — for the scale and for the zone names.
 */
import type { MapSnapshot, SnapshotLabel } from '../../state/printLayout.svelte';

/** Sheet CSS px per map CSS px when the snapshot covers a frame of this size; 0 before either is known. */
export function coverFactor(snapshot: Pick<MapSnapshot, 'widthPx' | 'heightPx'>, frameWidthPx: number, frameHeightPx: number): number {
  if (!(snapshot.widthPx > 0 && snapshot.heightPx > 0 && frameWidthPx > 0 && frameHeightPx > 0)) return 0;
  return Math.max(frameWidthPx / snapshot.widthPx, frameHeightPx / snapshot.heightPx);
}

/** The zone names moved into frame pixels; those cropped away are left out. */
export function labelsInFrame(snapshot: MapSnapshot, frameWidthPx: number, frameHeightPx: number): (SnapshotLabel & { leftPx: number; topPx: number })[] {
  const k = coverFactor(snapshot, frameWidthPx, frameHeightPx);
  if (k === 0) return [];
  return snapshot.labels
    .map((l) => ({ ...l, leftPx: frameWidthPx / 2 + (l.xPx - snapshot.widthPx / 2) * k, topPx: frameHeightPx / 2 + (l.yPx - snapshot.heightPx / 2) * k }))
    .filter((l) => l.leftPx >= 0 && l.leftPx <= frameWidthPx && l.topPx >= 0 && l.topPx <= frameHeightPx);
}
