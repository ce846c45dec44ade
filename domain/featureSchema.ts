/**
 * OGC API – Features Part 5 schemas generated from the zod schemas the
 * server validates with, so a client's field types are the server's.
 *
 * Shaped for what QGIS reads (qgsoapifschemarequest.cpp): each property has
 * one `type` string (a nullable field is not typed `["number","null"]`,
 * which QGIS would turn into a text field — a property not listed in
 * `required` may be null), `readOnly`, `x-ogc-propertySeq` for the order,
 * and the geometry is a property without `type` whose `x-ogc-role` is
 * `primary-geometry` and whose `format` names the geometry type.
 */
import { z } from 'zod';

export type GeometryFormat =
  | 'geometry-point'
  | 'geometry-linestring-or-multilinestring'
  | 'geometry-polygon-or-multipolygon';

/** GeoJSON geometry types each format admits. */
export const GEOMETRY_FORMAT_TYPES: Record<GeometryFormat, readonly string[]> = {
  'geometry-point': ['Point'],
  'geometry-linestring-or-multilinestring': ['LineString', 'MultiLineString'],
  'geometry-polygon-or-multipolygon': ['Polygon', 'MultiPolygon'],
};

export interface FeatureSchemaSource {
  /** Properties as served; fields the server computes are marked with `.meta({ readOnly: true })`. */
  properties: z.ZodObject;
  /** Fields a client may write but only the server sets (e.g. `illustrative`), beyond those marked in `properties`. */
  readOnly?: readonly string[];
  geometryFormat: GeometryFormat;
  idType: 'integer' | 'string';
}

/**
 * The unit a property's name carries (STYLE: units live in names). UCUM
 * symbols where UCUM has one; 亩 and 亿元 are named as the planners write them.
 */
export function unitOfName(name: string): string | null {
  const suffixes: [RegExp, string][] = [
    [/SquareMeters$/, 'm2'],
    [/Mu$/, '亩'],
    [/Kilowatts$/, 'kW'],
    [/MW$/, 'MW'],
    [/KV$/, 'kV'],
    [/Meters$/, 'm'],
    [/Yi$/, '亿元'],
  ];
  for (const [pattern, unit] of suffixes) if (pattern.test(name)) return unit;
  return null;
}

type JsonSchema = Record<string, unknown>;

/** `anyOf: [T, {type: null}]` (zod's nullable) as T alone, without zod's `default`. */
function collapseNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const { default: _default, anyOf, ...rest } = schema;
  if (Array.isArray(anyOf)) {
    const nonNull = (anyOf as JsonSchema[]).filter((s) => s.type !== 'null');
    if (nonNull.length === 1 && nonNull.length < anyOf.length) return { schema: { ...rest, ...nonNull[0] }, nullable: true };
    rest.anyOf = anyOf;
  }
  return { schema: rest, nullable: false };
}

/** The Part 5 schema of a collection's features ("returnables"). */
export function featureJsonSchema(source: FeatureSchemaSource, meta: { id: string; title: string }): JsonSchema {
  const generated = z.toJSONSchema(source.properties, { io: 'output', unrepresentable: 'any' }) as { properties: Record<string, JsonSchema> };
  const readOnly = new Set(source.readOnly ?? []);
  const properties: Record<string, JsonSchema> = {
    id: { type: source.idType, title: 'Feature id', readOnly: true, 'x-ogc-role': 'id', 'x-ogc-propertySeq': 1 },
  };
  const required: string[] = ['id'];
  let seq = 2;
  for (const [name, raw] of Object.entries(generated.properties)) {
    const { schema, nullable } = collapseNullable(raw);
    const out: JsonSchema = { ...schema, 'x-ogc-propertySeq': seq++ };
    if (readOnly.has(name)) out.readOnly = true;
    const unit = unitOfName(name);
    if (unit && (out.type === 'number' || out.type === 'integer')) out['x-ogc-unit'] = unit;
    properties[name] = out;
    if (!nullable) required.push(name);
  }
  properties.geometry = { format: source.geometryFormat, 'x-ogc-role': 'primary-geometry', 'x-ogc-propertySeq': seq };
  required.push('geometry');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: meta.id,
    title: meta.title,
    type: 'object',
    required,
    properties,
  };
}

/** The queryables document (Part 3): the named properties of the feature schema, typed the same way. */
export function queryablesJsonSchema(featureSchema: JsonSchema, names: readonly string[], meta: { id: string; title: string }): JsonSchema {
  const all = featureSchema.properties as Record<string, JsonSchema>;
  const properties: Record<string, JsonSchema> = {};
  for (const name of names) {
    const p = all[name];
    if (!p) continue;
    const { readOnly: _r, 'x-ogc-propertySeq': _s, ...rest } = p;
    properties[name] = rest;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: meta.id,
    title: meta.title,
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
