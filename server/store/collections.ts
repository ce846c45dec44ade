/**
 * The feature collections served through OGC API – Features: which table,
 * which query parameters filter it, and how a row becomes GeoJSON properties.
 * Properties are camelCase and carry their units in their names.
 */
import type { Selectable } from 'kysely';
import { squareMetersToMu } from '../../domain/units';
import { zoneShares, type ZoneCell } from '../../domain/zoneCells';
import type { Database, SpatialTable } from '../db/schema';

export type CollectionId = 'zones' | 'parcels' | 'energy_stations' | 'energy_lines' | 'constraints';

export type QueryableType = 'string' | 'integer' | 'number';

export interface Queryable {
  /** Column in the Kysely (camelCase) schema. */
  column: string;
  type: QueryableType;
  titleEn: string;
}

export interface CollectionDescriptor {
  id: CollectionId;
  table: SpatialTable;
  /** The table's SQL (snake_case) name, for the spatial filter (server/db/dialect.ts). */
  sqlTable: string;
  titleZh: string;
  titleEn: string;
  descriptionEn: string;
  geometryType: 'polygon' | 'point' | 'linestring';
  /** Zones are addressed by their code; everything else by integer id. */
  featureIdColumn: 'id' | 'code';
  queryables: Record<string, Queryable>;
  toProperties(row: any): Record<string, unknown>;
  /**
   * The same properties as JSON text, exactly `JSON.stringify(toProperties(row))`
   * (collections.test.ts holds the two equal), written without the object: item
   * pages write one per feature and the object was most of their garbage.
   */
  toPropertiesJson?(row: any): string;
}

let lastNumber = Number.NaN;
let lastNumberJson = 'null';

/**
 * A number as JSON.stringify writes it. Formatting a double's shortest
 * round-trip digits is the dearest step of a parcel's properties, and a
 * parcel's area usually comes again at once as its zone share's and its
 * cell's, so the last one formatted is kept. (-0 and 0 both write "0".)
 */
function numberJson(v: number): string {
  if (v !== lastNumber) {
    lastNumber = v;
    lastNumberJson = Number.isFinite(v) ? `${v}` : 'null';
  }
  return lastNumberJson;
}

/**
 * A scalar as JSON.stringify writes it inside an object; undefined (a key
 * JSON.stringify leaves out) is returned as undefined.
 */
function scalarJson(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'number') return numberJson(v);
  return JSON.stringify(v);
}

/** `"key":value` for a scalar, or '' when the value is undefined (as JSON.stringify omits the key). */
function member(key: string, v: unknown): string {
  const text = scalarJson(v);
  return text === undefined ? '' : `,"${key}":${text}`;
}

/**
 * Stored zone cells written again as JSON.stringify would, formatting numbers
 * through numberJson. Cells of any other shape than `{zones: string[],
 * areaSquareMeters: number}`, in that key order, go to JSON.stringify itself.
 */
function zoneCellsJson(cells: ZoneCell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as unknown;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return JSON.stringify(cells);
    const keys = Object.keys(c);
    const { zones, areaSquareMeters } = c as ZoneCell;
    if (keys.length !== 2 || keys[0] !== 'zones' || keys[1] !== 'areaSquareMeters' || !Array.isArray(zones) || typeof areaSquareMeters !== 'number') {
      return JSON.stringify(cells);
    }
    let codes = '';
    for (let j = 0; j < zones.length; j++) {
      if (typeof zones[j] !== 'string') return JSON.stringify(cells);
      codes += `${j ? ',' : ''}${JSON.stringify(zones[j])}`;
    }
    out += `${i ? ',' : ''}{"zones":[${codes}],"areaSquareMeters":${numberJson(areaSquareMeters)}}`;
  }
  return `[${out}]`;
}

