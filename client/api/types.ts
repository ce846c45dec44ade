/**
 * Shapes of the server's responses as the client uses them. Property names
 * follow the API (camelCase, units in names).
 */
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { ConstraintProperties } from '$domain/constraint.schema';
import type { LineProperties, StationProperties } from '$domain/energy.schema';
import type { ZoneProperties } from '$domain/zone.schema';
import type { ServedParcelProperties } from '$domain/servedFeatures.schema';
import type { z } from 'zod';
import type { metaSchema } from '$domain/api/changes.schema';

export type FeatureId = string | number;

export interface MeasuredProperties {
  areaSquareMeters: number;
  areaMu: number;
}

export type ZoneFeatureProperties = ZoneProperties & MeasuredProperties;

/** A parcel's properties as the server serves them (domain/servedFeatures.schema.ts). */
export type ParcelFeatureProperties = ServedParcelProperties;

type Areal = Polygon | MultiPolygon;

export type ZoneFeature = Feature<Areal, ZoneFeatureProperties>;
export type ParcelFeature = Feature<Areal, ParcelFeatureProperties>;
export type StationFeature = Feature<Point, StationProperties>;
export type LineFeature = Feature<LineString | MultiLineString, LineProperties>;
export type ConstraintFeature = Feature<Areal, ConstraintProperties>;

export interface OgcFeatureCollection<F extends Feature> extends FeatureCollection<F['geometry'], F['properties']> {
  features: F[];
  numberMatched?: number;
  numberReturned?: number;
}

export interface Collections {
  zones: OgcFeatureCollection<ZoneFeature>;
  parcels: OgcFeatureCollection<ParcelFeature>;
  energy_stations: OgcFeatureCollection<StationFeature>;
  energy_lines: OgcFeatureCollection<LineFeature>;
  constraints: OgcFeatureCollection<ConstraintFeature>;
}

export type CollectionId = keyof Collections;
export const COLLECTION_IDS = ['zones', 'parcels', 'energy_stations', 'energy_lines', 'constraints'] as const satisfies readonly CollectionId[];

/** GET /api/meta as the server sends it (domain/api/changes.schema.ts). */
export type Meta = z.output<typeof metaSchema>;

/** The tally's shapes are the server's own (domain/api/tally.schema.ts). */
export type { TargetTally, Tally } from '$domain/api/tally.schema';
