/**
 * Parcel property names across formats: the ≤10-character dBase names used in
 * shapefiles, and the value types of known properties, so formats that only
 * carry text (CSV, KML ExtendedData) give back numbers and booleans.
 */

/**
 * camelCase property → shapefile field name (dBase allows 10 characters).
 * Properties not listed are shortened by shapefileFieldNames() and, on
 * reading, keep their short name.
 */
export const SHAPEFILE_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  id: 'ID',
  parcelCode: 'PARCELCODE',
  name: 'NAME',
  landUseCode: 'LANDUSE',
  landUseDescription: 'LANDUSEDSC',
  status: 'STATUS',
  supplyYear: 'SUPPLYYEAR',
  enterprise: 'ENTERPRISE',
  industryChain: 'INDCHAIN',
  investmentYi: 'INVESTYI',
  outputYi: 'OUTPUTYI',
  factoryFloorSquareMeters: 'FACTFLRM2',
  notes: 'NOTES',
  illustrative: 'ILLUSTR',
  sheetNumber: 'SHEETNO',
  statedAreaHectares: 'STATEDHA',
  computedAreaHectares: 'AREAHA',
  areaDifferenceRelative: 'AREADIFREL',
  areaSquareMeters: 'AREAM2',
  areaMu: 'AREAMU',
  zoneCode: 'ZONECODE',
  layer: 'LAYER',
});

const LONG_NAME_BY_FIELD = new Map(Object.entries(SHAPEFILE_FIELD_NAMES).map(([long, short]) => [short, long]));

/** Common Chinese land-survey field names (pinyin initials) read as our properties. */
const SURVEY_FIELD_ALIASES: Readonly<Record<string, string>> = {
  DKBH: 'parcelCode',
  DKMC: 'name',
  DLBM: 'landUseCode',
  DLMC: 'landUseDescription',
  TFH: 'sheetNumber',
};

/** The property name for a shapefile field: our own short names and 国土 survey names map back, others stay. */
export function propertyNameForField(field: string): string {
  const upper = field.toUpperCase();
  return LONG_NAME_BY_FIELD.get(upper) ?? SURVEY_FIELD_ALIASES[upper] ?? field;
}

/**
 * Field names for property keys: the fixed mapping where listed, otherwise
 * the key uppercased, stripped to A–Z0–9_ and cut to 10 characters, with a
 * numeric suffix when two keys collide. Returns property → field.
 */
export function shapefileFieldNames(keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    let base = SHAPEFILE_FIELD_NAMES[key] ?? key.replace(/[^A-Za-z0-9_]/g, '').toUpperCase().slice(0, 10);
    if (base === '' || /^[0-9_]/.test(base)) base = `F${base}`.slice(0, 10);
    let name = base;
    for (let n = 1; used.has(name); n++) name = `${base.slice(0, 10 - String(n).length)}${n}`;
    used.add(name);
    out.set(key, name);
  }
  return out;
}

/** Known numeric properties (the unit is in the name). */
const NUMBER_PROPERTIES = new Set([
  'supplyYear',
  'investmentYi',
  'outputYi',
  'factoryFloorSquareMeters',
  'statedAreaHectares',
  'computedAreaHectares',
  'areaDifferenceRelative',
  'areaSquareMeters',
  'areaMu',
]);
const BOOLEAN_PROPERTIES = new Set(['illustrative']);

/**
 * Types a text value by its property name: known numeric and boolean
 * properties are converted, everything else stays text (land-use and parcel
 * codes like "0802" must keep their leading zero). Empty text is null.
 */
export function typedPropertyValue(name: string, text: string | null | undefined): string | number | boolean | null {
  if (text === null || text === undefined || text === '') return null;
  if (NUMBER_PROPERTIES.has(name)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (BOOLEAN_PROPERTIES.has(name)) {
    if (/^(true|1|t|yes|是)$/i.test(text)) return true;
    if (/^(false|0|f|no|否)$/i.test(text)) return false;
  }
  return text;
}

/** A property value as text for text-only formats; null and undefined become ''. */
export function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
