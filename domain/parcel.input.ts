/**
 * What a desktop GIS sends back as a parcel's properties, made into what the
 * parcel schema validates. QGIS writes every field of the layer it read:
 * server-computed ones (areas, zones, version, timestamps) come back as they
 * were, or as null on a new feature, and a number field QGIS guessed as text
 * comes back as a string. Those are not the planner's edits, so they are
 * dropped instead of refused; the version is kept apart as the precondition.
 */
import { parcelPropertiesSchema } from './parcel.schema';

/** Properties the server computes or owns; a client's value for them is never written. */
export const PARCEL_READ_ONLY_FIELDS = [
  'id',
  'areaSquareMeters',
  'areaMu',
  'zones',
  'zoneCells',
  'zoneCodes',
  'illustrative',
  'version',
  'updatedAt',
  'createdAt',
] as const;

const READ_ONLY = new Set<string>(PARCEL_READ_ONLY_FIELDS);

/** Properties a client may write: the schema's fields but the read-only ones. */
export const PARCEL_EDITABLE_FIELDS: readonly string[] = Object.keys(parcelPropertiesSchema.shape).filter((k) => !READ_ONLY.has(k));

/** The zod type under default/nullable/optional wrappers, e.g. 'number' for `z.number().nullable().default(null)`. */
export function baseTypeOf(schema: unknown): string {
  let def = (schema as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def;
  while ((def.type === 'default' || def.type === 'nullable' || def.type === 'optional') && def.innerType) {
    def = (def.innerType as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def;
  }
  return def.type;
}

const NUMBER_FIELDS = new Set(
  Object.entries(parcelPropertiesSchema.shape)
    .filter(([, s]) => baseTypeOf(s) === 'number')
    .map(([k]) => k),
);

/** A plain decimal: "2023", "-1.5", "0.25". Not "", " 12", "1e3", "0x10", "12abc" or "Infinity". */
const CLEAN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export interface ParcelInput {
  /** The fields the client wrote, read-only ones dropped, clean number strings made numbers. */
  properties: Record<string, unknown>;
  /** The `version` property the client sent (the version it read), or null when it sent none. */
  version: number | null;
}

/** The client's `version` property as a version number, or null when absent or not a whole number. */
export function versionProperty(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value)) return Number(value);
  return null;
}

export function normaliseParcelInput(raw: Record<string, unknown> | null | undefined): ParcelInput {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (READ_ONLY.has(key)) continue;
    if (NUMBER_FIELDS.has(key) && typeof value === 'string' && CLEAN_NUMBER.test(value)) properties[key] = Number(value);
    else properties[key] = value;
  }
  return { properties, version: versionProperty(raw?.version) };
}
