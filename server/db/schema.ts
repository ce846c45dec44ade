/**
 * The whole database schema as one Kysely `Database` interface. Column names
 * are camelCase here and snake_case in SQL (Kysely's CamelCasePlugin).
 * Geometry is stored as GeoJSON text (lon/lat, CGCS2000) beside its bbox
 * columns; each spatial table has an R*Tree twin (`<table>_rtree`) kept in
 * step by triggers (migrations.ts).
 */
import type { ColumnType, Generated } from 'kysely';

/** 0/1: SQLite has no boolean. */
type Flag = number;

interface SpatialColumns {
  /** GeoJSON geometry text, lon/lat degrees (EPSG:4490 ≈ CRS84). */
  geometry: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: string;
}

export interface ZonesTable extends SpatialColumns {
  id: Generated<number>;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  illustrative: Flag;
  areaSquareMeters: number;
}

export interface ParcelsTable extends SpatialColumns {
  id: Generated<number>;
  name: string;
  landUseCode: string;
  status: string;
  supplyYear: number | null;
  enterprise: string | null;
  industryChain: string | null;
  investmentYi: number | null;
  outputYi: number | null;
  factoryFloorSquareMeters: number | null;
  notes: string | null;
  illustrative: Flag;
  /** Official ellipsoidal area (domain/area.ts), m². */
  areaSquareMeters: number;
  /** JSON ZoneCell[] (domain/zoneCells.ts). */
  zoneCells: string;
  createdAt: string;
}

export interface EnergyStationsTable extends SpatialColumns {
  id: Generated<number>;
  name: string;
  kind: string;
  status: string;
  capacityMegawatts: number | null;
  serviceRadiusMeters: number | null;
  notes: string | null;
  illustrative: Flag;
  /** JSON string[]: zones the station's point lies in. */
  zoneCodes: string;
}

export interface EnergyLinesTable extends SpatialColumns {
  id: Generated<number>;
  name: string;
  kind: string;
  status: string;
  voltageKilovolts: number | null;
  notes: string | null;
  illustrative: Flag;
}

export interface ConstraintsTable extends SpatialColumns {
  id: Generated<number>;
  name: string;
  kind: string;
  illustrative: Flag;
}

export interface PlansTable {
  id: string;
  nameZh: string;
  nameEn: string;
  periodStart: number;
  periodEnd: number;
  sourceDocument: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TargetsTable {
  id: Generated<number>;
  planId: string;
  code: string;
  /** Display order within the plan. */
  position: number;
  /** JSON TargetDefinition (domain/target.schema.ts). */
  definition: string;
  retired: Flag;
  createdAt: string;
  updatedAt: string;
}

export interface Database {
  zones: ZonesTable;
  parcels: ParcelsTable;
  energyStations: EnergyStationsTable;
  energyLines: EnergyLinesTable;
  constraints: ConstraintsTable;
  plans: PlansTable;
  targets: TargetsTable;
}

export type SpatialTable = 'zones' | 'parcels' | 'energyStations' | 'energyLines' | 'constraints';
