/**
 * The loaded layers in the shapes domain/parcel.rules.ts and zoneCells.ts
 * take, so the browser checks a draft with the same code the server runs on
 * save. Neighbours are pre-filtered by bounding box (the server does the same
 * with its R*Tree).
 */
import { bbox as turfBbox } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ConstraintShape, Neighbour } from '$domain/parcel.rules';
import type { ZoneShape } from '$domain/zoneCells';
import type { Collections } from '../api/types';

type Poly = Polygon | MultiPolygon;
type Box = [number, number, number, number];

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const boxOf = (g: Poly) => turfBbox(g) as Box;

export function zoneShapesOf(collections: Collections): ZoneShape[] {
  return collections.zones.features.map((z) => ({ code: z.properties.code, geometry: z.geometry }));
}

export function neighboursOf(collections: Collections, geometry: Poly, excludeIds: ReadonlySet<string>): Neighbour[] {
  const box = boxOf(geometry);
  return collections.parcels.features
    .filter((f) => !excludeIds.has(String(f.id)) && f.geometry && overlaps(box, boxOf(f.geometry)))
    .map((f) => ({ id: f.id ?? '', name: f.properties.name, geometry: f.geometry }));
}

export function constraintsOf(collections: Collections, geometry: Poly): ConstraintShape[] {
  const box = boxOf(geometry);
  return collections.constraints.features
    .filter((f) => f.properties.kind === 'urban_development_boundary' || overlaps(box, boxOf(f.geometry)))
    .map((f) => ({ id: f.id ?? '', name: f.properties.name, kind: f.properties.kind, geometry: f.geometry }));
}
