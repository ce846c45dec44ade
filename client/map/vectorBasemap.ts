/**
 * Land Ledger's own style for a vector PMTiles basemap: quiet land, water,
 * green space, roads, buildings and boundaries, so parcels and zones stay the
 * loudest thing on the map. It reads both common schemas — Protomaps
 * (earth, landuse, landcover, water, roads, buildings, boundaries) and
 * OpenMapTiles (landcover, landuse, park, water, waterway, transportation,
 * building, boundary); layers an archive lacks simply draw nothing. No labels:
 * an offline workstation has no glyph server.
 */
import type { LayerSpecification } from 'maplibre-gl';

export const VECTOR_BASEMAP_COLORS = {
  land: '#f3f1ec',
  green: '#dfe8d3',
  water: '#b5d0e3',
  building: '#e4dfd6',
  road: '#ffffff',
  roadCasing: '#d8d1c4',
  boundary: '#9a8fa8',
} as const;

const C = VECTOR_BASEMAP_COLORS;
const GREEN_KINDS = ['park', 'forest', 'wood', 'grass', 'farmland', 'meadow', 'scrub', 'nature_reserve', 'golf_course', 'cemetery', 'orchard'];
const MAJOR_ROADS = ['highway', 'major_road', 'motorway', 'trunk', 'primary', 'secondary'];

/** The basemap's layers over vector source `source`, ids prefixed `basemap-v-` (removed as one with the basemap). */
export function vectorBasemapLayers(source: string): LayerSpecification[] {
  const fill = (id: string, sourceLayer: string, color: string, filter?: unknown): LayerSpecification =>
    ({ id: `basemap-v-${id}`, type: 'fill', source, 'source-layer': sourceLayer, paint: { 'fill-color': color }, ...(filter ? { filter } : {}) }) as LayerSpecification;
  const line = (id: string, sourceLayer: string, paint: Record<string, unknown>, filter?: unknown): LayerSpecification =>
    ({ id: `basemap-v-${id}`, type: 'line', source, 'source-layer': sourceLayer, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint, ...(filter ? { filter } : {}) }) as LayerSpecification;
  const kindIn = (key: string, values: string[]) => ['in', ['get', key], ['literal', values]];
  const width = (minor: number, major: number) => ['interpolate', ['exponential', 1.6], ['zoom'], 10, minor, 18, major];
  return [
    fill('earth', 'earth', C.land),
    fill('landcover', 'landcover', C.green),
    fill('landuse-green', 'landuse', C.green, ['any', kindIn('kind', GREEN_KINDS), kindIn('class', GREEN_KINDS)]),
    fill('park', 'park', C.green),
    fill('water', 'water', C.water),
    line('waterway', 'waterway', { 'line-color': C.water, 'line-width': width(0.5, 4) }),
    fill('buildings', 'buildings', C.building),
    fill('building', 'building', C.building),
    line('roads-casing', 'roads', { 'line-color': C.roadCasing, 'line-width': width(1.5, 14) }),
    line('roads', 'roads', { 'line-color': C.road, 'line-width': width(0.8, 11) }),
    line('roads-major', 'roads', { 'line-color': C.road, 'line-width': width(1.5, 16) }, kindIn('kind', MAJOR_ROADS)),
    line('transportation-casing', 'transportation', { 'line-color': C.roadCasing, 'line-width': width(1.5, 14) }),
    line('transportation', 'transportation', { 'line-color': C.road, 'line-width': width(0.8, 11) }),
    line('boundaries', 'boundaries', { 'line-color': C.boundary, 'line-width': 1, 'line-dasharray': [3, 2] }),
    line('boundary', 'boundary', { 'line-color': C.boundary, 'line-width': 1, 'line-dasharray': [3, 2] }),
  ];
}
