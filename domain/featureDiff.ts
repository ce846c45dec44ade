/**
 * What one version of a parcel changed against the one before it: each
 * planner-editable field from → to, and the official area change, so two
 * versions in the history never look identical when they are not.
 */

/** Properties that the server computes or that change on every write: not a planner's change. */
const COMPUTED = new Set(['areaSquareMeters', 'areaMu', 'zones', 'zoneCells', 'zoneCodes', 'version', 'updatedAt']);

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface VersionDiff {
  fields: FieldChange[];
  geometryChanged: boolean;
  /** After − before, m² (official area as stored); null when either side is missing. */
  areaChangeSquareMeters: number | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A feature as the history serves it (only what the diff reads). */
export interface VersionedFeature {
  geometry?: unknown;
  properties?: Record<string, unknown> | null;
}

export function diffVersions(before: VersionedFeature | null, after: VersionedFeature | null): VersionDiff {
  const b = before?.properties ?? {};
  const a = after?.properties ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !COMPUTED.has(k)).sort();
  const fields = before && after ? keys.filter((k) => !same(b[k], a[k])).map((k) => ({ field: k, from: b[k] ?? null, to: a[k] ?? null })) : [];
  const areaOf = (p: Record<string, unknown>) => (typeof p.areaSquareMeters === 'number' ? p.areaSquareMeters : null);
  const areaBefore = before ? areaOf(b) : null;
  const areaAfter = after ? areaOf(a) : null;
  return {
    fields,
    geometryChanged: !!before && !!after && !same(before.geometry, after.geometry),
    areaChangeSquareMeters: areaBefore !== null && areaAfter !== null ? areaAfter - areaBefore : null,
  };
}
