/** Helpers the split/merge/undo suites share: cut a rectangle, and a served parcel's editable properties. */
import type { Polygon } from 'geojson';

/** A vertical cut of an axis-aligned rectangle at fraction f of its width. */
export function cut(rect: Polygon, f: number): [Polygon, Polygon] {
  const xs = rect.coordinates[0]!.map((p) => p[0]!);
  const ys = rect.coordinates[0]!.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const xm = x0 + (x1 - x0) * f;
  const r = (a: number, b: number): Polygon => ({ type: 'Polygon', coordinates: [[[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]]] });
  return [r(x0, xm), r(xm, x1)];
}

/** The properties a client sends back: the served ones without the server-computed fields. */
export const editable = (p: Record<string, unknown>) => {
  const { areaSquareMeters: _a, areaMu: _m, zones: _z, zoneCells: _c, version: _v, updatedAt: _u, ...rest } = p;
  return rest;
};
