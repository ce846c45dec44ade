/**
 * Clients round coordinates when they write: QGIS's JSON exporter sends 6
 * decimals (about 0.1 m), which moves a stored parcel's area by tens of m²
 * on a PUT that only changed its notes. A written geometry whose every
 * vertex equals the stored vertex rounded to the decimals the client used is
 * the stored geometry, sent back at the client's precision: keep the stored one.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

type Poly = Polygon | MultiPolygon;

/** Decimal places in a number's shortest round-trip text (1e-7 → 7, 106.5 → 1). */
export function decimalsOf(n: number): number {
  const text = String(n);
  const exp = /e-(\d+)$/.exec(text);
  const mantissa = text.replace(/e[-+]\d+$/, '');
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return fraction + (exp ? Number(exp[1]) : 0);
}

function partsOf(geometry: unknown): Position[][][] | null {
  if (!geometry || typeof geometry !== 'object') return null;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (!Array.isArray(g.coordinates)) return null;
  if (g.type === 'Polygon') return [g.coordinates as Position[][]];
  if (g.type === 'MultiPolygon') return g.coordinates as Position[][][];
  return null;
}

/** True when `incoming` is `stored` with every coordinate rounded to the decimals the client wrote. */
export function isStoredAtClientPrecision(incoming: unknown, stored: Poly): boolean {
  const a = partsOf(incoming);
  const b = partsOf(stored);
  if (!a || !b || a.length !== b.length) return false;
  let decimals = 0;
  for (const part of a) {
    if (!Array.isArray(part)) return false;
    for (const ring of part) {
      if (!Array.isArray(ring)) return false;
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2) return false;
        for (const v of p.slice(0, 2)) {
          if (typeof v !== 'number' || !Number.isFinite(v)) return false;
          decimals = Math.max(decimals, decimalsOf(v));
        }
      }
    }
  }
  // Below 4 decimals (~10 m) the client has not sent the parcel back, it has drawn another one.
  if (decimals < 4) return false;
  const d = Math.min(decimals, 15);
  for (let i = 0; i < a.length; i++) {
    const pa = a[i]!;
    const pb = b[i]!;
    if (pa.length !== pb.length) return false;
    for (let j = 0; j < pa.length; j++) {
      const ra = pa[j]!;
      const rb = pb[j]!;
      if (ra.length !== rb.length) return false;
      for (let k = 0; k < ra.length; k++) {
        for (let c = 0; c < 2; c++) {
          if (Math.abs(Number(rb[k]![c]!.toFixed(d)) - ra[k]![c]!) > 1e-12) return false;
        }
      }
    }
  }
  return true;
}
