/** Geometry helpers the stores share: bbox columns and zone membership. */
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ZoneShape } from '../../domain/zoneCells';

export interface BboxColumns {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bboxColumns(geometry: Geometry): BboxColumns {
  const [minX, minY, maxX, maxY] = turfBbox(geometry);
  return { minX: minX!, minY: minY!, maxX: maxX!, maxY: maxY! };
}

export async function loadZoneShapes(db: Kysely<Database>): Promise<ZoneShape[]> {
  const rows = await db.selectFrom('zones').select(['code', 'geometry']).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon }));
}

/** Codes of the zones containing a point (boundary counts as inside). */
export function zonesContainingPoint(point: Point, zones: readonly ZoneShape[]): string[] {
  return zones.filter((z) => booleanPointInPolygon(point, z.geometry)).map((z) => z.code);
}

export function nowIso(): string {
  return new Date().toISOString();
}
