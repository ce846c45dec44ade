/**
 * Finds places in the seeded geodata for write tests: an empty spot inside a
 * zone (no parcel, no constraint), a spot on the red line, on farmland, and
 * outside the urban development boundary — from the data, not hard-coded
 * coordinates, so the tests survive a regenerated seed.
 */
import { bbox as turfBbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { checkParcelRules } from '../../domain/parcel.rules';
import { computeZoneCells } from '../../domain/zoneCells';

type Poly = Polygon | MultiPolygon;

/** A square of `sideDegrees` centred on a point, counter-clockwise. */
export function squareAt(lon: number, lat: number, sideDegrees = 0.0005): Polygon {
  const h = sideDegrees / 2;
  return { type: 'Polygon', coordinates: [[[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]] };
}

export interface SeedLayers {
  zones: FeatureCollection<Poly>;
  parcels: FeatureCollection<Poly>;
  constraints: FeatureCollection<Poly>;
}

export async function loadSeedLayers(get: (path: string) => Promise<Response>): Promise<SeedLayers> {
  const [zones, parcels, constraints] = await Promise.all(
    ['zones', 'parcels', 'constraints'].map(async (c) => (await get(`/ogc/collections/${c}/items?limit=10000`)).json()),
  );
  return { zones, parcels, constraints };
}

/** An empty square inside `zoneCode` that passes every rule with no warning. */
export function emptySpotInZone(layers: SeedLayers, zoneCode: string, sideDegrees = 0.0005): Polygon {
  const zone = layers.zones.features.find((z) => z.id === zoneCode)!;
  const [minX, minY, maxX, maxY] = turfBbox(zone);
  const zoneShapes = layers.zones.features.map((z) => ({ code: String(z.id), geometry: z.geometry }));
  const neighbours = layers.parcels.features.map((f) => ({ id: f.id!, name: String(f.properties!.name), geometry: f.geometry }));
  const constraints = layers.constraints.features.map((f) => ({ id: f.id!, name: String(f.properties!.name), kind: f.properties!.kind, geometry: f.geometry }));
  for (let y = minY! + sideDegrees; y < maxY! - sideDegrees; y += sideDegrees * 1.5) {
    for (let x = minX! + sideDegrees; x < maxX! - sideDegrees; x += sideDegrees * 1.5) {
      const square = squareAt(x, y, sideDegrees);
      if (!square.coordinates[0]!.every((p) => booleanPointInPolygon(p, zone))) continue;
      const result = checkParcelRules(square, { neighbours, constraints, zoneCells: computeZoneCells(square, zoneShapes) });
      if (result.errors.length === 0 && result.warnings.length === 0) return square;
    }
  }
  throw new Error(`no empty spot in ${zoneCode}`);
}

export function constraintOfKind(layers: SeedLayers, kind: string): Feature<Poly> {
  return layers.constraints.features.find((f) => f.properties!.kind === kind)!;
}

/** A small square well inside a constraint polygon. */
export function spotInside(feature: Feature<Poly>): Polygon {
  const p = pointOnFeature(feature).geometry.coordinates;
  return squareAt(p[0]!, p[1]!, 0.0003);
}
