/**
 * Each collection's properties as served (store/collections.ts
 * toProperties): the domain schema the server validates writes with, plus
 * the fields the server computes, marked read-only. The Part 5 schema and
 * the queryables are generated from these (domain/featureSchema.ts).
 */
import { z } from 'zod';
import { constraintPropertiesSchema } from '../../domain/constraint.schema';
import { linePropertiesSchema, stationPropertiesSchema } from '../../domain/energy.schema';
import type { FeatureSchemaSource } from '../../domain/featureSchema';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import { zonePropertiesSchema } from '../../domain/zone.schema';
import type { CollectionId } from './collections';

const readOnly = <T extends z.ZodType>(schema: T, title: string) => schema.meta({ readOnly: true, title });
const version = readOnly(z.number().int().min(1), 'Version (changes on every write)');
const areaSquareMeters = readOnly(z.number().nonnegative(), 'Ellipsoidal area on CGCS2000 (m²)');
const areaMu = readOnly(z.number().nonnegative(), 'Area (亩)');

export const SERVED_SCHEMAS: Record<CollectionId, FeatureSchemaSource> = {
  parcels: {
    properties: parcelPropertiesSchema.extend({
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
    }),
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
