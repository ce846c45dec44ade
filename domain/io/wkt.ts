/**
 * Well-known text for polygons (OGC Simple Features): POLYGON and
 * MULTIPOLYGON, with an optional EWKT `SRID=…;` prefix and Z/M values
 * (dropped). Used by the CSV format's geometry column.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export class WktError extends Error {}

/** Parses POLYGON/MULTIPOLYGON WKT into polygons (rings of [x, y]). */
export function parseWktPolygons(text: string): { polygons: Position[][][]; srid: number | null } {
  let s = text.trim();
  let srid: number | null = null;
  const ewkt = /^SRID=(\d+);/i.exec(s);
  if (ewkt) {
    srid = Number(ewkt[1]);
    s = s.slice(ewkt[0].length);
  }
  const head = /^(MULTIPOLYGON|POLYGON)\s*(ZM|Z|M)?\s*/i.exec(s);
  if (!head) throw new WktError(`expected POLYGON or MULTIPOLYGON, found "${s.slice(0, 20)}"`);
  const multi = head[1]!.toUpperCase() === 'MULTIPOLYGON';
  let at = head[0].length;
  if (/^EMPTY\s*$/i.test(s.slice(at))) return { polygons: [], srid };

  const expect = (ch: string) => {
    while (s[at] === ' ' || s[at] === '\n' || s[at] === '\r' || s[at] === '\t') at++;
    if (s[at] !== ch) throw new WktError(`expected "${ch}" at character ${at + 1}`);
    at++;
  };
  const peek = (): string => {
    while (/\s/.test(s[at] ?? '')) at++;
    return s[at] ?? '';
  };
  const ring = (): Position[] => {
    expect('(');
    const out: Position[] = [];
    for (;;) {
      const end = s.slice(at).search(/[,)]/);
      if (end < 0) throw new WktError('unterminated ring');
      const numbers = s.slice(at, at + end).trim().split(/\s+/).map(Number);
      if (numbers.length < 2 || numbers.some((n) => !Number.isFinite(n))) throw new WktError(`bad position "${s.slice(at, at + end).trim()}"`);
      out.push([numbers[0]!, numbers[1]!]);
      at += end;
      if (s[at] === ')') {
        at++;
        return out;
      }
      at++; // ','
    }
  };
  const polygon = (): Position[][] => {
    expect('(');
    const rings = [ring()];
    while (peek() === ',') {
      at++;
      rings.push(ring());
    }
    expect(')');
    return rings;
  };
  let polygons: Position[][][];
  if (multi) {
    expect('(');
    polygons = [polygon()];
    while (peek() === ',') {
      at++;
      polygons.push(polygon());
    }
    expect(')');
  } else {
    polygons = [polygon()];
  }
  if (peek() !== '') throw new WktError(`unexpected text after the geometry at character ${at + 1}`);
  return { polygons, srid };
}

function ringText(ring: readonly Position[], decimals: number): string {
  return `(${ring.map((p) => `${p[0]!.toFixed(decimals)} ${p[1]!.toFixed(decimals)}`).join(', ')})`;
}

function polygonText(rings: readonly (readonly Position[])[], decimals: number): string {
  return `(${rings.map((r) => ringText(r, decimals)).join(', ')})`;
}

/** POLYGON or MULTIPOLYGON WKT with a fixed number of decimals. */
export function geometryToWkt(geometry: Polygon | MultiPolygon, decimals: number): string {
  if (geometry.type === 'Polygon') return `POLYGON ${polygonText(geometry.coordinates, decimals)}`;
  return `MULTIPOLYGON (${geometry.coordinates.map((p) => polygonText(p, decimals)).join(', ')})`;
}