/** Parcels' properties text, in toProperties' key order (see CollectionDescriptor.toPropertiesJson). */
function parcelPropertiesJson(r: Selectable<Database['parcels']>): string {
  const cells = JSON.parse(r.zoneCells) as ZoneCell[];
  const shares = zoneShares(cells);
  let zones = '';
  let zoneCodes = '';
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i]!;
    zones += `${i ? ',' : ''}{"code":${JSON.stringify(s.code)},"areaSquareMeters":${numberJson(s.areaSquareMeters)},"fraction":${numberJson(s.fraction)},"areaMu":${numberJson(squareMetersToMu(s.areaSquareMeters))}}`;
    zoneCodes += i ? `,${s.code}` : s.code;
  }
  const body =
    member('name', r.name) +
    member('landUseCode', r.landUseCode) +
    member('status', r.status) +
    member('supplyYear', r.supplyYear) +
    member('enterprise', r.enterprise) +
    member('industryChain', r.industryChain) +
    member('investmentYi', r.investmentYi) +
    member('outputYi', r.outputYi) +
    member('factoryFloorSquareMeters', r.factoryFloorSquareMeters) +
    member('notes', r.notes) +
    member('heatCoolingDemandKilowatts', r.heatCoolingDemandKilowatts) +
    member('powerDemandKilowatts', r.powerDemandKilowatts) +
    `,"illustrative":${flag(r.illustrative)}` +
    member('version', r.version) +
    member('updatedAt', r.updatedAt) +
    member('areaSquareMeters', r.areaSquareMeters) +
    `,"areaMu":${numberJson(squareMetersToMu(r.areaSquareMeters))}` +
    `,"zones":[${zones}],"zoneCells":${zoneCellsJson(cells)},"zoneCodes":${JSON.stringify(zoneCodes)}`;
  // Every member leads with a comma; the first one's goes.
  return `{${body.slice(1)}}`;
}

const flag = (v: number) => v === 1;
const common = { name: { column: 'name', type: 'string', titleEn: 'Name' } } as const;

