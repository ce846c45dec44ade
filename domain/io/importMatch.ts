/**
 * Re-importing a file the ledger exported (or the bureau's TXT of parcels it
 * holds) updates those parcels instead of refusing them as overlaps. A
 * feature is matched to a stored parcel by a key the planner picks — the
 * parcel id (exports carry `id`, the 国土 TXT its 地块编号 `parcelCode`) or
 * the name — and becomes an update or stays unchanged. On an update, fields
 * the file lacks (a TXT has no status or supply year) keep their stored
 * values, so a round trip never moves a parcel out of 已落实; a shape equal
 * to the stored one within survey precision (the TXT's metres, reprojected)
 * keeps the stored shape and area exactly.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { coerceFieldValue, type FieldMapping, type MappableParcelField } from './fieldMapping';

type Poly = Polygon | MultiPolygon;

/** What a file's features are matched to stored parcels by: one of its attributes against the parcel id or name. */
export interface MatchKey {
  attribute: string;
  field: 'id' | 'name';
}

/** The key a file suggests: its `id` (our exports), else `parcelCode` (the 国土 TXT's 地块编号, our TXT export writes the id there). */
export function suggestedMatchKey(attributes: readonly string[]): MatchKey | null {
  if (attributes.includes('id')) return { attribute: 'id', field: 'id' };
  if (attributes.includes('parcelCode')) return { attribute: 'parcelCode', field: 'id' };
  return null;
}

/** The key value of one feature, as the stored parcel would carry it; null when it has none. */
export function matchValue(properties: Readonly<Record<string, unknown>>, key: MatchKey): string | null {
  const raw = properties[key.attribute];
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim();
  if (text === '') return null;
  if (key.field === 'id') return /^\d{1,15}$/.test(text) ? String(Number(text)) : null;
  return text;
}

/**
 * The properties an update writes: the stored ones, with each field the file
 * maps and carries a value for replaced by the file's value. A field the
 * file lacks or leaves empty keeps its stored value.
 */
export function updatedProperties(
  stored: Readonly<Record<string, unknown>>,
  source: Readonly<Record<string, unknown>>,
  mapping: FieldMapping,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [attribute, field] of Object.entries(mapping) as [string, MappableParcelField][]) {
    const value = coerceFieldValue(field, source[attribute]);
    if (value !== null && value !== undefined && value !== '') out[field] = value;
  }
  return out;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The fields whose values differ between the stored and the updated properties. */
export function fieldChanges(stored: Readonly<Record<string, unknown>>, updated: Readonly<Record<string, unknown>>): FieldChange[] {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(updated)])].sort();
  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);
  return keys.filter((k) => !same(stored[k], updated[k])).map((k) => ({ field: k, from: stored[k] ?? null, to: updated[k] ?? null }));
}

const partsOf = (g: Poly): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function metersApart(p: Position, q: Position): number {
  const lat = (q[1]! * Math.PI) / 180;
  return Math.hypot((p[0]! - q[0]!) * 111_320 * Math.cos(lat), (p[1]! - q[1]!) * 110_574);
}

/**
 * One ring against another within the tolerance, whatever vertex it starts
 * at and whichever way it winds (a Shapefile writes outer rings clockwise,
 * GeoJSON anticlockwise): the start is found by the nearest vertex, O(n).
 */
function sameRing(ra: readonly Position[], rb: readonly Position[], tol: number): boolean {
  const a = ra.slice(0, -1);
  const b = rb.slice(0, -1);
  if (a.length !== b.length || a.length === 0) return false;
  let start = 0;
  let best = Infinity;
  for (let k = 0; k < b.length; k++) {
    const d = metersApart(a[0]!, b[k]!);
    if (d < best) [best, start] = [d, k];
  }
  if (!(best <= tol)) return false;
  const n = b.length;
  for (const step of [1, -1]) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = metersApart(a[k]!, b[(start + step * k + n * n) % n]!) <= tol;
    if (ok) return true;
  }
  return false;
}

/**
 * True when `incoming` has the stored shape's parts and rings, each vertex
 * within `toleranceMeters` of the stored one (local metres at its latitude).
 * A file's coordinates that went through a projection and back, or were
 * written in whole millimetres, pass; a vertex a surveyor moved does not.
 */
export function sameShapeWithinMeters(incoming: Poly, stored: Poly, toleranceMeters: number): boolean {
  const a = partsOf(incoming);
  const b = partsOf(stored);
  if (a.length !== b.length) return false;
  // Parts may come back in another order: each incoming part must match a stored one not used yet.
  const used = new Set<number>();
  for (const pa of a) {
    const i = b.findIndex((pb, idx) => !used.has(idx) && pb.length === pa.length && pa.every((ring, r) => sameRing(ring, pb[r]!, toleranceMeters)));
    if (i < 0) return false;
    used.add(i);
  }
  return true;
}

/** Survey precision for a round trip: the bureau's TXT carries millimetres; 5 cm leaves room for reprojection. */
export const ROUND_TRIP_TOLERANCE_METERS = 0.05;

/** What writing a matched feature over its stored parcel would do: the preview shows it, the commit writes it. */
export interface StoredComparison {
  /** The properties an update writes (stored values kept where the file has none). */
  properties: Record<string, unknown>;
  changes: FieldChange[];
  /** Within survey precision of the stored shape: the stored shape (and area) is kept. */
  sameShape: boolean;
  unchanged: boolean;
}

export function compareWithStored(
  stored: { properties: Readonly<Record<string, unknown>>; geometry: Poly },
  incoming: { properties: Readonly<Record<string, unknown>>; geometry: Poly },
  mapping: FieldMapping,
): StoredComparison {
  const properties = updatedProperties(stored.properties, incoming.properties, mapping);
  const changes = fieldChanges(stored.properties, properties);
  const sameShape = sameShapeWithinMeters(incoming.geometry, stored.geometry, ROUND_TRIP_TOLERANCE_METERS);
  return { properties, changes, sameShape, unchanged: sameShape && changes.length === 0 };
}
