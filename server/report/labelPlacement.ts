/**
 * Which parcel numbers a printed zone map can carry without one covering
 * another: greedy, largest parcel first (the way MapLibre's placement keeps
 * the labels that fit), over a grid hash so a ledger of 200,000 parcels
 * places in linear time. Pixel units; a box is centred on its point.
 */

export interface LabelCandidate<T> {
  item: T;
  x: number;
  y: number;
  widthPx: number;
  heightPx: number;
  /** Larger goes first (the parcel's area on the map). */
  priority: number;
}

const CELL_PX = 24;

export function placeLabels<T>(candidates: readonly LabelCandidate<T>[]): { placed: LabelCandidate<T>[]; dropped: LabelCandidate<T>[] } {
  const grid = new Map<string, LabelCandidate<T>[]>();
  const placed: LabelCandidate<T>[] = [];
  const dropped: LabelCandidate<T>[] = [];
  const cellsOf = (c: LabelCandidate<T>): string[] => {
    const keys: string[] = [];
    for (let gx = Math.floor((c.x - c.widthPx / 2) / CELL_PX); gx <= Math.floor((c.x + c.widthPx / 2) / CELL_PX); gx++)
      for (let gy = Math.floor((c.y - c.heightPx / 2) / CELL_PX); gy <= Math.floor((c.y + c.heightPx / 2) / CELL_PX); gy++) keys.push(`${gx},${gy}`);
    return keys;
  };
  const overlaps = (a: LabelCandidate<T>, b: LabelCandidate<T>) =>
    Math.abs(a.x - b.x) * 2 < a.widthPx + b.widthPx && Math.abs(a.y - b.y) * 2 < a.heightPx + b.heightPx;
  for (const c of [...candidates].sort((a, b) => b.priority - a.priority)) {
    const keys = cellsOf(c);
    if (keys.some((key) => grid.get(key)?.some((other) => overlaps(c, other)))) {
      dropped.push(c);
      continue;
    }
    placed.push(c);
    for (const key of keys) grid.set(key, [...(grid.get(key) ?? []), c]);
  }
  return { placed, dropped };
}