export const COLLECTIONS: Record<CollectionId, CollectionDescriptor> = {
  zones: {
    id: 'zones',
    table: 'zones',
    sqlTable: 'zones',
    titleZh: '园区与片区',
    titleEn: 'Zones (parks and expansion areas)',
    descriptionEn: 'Areas the plan targets are scoped to. Illustrative boundaries unless stated otherwise.',
    geometryType: 'polygon',
    featureIdColumn: 'code',
    queryables: {
      code: { column: 'code', type: 'string', titleEn: 'Zone code' },
      kind: { column: 'kind', type: 'string', titleEn: 'Zone kind' },
    },
    toProperties: (r: Selectable<Database['zones']>) => ({
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      kind: r.kind,
      illustrative: flag(r.illustrative),
      areaSquareMeters: r.areaSquareMeters,
      areaMu: squareMetersToMu(r.areaSquareMeters),
      version: r.version,
    }),
  },
  parcels: {
    id: 'parcels',
    table: 'parcels',
    sqlTable: 'parcels',
    titleZh: '地块',
    titleEn: 'Parcels',
    descriptionEn:
      'Land parcels with land-use code, status and supply year. areaSquareMeters is the ellipsoidal area on CGCS2000; zones gives the area inside each zone.',
    geometryType: 'polygon',
    featureIdColumn: 'id',
    queryables: {
      ...common,
      status: { column: 'status', type: 'string', titleEn: 'Status' },
      landUseCode: { column: 'landUseCode', type: 'string', titleEn: 'Land-use code' },
      supplyYear: { column: 'supplyYear', type: 'integer', titleEn: 'Supply year' },
      industryChain: { column: 'industryChain', type: 'string', titleEn: 'Industry chain' },
      enterprise: { column: 'enterprise', type: 'string', titleEn: 'Enterprise' },
      investmentYi: { column: 'investmentYi', type: 'number', titleEn: 'Planned investment (亿元)' },
      outputYi: { column: 'outputYi', type: 'number', titleEn: 'Annual output (亿元)' },
      factoryFloorSquareMeters: { column: 'factoryFloorSquareMeters', type: 'number', titleEn: 'Factory floor area (m²)' },
      heatCoolingDemandKilowatts: { column: 'heatCoolingDemandKilowatts', type: 'number', titleEn: 'Heat/cooling demand (kW)' },
      powerDemandKilowatts: { column: 'powerDemandKilowatts', type: 'number', titleEn: 'Power demand (kW)' },
      areaSquareMeters: { column: 'areaSquareMeters', type: 'number', titleEn: 'Ellipsoidal area (m²)' },
    },
    toProperties: (r: Selectable<Database['parcels']>) => {
      const cells = JSON.parse(r.zoneCells) as ZoneCell[];
      const shares = zoneShares(cells);
      return {
        name: r.name,
        landUseCode: r.landUseCode,
        status: r.status,
        supplyYear: r.supplyYear,
        enterprise: r.enterprise,
        industryChain: r.industryChain,
        investmentYi: r.investmentYi,
        outputYi: r.outputYi,
        factoryFloorSquareMeters: r.factoryFloorSquareMeters,
        notes: r.notes,
        heatCoolingDemandKilowatts: r.heatCoolingDemandKilowatts,
        powerDemandKilowatts: r.powerDemandKilowatts,
        illustrative: flag(r.illustrative),
        version: r.version,
        updatedAt: r.updatedAt,
        areaSquareMeters: r.areaSquareMeters,
        areaMu: squareMetersToMu(r.areaSquareMeters),
        zones: shares.map((s) => ({ ...s, areaMu: squareMetersToMu(s.areaSquareMeters) })),
        zoneCells: cells,
        // Flat text beside the JSON: QGIS 3.22's provider shows JSON-valued fields as NULL.
        zoneCodes: shares.map((s) => s.code).join(','),
      };
    },
    toPropertiesJson: parcelPropertiesJson,
  },
  energy_stations: {
    id: 'energy_stations',
    table: 'energyStations',
    sqlTable: 'energy_stations',
    titleZh: '能源站点',
    titleEn: 'Energy stations',
    descriptionEn: 'CCHP energy stations, substations, gas gate stations and storage.',
    geometryType: 'point',
    featureIdColumn: 'id',
    queryables: {
      ...common,
      kind: { column: 'kind', type: 'string', titleEn: 'Station kind' },
      status: { column: 'status', type: 'string', titleEn: 'Status' },
    },
    toProperties: (r: Selectable<Database['energyStations']>) => ({
      name: r.name,
      kind: r.kind,
      status: r.status,
      capacityMW: r.capacityMegawatts,
      thermalCapacityMW: r.thermalCapacityMegawatts,
      serviceRadiusMeters: r.serviceRadiusMeters,
      notes: r.notes,
      illustrative: flag(r.illustrative),
      zoneCodes: JSON.parse(r.zoneCodes) as string[],
      version: r.version,
    }),
  },
  energy_lines: {
    id: 'energy_lines',
    table: 'energyLines',
    sqlTable: 'energy_lines',
    titleZh: '能源管线',
    titleEn: 'Energy lines',
    descriptionEn: 'Gas trunk and branch lines and power lines.',
    geometryType: 'linestring',
    featureIdColumn: 'id',
    queryables: {
      ...common,
      kind: { column: 'kind', type: 'string', titleEn: 'Line kind' },
      status: { column: 'status', type: 'string', titleEn: 'Status' },
    },
    toProperties: (r: Selectable<Database['energyLines']>) => ({
      name: r.name,
      kind: r.kind,
      status: r.status,
      voltageKV: r.voltageKilovolts,
      notes: r.notes,
      illustrative: flag(r.illustrative),
      version: r.version,
    }),
  },
  constraints: {
    id: 'constraints',
    table: 'constraints',
    sqlTable: 'constraints',
    titleZh: '三区三线管控',
    titleEn: 'Planning constraints (三区三线)',
    descriptionEn: 'Ecological protection red line, permanent basic farmland and the urban development boundary.',
    geometryType: 'polygon',
    featureIdColumn: 'id',
    queryables: {
      ...common,
      kind: { column: 'kind', type: 'string', titleEn: 'Constraint kind' },
    },
    toProperties: (r: Selectable<Database['constraints']>) => ({
      name: r.name,
      kind: r.kind,
      illustrative: flag(r.illustrative),
      version: r.version,
    }),
  },
};

export function isCollectionId(id: string): id is CollectionId {
  return Object.hasOwn(COLLECTIONS, id);
}
