/**
 * Each collection's feature properties as the server serves them
 * (server/store/collections.ts toProperties): the schema writes are
 * validated with, plus the fields the server computes, marked read-only.
 * The Part 5 schema, the queryables, the OpenAPI document and the client's
 * feature types (client/api/types.ts) all come from these.
 */
import { z } from 'zod';
import { constraintPropertiesSchema } from './constraint.schema';
import { linePropertiesSchema, stationPropertiesSchema } from './energy.schema';
import type { FeatureSchemaSource } from './featureSchema';
import { parcelPropertiesSchema } from './parcel.schema';
import { zonePropertiesSchema } from './zone.schema';

export type ServedCollectionId = 'zones' | 'parcels' | 'energy_stations' | 'energy_lines' | 'constraints';

const readOnly = <T extends z.ZodType>(schema: T, title: string) => schema.meta({ readOnly: true, title });
const version = readOnly(z.number().int().min(1), 'Version (changes on every write)');
const areaSquareMeters = readOnly(z.number().nonnegative(), 'Ellipsoidal area on CGCS2000 (m²)');
const areaMu = readOnly(z.number().nonnegative(), 'Area (亩)');

export const servedParcelSchema = parcelPropertiesSchema.extend({
  version,
  updatedAt: readOnly(z.iso.datetime({ offset: true }), 'Last written'),
  areaSquareMeters,
  areaMu,
  zones: readOnly(
    z.array(z.object({ code: z.string(), areaSquareMeters: z.number(), fraction: z.number(), areaMu: z.number() })),
    'Area inside each zone',
  ),
  zoneCells: readOnly(z.array(z.object({ zones: z.array(z.string()), areaSquareMeters: z.number() })), 'Zone cells'),
  zoneCodes: readOnly(z.string(), 'Zones with area of this parcel, comma-separated (e.g. "A2,B1")'),
});
export type ServedParcelProperties = z.output<typeof servedParcelSchema>;

export const SERVED_SCHEMAS: Record<ServedCollectionId, FeatureSchemaSource> = {
  parcels: {
    properties: servedParcelSchema,
    readOnly: ['illustrative'],
    geometryFormat: 'geometry-polygon-or-multipolygon',
    idType: 'integer',
  },
  zones: {
    properties: zonePropertiesSchema.extend({ areaSquareMeters, areaMu, version }),
    readOnly: ['illustrative'],
    geometryFormat: 'geometry-polygon-or-multipolygon',
    idType: 'string',
  },
  energy_stations: {
    properties: stationPropertiesSchema.extend({
      zoneCodes: readOnly(z.array(z.string()), 'Zones containing the station'),
      version,
    }),
    readOnly: ['illustrative'],
    geometryFormat: 'geometry-point',
    idType: 'integer',
  },
  energy_lines: {
    properties: linePropertiesSchema.extend({ version }),
    readOnly: ['illustrative'],
    geometryFormat: 'geometry-linestring-or-multilinestring',
    idType: 'integer',
  },
  constraints: {
    properties: constraintPropertiesSchema.extend({ version }),
    readOnly: ['illustrative'],
    geometryFormat: 'geometry-polygon-or-multipolygon',
    idType: 'integer',
  },
};
