/**
 * A zone edit recomputes the zone cells of every parcel near the old and the
 * new boundary (zones.write.ts), ~10–50 ms a parcel on the seed and ~1 s for
 * a 20,000-vertex one, inside the edit's transaction. The route works them
 * out in the pool first, against the zone set the edit will leave; the store
 * uses a parcel's result only when the zone set it reads inside the
 * transaction is that same set (compared by a hash of its JSON) and the
 * parcel's stored geometry is the same text. Otherwise it computes, as before.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { validatePolygonGeometry } from '../../domain/geometry.validation';
import type { ZoneCell, ZoneShape } from '../../domain/zoneCells';
import { bboxIntersects } from '../db/dialect';
import type { Database } from '../db/schema';
import { bboxColumns, loadZoneShapes } from '../store/spatial';
import { jobEvents, runJob } from './pool';

type Poly = Polygon | MultiPolygon;

export interface PrecomputedZoneCells {
  zonesKey: string;
  /** Cells by the parcel's stored geometry text. */
  byGeometry: Map<string, ZoneCell[]>;
}

export function zonesKeyOf(zones: readonly ZoneShape[]): string {
  return createHash('sha256').update(JSON.stringify(zones)).digest('base64');
}

/** The pooled cells, when they were worked out against exactly `zones`. */
export function reusableZoneCells(precomputed: PrecomputedZoneCells | undefined, zones: readonly ZoneShape[]): Map<string, ZoneCell[]> | undefined {
  if (!precomputed || precomputed.zonesKey !== zonesKeyOf(zones)) return undefined;
  jobEvents.emit('reuse', 'zoneCells');
  return precomputed.byGeometry;
}

/**
 * Cells of the parcels a zone edit will recompute, against the zone set it
 * will leave: zone `code` with `geometry` (null: deleted), its old boundary
 * `previousGeometry` (null: new zone). Undefined when nothing is to recompute
 * or the geometry is invalid (the store refuses it).
 */
export async function precomputeZoneCells(
  db: Kysely<Database>,
  change: { code: string; geometry: unknown | null; previousGeometry: Poly | null },
): Promise<PrecomputedZoneCells | undefined> {
  let next: Poly | null = null;
  if (change.geometry !== null) {
    const validation = validatePolygonGeometry(change.geometry);
    if (!validation.valid) return undefined;
    next = validation.geometry;
  }
  const boxes = [change.previousGeometry, next].filter((g): g is Poly => g !== null).map((g) => bboxColumns(g));
  if (boxes.length === 0) return undefined;
  const rows = await db
    .selectFrom('parcels')
    .select('geometry')
    .where((eb) => eb.or(boxes.map((b) => bboxIntersects(db, 'parcels', [b.minX, b.minY, b.maxX, b.maxY]))))
    .execute();
  if (rows.length === 0) return undefined;
  // The set loadZoneShapes will read inside the transaction: by code, the edited zone as it will be stored.
  const zones: ZoneShape[] = (await loadZoneShapes(db)).filter((z) => z.code !== change.code);
  if (next) zones.push({ code: change.code, geometry: JSON.parse(JSON.stringify(next)) as Poly });
  zones.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const geometries = rows.map((r) => r.geometry);
  const cells = await runJob('zoneCellsOfParcels', { geometries, zones });
  return { zonesKey: zonesKeyOf(zones), byGeometry: new Map(geometries.map((g, i) => [g, cells[i]!])) };
}
