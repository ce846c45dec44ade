/**
 * From an imported file's attributes to the parcel schema (../parcel.schema.ts):
 * which source field fills which parcel field (the mapping the planner
 * confirms in the import dialog), what fills the gaps (defaults), and how
 * text values become the schema's numbers and codes. Pure: the import
 * dialog previews with it, the server commits with it.
 */
import { INDUSTRY_CHAIN_LABELS, INDUSTRY_CHAINS, PARCEL_STATUS_LABELS, PARCEL_STATUSES } from '../parcel.schema';
import { LAND_USE_CLASSES } from '../landUse';
import { shapefileFieldNames } from './propertyNames';

/** Parcel fields a file attribute can fill, in form order. */
export const MAPPABLE_PARCEL_FIELDS = [
  'name',
  'landUseCode',
  'status',
  'supplyYear',
  'enterprise',
  'industryChain',
  'investmentYi',
  'outputYi',
  'factoryFloorSquareMeters',
  'notes',
  'heatCoolingDemandKilowatts',
  'powerDemandKilowatts',
] as const;
export type MappableParcelField = (typeof MAPPABLE_PARCEL_FIELDS)[number];

/** source attribute name → parcel field. Attributes not named are not imported. */
export type FieldMapping = Record<string, MappableParcelField>;

/** Values used where the mapped attribute is missing or empty. */
export type FieldDefaults = Partial<Record<MappableParcelField, string | number | null>>;

const NUMERIC_FIELDS: ReadonlySet<MappableParcelField> = new Set([
  'supplyYear',
  'investmentYi',
  'outputYi',
  'factoryFloorSquareMeters',
  'heatCoolingDemandKilowatts',
  'powerDemandKilowatts',
]);

/** Attribute names (lower-cased) that mean a parcel field, beyond the field's own name. */
const ALIASES: Readonly<Record<string, MappableParcelField>> = {
  地块名称: 'name',
  名称: 'name',
  项目名称: 'name',
  dkmc: 'name',
  地类编码: 'landUseCode',
  用地代码: 'landUseCode',
  用地分类: 'landUseCode',
  dlbm: 'landUseCode',
  状态: 'status',
  供地状态: 'status',
  供地年份: 'supplyYear',
  年份: 'supplyYear',
  企业: 'enterprise',
  用地企业: 'enterprise',
  用地单位: 'enterprise',
  产业链: 'industryChain',
  投资: 'investmentYi',
  '投资(亿元)': 'investmentYi',
  '产值(亿元)': 'outputYi',
  备注: 'notes',
  说明: 'notes',
};

/** The shapefile short names of the parcel fields (HEATCOOLIN → heatCoolingDemandKilowatts …). */
const SHORT_NAMES: ReadonlyMap<string, MappableParcelField> = new Map(
  [...shapefileFieldNames(MAPPABLE_PARCEL_FIELDS)].map(([field, short]) => [short.toLowerCase(), field as MappableParcelField]),
);

/** The parcel field an attribute name stands for by default, or null. */
export function defaultFieldFor(attribute: string): MappableParcelField | null {
  const lower = attribute.trim().toLowerCase();
  const own = MAPPABLE_PARCEL_FIELDS.find((f) => f.toLowerCase() === lower);
  return own ?? ALIASES[lower] ?? SHORT_NAMES.get(lower) ?? null;
}

/** The default mapping for a file's attribute names: each parcel field filled by at most one attribute. */
export function defaultMapping(attributes: readonly string[]): FieldMapping {
  const mapping: FieldMapping = {};
  const taken = new Set<MappableParcelField>();
  for (const attribute of attributes) {
    const field = defaultFieldFor(attribute);
    if (field && !taken.has(field)) {
      mapping[attribute] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** Every attribute name used by any of the features, in first-seen order. */
export function attributeNames(properties: readonly Record<string, unknown>[]): string[] {
  const names = new Set<string>();
  for (const p of properties) for (const key of Object.keys(p)) names.add(key);
  return [...names];
}

/**
 * What a remembered mapping is keyed by: the format and the sorted attribute
 * names, so the next file from the same source (same export tool, same
 * columns) is offered the same mapping.
 */
export function sourceSignature(format: string, attributes: readonly string[]): string {
  return `${format}:${[...attributes].sort().join('|')}`;
}

const STATUS_BY_LABEL = new Map<string, string>(
  PARCEL_STATUSES.flatMap((s) => [
    [s, s],
    [PARCEL_STATUS_LABELS[s].zh, s],
    [PARCEL_STATUS_LABELS[s].en.toLowerCase(), s],
  ]),
);
const CHAIN_BY_LABEL = new Map<string, string>(
  INDUSTRY_CHAINS.flatMap((s) => [
    [s, s],
    [INDUSTRY_CHAIN_LABELS[s].zh, s],
    [INDUSTRY_CHAIN_LABELS[s].en.toLowerCase(), s],
  ]),
);
const LAND_USE_BY_NAME = new Map<string, string>(LAND_USE_CLASSES.map((c) => [c.nameZh, c.code]));

/** A source value as the parcel field expects it: numbers from text, codes from labels; empty → null. */
export function coerceFieldValue(field: MappableParcelField, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (NUMERIC_FIELDS.has(field)) {
    if (typeof value === 'number') return value;
    const n = Number(String(value).trim());
    return Number.isFinite(n) ? n : value;
  }
  const text = String(value).trim();
  if (field === 'status') return STATUS_BY_LABEL.get(text) ?? STATUS_BY_LABEL.get(text.toLowerCase()) ?? text;
  if (field === 'industryChain') return CHAIN_BY_LABEL.get(text) ?? CHAIN_BY_LABEL.get(text.toLowerCase()) ?? text;
  if (field === 'landUseCode') return LAND_USE_BY_NAME.get(text) ?? text;
  return text;
}

/** Parcel status for imports that carry none: 规划 (planned), which counts only as pipeline. */
export const DEFAULT_IMPORT_STATUS = 'planned';

/**
 * The parcel properties (not yet validated) of one imported feature: mapped
 * attributes, then defaults where empty, then a status of `planned` and a
 * name from the file's parcel code (or `fallbackName`) where still empty.
 */
export function mapProperties(
  source: Readonly<Record<string, unknown>>,
  mapping: FieldMapping,
  defaults: FieldDefaults = {},
  fallbackName = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [attribute, field] of Object.entries(mapping)) {
    const value = coerceFieldValue(field, source[attribute]);
    if (value !== null) out[field] = value;
  }
  for (const [field, value] of Object.entries(defaults) as [MappableParcelField, unknown][]) {
    if ((out[field] === undefined || out[field] === null) && value !== null && value !== undefined && value !== '') {
      out[field] = coerceFieldValue(field, value);
    }
  }
  out.status ??= DEFAULT_IMPORT_STATUS;
  if (out.name === undefined || out.name === null) {
    const code = source.parcelCode;
    out.name = typeof code === 'string' && code.trim() !== '' ? code.trim() : fallbackName;
  }
  out.illustrative = false;
  return out;
}
