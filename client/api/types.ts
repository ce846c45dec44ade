/**
 * Shapes of the server's responses as the client uses them. Property names
 * follow the API (camelCase, units in names).
 */
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { ConstraintProperties } from '$domain/constraint.schema';
import type { LineProperties, StationProperties } from '$domain/energy.schema';
import type { Comparator, EnterpriseFilter, Metric, Plan } from '$domain/target.schema';
import type { FigureLevels } from '$domain/targetWords';
import type { MetricUnit } from '$domain/units';
import type { ZoneProperties } from '$domain/zone.schema';
import type { ServedParcelProperties } from '$domain/servedFeatures.schema';

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

export interface Meta {
  illustrative: boolean;
  provenanceZh: string;
  provenanceEn: string;
}

/** A target's figures as GET /api/plans/{id}/tally serves them, with the plan's words for them. */
export interface TargetTally extends FigureLevels {
  code: string;
  labelZh: string;
  labelEn: string;
  metric: Metric;
  unit: MetricUnit;
  comparator: Comparator;
  floor: number;
  stretch: number | null;
  secured: number;
  pipeline: number;
  remaining: number;
  met: boolean;
  stretchMet: boolean | null;
  source: string | null;
  notes: string | null;
  definition: {
    zoneCodes: string[];
    landUseCodes: string[];
    securedStatuses: string[];
    pipelineStatuses: string[];
    stationKinds: string[];
    supplyYearFrom: number | null;
    supplyYearTo: number | null;
    /** Enterprise metrics only: which enterprises count, how, and the statistics year counted. */
    enterpriseFilter?: EnterpriseFilter;
    rule?: { zh: string; en: string };
    countedYear?: number | null;
  };
}

export interface Tally {
  plan: Plan;
  computedAt: string;
  targets: TargetTally[];
}
