/**
 * On PostgreSQL + PostGIS: the official area agrees with PostGIS's
 * ST_Area(geography) on the CGCS2000 spheroid (EPSG:4490) to 1e-6, and the
 * PostGIS geometry follows every write.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../domain/area';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/testDatabase';

describe.skipIf(POSTGRES_URL === null)('PostGIS agreement (runs when DATABASE_URL is PostgreSQL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.dispose());

  it('parcel and zone areas equal ST_Area(geography) to 1e-6 relative', async () => {
    for (const table of ['parcels', 'zones']) {
      const rows = await sql<{ id: number; stored: number; postgis: number; geometry: string }>`
        SELECT id, area_square_meters AS stored, ST_Area(geom::geography, true) AS postgis, geometry FROM ${sql.table(table)}`.execute(t.db);
      expect(rows.rows.length).toBeGreaterThan(5);
      for (const r of rows.rows) {
        expect(Math.abs(r.stored - r.postgis) / r.postgis, `${table} ${r.id}`).toBeLessThan(1e-6);
        expect(r.stored).toBeCloseTo(areaSquareMeters(JSON.parse(r.geometry)), 6);
      }
    }
  });

  it('the PostGIS column is CGCS2000 (4490) and follows updates of the GeoJSON', async () => {
    const srid = await sql<{ srid: number }>`SELECT DISTINCT ST_SRID(geom) AS srid FROM parcels`.execute(t.db);
    expect(srid.rows.map((r) => r.srid)).toEqual([4490]);
    await sql`UPDATE parcels SET geometry = ${JSON.stringify({ type: 'Polygon', coordinates: [[[107.3, 29.3], [107.301, 29.3], [107.301, 29.301], [107.3, 29.3]]] })} WHERE id = 1`.execute(t.db);
    const moved = await sql<{ x: number }>`SELECT ST_XMin(geom) AS x FROM parcels WHERE id = 1`.execute(t.db);
    expect(moved.rows[0]!.x).toBeCloseTo(107.3, 9);
  });
});
