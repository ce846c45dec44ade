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
  /** Peak heat/cooling demand entered by a planner, kW; null = estimate from the intensity table. */
  heatCoolingDemandKilowatts: ColumnType<number | null, number | null | undefined, number | null>;
  /** Peak power demand entered by a planner, kW. */
  powerDemandKilowatts: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Admin-editable settings as JSON (e.g. the demand intensity table). */
export interface SettingsTable {
  key: string;
  value: string;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: string;
}

export interface EnergyStationsTable extends SpatialColumns {
  id: Generated<number>;
  name: string;
  kind: string;
  status: string;
  /** Electrical capacity, MWe. */
  capacityMegawatts: number | null;
  /** Thermal (heating/cooling) capacity, MWth; null for an electrical-only station. */
  thermalCapacityMegawatts: number | null;
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
  /** Bumped on every write; ETag "plans-{id}-v{version}" (migration 0004). */
  version: ColumnType<number, number | undefined, number>;
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
  /** Bumped on every write; ETag "targets-{planId}-{code}-v{version}" (migration 0004). */
  version: ColumnType<number, number | undefined, number>;
}

export type Role = 'viewer' | 'editor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** scrypt$N$r$p$saltBase64$hashBase64 (server/auth/password.ts). */
  passwordHash: string;
  role: Role;
  disabled: Flag;
  createdAt: string;
}

export interface SessionsTable {
  /** SHA-256 of the session token (the cookie holds the token itself). */
  tokenHash: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  name: string;
  /** SHA-256 of the token; the token is shown once, at creation. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** After this instant the token is refused; null: until revoked (migration 0007). */
  expiresAt: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Every write, in the same transaction as the write: who, when, what, before and after. */
export interface ChangesTable {
  id: Generated<number>;
  collection: string;
  featureId: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  /** The feature's version after the change (before it, for a delete). */
  version: number;
  userId: number | null;
  username: string;
  at: string;
  /** GeoJSON Feature text, or null for a create. */
  before: string | null;
  /** GeoJSON Feature text, or null for a delete. */
  after: string | null;
  /** The edit (planner action) this change is part of (migration 0008). */
  editId: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One planner action: every change of its transaction points to it (migration 0008). */
export interface EditsTable {
  id: Generated<number>;
  /** create | update | delete | restore | merge | split | import | undo | seed | … */
  kind: string;
  userId: number | null;
  username: string;
  at: string;
  /** The edit this one undid (kind 'undo'). */
  undoes: number | null;
  /** The undo edit that reversed this one, once undone. */
  undoneBy: number | null;
}

/** An import preview (issue 6): the parsed, validated features of one upload, kept a day. */
export interface ImportsTable {
  /** Random, unguessable (UUID). */
  id: string;
  userId: number | null;
  username: string;
  createdAt: string;
  expiresAt: string;
  fileName: string;
  format: string;
  /** The CRS the file's coordinates were read in (features are stored in lon/lat). */
  crs: string;
  /** Format plus the sorted attribute names: the key a remembered field mapping is stored under. */
  sourceSignature: string;
  /** JSON: the preview body's features (lon/lat geometry, properties, validation). */
  features: string;
  status: 'preview' | 'committed';
}

/** The enterprise register (migration 0010). Parcels link by id in enterprise_parcels (migration 0011). */
export interface EnterprisesTable {
  id: Generated<number>;
  name: string;
  /** 统一社会信用代码, checked against GB 32100-2015 before it is stored; null when unknown. */
  creditCode: string | null;
  industryChain: string | null;
  /** above_scale (规上) | below_scale (规下). */
  scale: string;
  /** JSON EnterpriseTag[] (domain/enterprise.ts). */
  tags: string;
  notes: string | null;
  /** Floor rented in standard factory buildings, m² (migration 0011); null = none or unknown. */
  rentedFloorSquareMeters: ColumnType<number | null, number | null | undefined, number | null>;
  /** Bumped on every write; ETag "enterprises-{id}-v{version}". */
  version: ColumnType<number, number | undefined, number>;
  updatedAt: string;
}

/** One enterprise's figures for one year (migration 0010); units in the names, null = not reported. */
export interface EnterpriseStatisticsTable {
  enterpriseId: number;
  year: number;
  outputYi: number | null;
  revenueYi: number | null;
  taxYi: number | null;
  valueAddedYi: number | null;
  energyTce: number | null;
  rdYi: number | null;
  employees: number | null;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: string;
}

/** Which enterprise occupies a parcel (migration 0011): at most one per parcel, by id. */
export interface EnterpriseParcelsTable {
  parcelId: number;
  enterpriseId: number;
}

/** A statistics upload (migration 0011): its table as read, kept a day for previews and one commit. */
export interface StatisticsImportsTable {
  id: string;
  userId: number | null;
  username: string;
  createdAt: string;
  expiresAt: string;
  fileName: string;
  format: string;
  /** JSON string[]. */
  header: string;
  /** JSON { line, cells }[]. */
  rows: string;
  status: 'preview' | 'committed';
}

/** A project (项目库, migration 0011). */
export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  enterpriseId: number | null;
  signedInvestmentYi: number | null;
  plannedInvestmentYi: number | null;
  /** JSON Milestones (domain/project.ts): planned and actual ISO dates per milestone. */
  milestones: string;
  /** JSON FundsInPlace (domain/project.ts): 资金到位 per year, 亿元 (migration 0012). */
  fundsInPlaceYi: ColumnType<string, string | undefined, string>;
  notes: string | null;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: string;
}

/** Which project a parcel belongs to (migration 0011): at most one per parcel. */
export interface ProjectParcelsTable {
  parcelId: number;
  projectId: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  changes: ChangesTable;
  edits: EditsTable;
  settings: SettingsTable;
  zones: ZonesTable;
  parcels: ParcelsTable;
  energyStations: EnergyStationsTable;
  energyLines: EnergyLinesTable;
  constraints: ConstraintsTable;
  plans: PlansTable;
  targets: TargetsTable;
  imports: ImportsTable;
  enterprises: EnterprisesTable;
  enterpriseStatistics: EnterpriseStatisticsTable;
  enterpriseParcels: EnterpriseParcelsTable;
  statisticsImports: StatisticsImportsTable;
  projects: ProjectsTable;
  projectParcels: ProjectParcelsTable;
}

export type SpatialTable = 'zones' | 'parcels' | 'energyStations' | 'energyLines' | 'constraints';
