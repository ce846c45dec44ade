/** Parcel rows: written with their official area, bbox and zone cells. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { areaSquareMeters } from '../../domain/area';
import type { ParcelProperties } from '../../domain/parcel.schema';
import { computeZoneCells, type ZoneShape } from '../../domain/zoneCells';
import type { Database } from '../db/schema';
import { bboxColumns, nowIso } from './spatial';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertParcel(
  db: Executor,
  properties: ParcelProperties,
  geometry: Polygon | MultiPolygon,
  zones: readonly ZoneShape[],
): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('parcels')
    .values({
      name: properties.name,
      landUseCode: properties.landUseCode,
      status: properties.status,
      supplyYear: properties.supplyYear,
      enterprise: properties.enterprise,
      industryChain: properties.industryChain,
      investmentYi: properties.investmentYi,
      outputYi: properties.outputYi,
      factoryFloorSquareMeters: properties.factoryFloorSquareMeters,
      notes: properties.notes,
      heatCoolingDemandKilowatts: properties.heatCoolingDemandKilowatts,
      powerDemandKilowatts: properties.powerDemandKilowatts,
      illustrative: properties.illustrative ? 1 : 0,
      geometry: JSON.stringify(geometry),
      ...bboxColumns(geometry),
      areaSquareMeters: areaSquareMeters(geometry),
      zoneCells: JSON.stringify(computeZoneCells(geometry, zones)),
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
