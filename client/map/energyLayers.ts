/**
 * The energy layer as a decision tool: each station's service area as a
 * true geodesic circle (domain/siting/geodesicCircle.ts, not turf.circle's
 * sphere), the parcels a selected station reaches (or no station reaches),
 * the siting answer's suggested sites with their circles, and the candidate
 * sites the planner placed. Feature builders are pure; the add/set functions
 * are the only MapLibre calls.
 */
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import { geodesicCircle } from '$domain/siting/geodesicCircle';
import { STATION_KINDS } from '$domain/energy.schema';
import { CANDIDATE_COLOR, REACH_COLOR, SUGGESTED_SITE_COLOR, UNCOVERED_COLOR } from '../energyPalette';
import { SELECTION_COLOR, STATION_KIND_COLORS } from '../palette';
import { LAYER_IDS } from './layers';
import { FEATURE_ID_PROPERTY, SOURCE_IDS } from './sources';

export const ENERGY_SOURCE_IDS = {
  serviceAreas: 'll-energy-service-areas',
  suggestedSites: 'll-energy-suggested-sites',
  suggestedAreas: 'll-energy-suggested-areas',
  candidates: 'll-energy-candidates',
} as const;

export const ENERGY_LAYER_IDS = {
  serviceAreaFill: 'energy-service-areas-fill',
  serviceAreaLine: 'energy-service-areas-line',
  reachFill: 'energy-reach-fill',
  reachLine: 'energy-reach-line',
  uncoveredLine: 'energy-uncovered-line',
  stationSelected: 'energy-station-selected',
  suggestedAreaLine: 'energy-suggested-areas-line',
  suggestedSites: 'energy-suggested-sites',
  candidates: 'energy-candidates',
} as const;

export interface StationLike {
  id: string | number | undefined;
  position: Position;
  kind: string;
  status: string;
  serviceRadiusMeters: number | null;
}

/** One geodesic service-area polygon per station with a radius. */
export function serviceAreaCollection(stations: readonly StationLike[]): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: stations
      .filter((s) => s.serviceRadiusMeters !== null && s.serviceRadiusMeters > 0)
      .map((s) => ({
        type: 'Feature',
        geometry: geodesicCircle(s.position, s.serviceRadiusMeters!),
        properties: { [FEATURE_ID_PROPERTY]: String(s.id ?? ''), kind: s.kind, status: s.status, radiusMeters: s.serviceRadiusMeters, center: [...s.position] },
      })),
  };
}

export interface SiteLike {
  id: string;
  position: Position;
}

export function suggestedSiteCollection(sites: readonly SiteLike[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((s, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [...s.position] }, properties: { siteId: s.id, rank: i + 1 } })),
  };
}

export function suggestedAreaCollection(sites: readonly SiteLike[], radiusMeters: number): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: sites.map((s) => ({ type: 'Feature', geometry: geodesicCircle(s.position, radiusMeters), properties: { siteId: s.id, radiusMeters } })),
  };
}

export function candidateCollection(positions: readonly Position[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: positions.map((p, i): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p[0]!, p[1]!] }, properties: { index: i } })),
  };
}

export const idFilter = (ids: readonly string[]): ExpressionSpecification => ['in', ['get', FEATURE_ID_PROPERTY], ['literal', [...ids]]];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Adds the energy sources and layers (once). Service areas and parcel
 * highlights go under the energy lines; suggested sites and candidates on top.
 * `parcelSourceLayer` is set when parcels come from vector tiles.
 */
export function addEnergyLayers(map: MapLibreMap, parcelSourceLayer: string | null): void {
  for (const id of Object.values(ENERGY_SOURCE_IDS)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
  const under = map.getLayer(LAYER_IDS.linePower) ? LAYER_IDS.linePower : undefined;
  const parcelSource = parcelSourceLayer ? { source: SOURCE_IDS.parcels, 'source-layer': parcelSourceLayer } : { source: SOURCE_IDS.parcels };
  const stationColors = ['match', ['get', 'kind'], ...STATION_KINDS.flatMap((k) => [k, STATION_KIND_COLORS[k]]), '#555555'] as unknown as ExpressionSpecification;
  const add = (layer: Parameters<MapLibreMap['addLayer']>[0], before?: string) => {
    if (!map.getLayer(layer.id)) map.addLayer(layer, before);
  };
  // Only the selected station's area is filled: a translucent fill of every circle would cover most of
  // the park at z14 and cost a full-screen blend each on a software renderer (bigmap.e2e.test.ts).
  add(
    {
      id: ENERGY_LAYER_IDS.serviceAreaFill,
      type: 'fill',
      source: ENERGY_SOURCE_IDS.serviceAreas,
      filter: idFilter([]),
      paint: { 'fill-color': stationColors, 'fill-opacity': 0.08 },
    },
    under,
  );
  add(
    {
      id: ENERGY_LAYER_IDS.serviceAreaLine,
      type: 'line',
      source: ENERGY_SOURCE_IDS.serviceAreas,
      paint: {
        'line-color': stationColors,
        'line-width': 1.6,
        // Operating stations' areas solid-looking, planned ones fainter; dashes mark a planning figure.
        'line-opacity': ['match', ['get', 'status'], 'operating', 0.95, 'under_construction', 0.8, 0.6],
        'line-dasharray': [4, 2],
      },
    },
    under,
  );
  add({ id: ENERGY_LAYER_IDS.reachFill, type: 'fill', ...parcelSource, filter: idFilter([]), paint: { 'fill-color': REACH_COLOR, 'fill-opacity': 0.45 } }, under);
  add({ id: ENERGY_LAYER_IDS.reachLine, type: 'line', ...parcelSource, filter: idFilter([]), paint: { 'line-color': REACH_COLOR, 'line-width': 1.5 } }, under);
  add(
    { id: ENERGY_LAYER_IDS.uncoveredLine, type: 'line', ...parcelSource, filter: idFilter([]), paint: { 'line-color': UNCOVERED_COLOR, 'line-width': 2.2 } },
    under,
  );
  add({
    id: ENERGY_LAYER_IDS.stationSelected,
    type: 'circle',
    source: SOURCE_IDS.energy_stations,
    filter: idFilter([]),
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 8, 15, 14], 'circle-color': 'transparent', 'circle-stroke-color': SELECTION_COLOR, 'circle-stroke-width': 3 },
  });
  add({
    id: ENERGY_LAYER_IDS.suggestedAreaLine,
    type: 'line',
    source: ENERGY_SOURCE_IDS.suggestedAreas,
    paint: { 'line-color': SUGGESTED_SITE_COLOR, 'line-width': 2, 'line-dasharray': [2, 2] },
  });
  add({
    id: ENERGY_LAYER_IDS.suggestedSites,
    type: 'circle',
    source: ENERGY_SOURCE_IDS.suggestedSites,
    paint: { 'circle-radius': 7, 'circle-color': SUGGESTED_SITE_COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
  });
  add({
    id: ENERGY_LAYER_IDS.candidates,
    type: 'circle',
    source: ENERGY_SOURCE_IDS.candidates,
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': CANDIDATE_COLOR, 'circle-stroke-width': 2 },
  });
}

export function setEnergyData(map: MapLibreMap, sourceId: string, data: FeatureCollection): void {
  map.getSource<GeoJSONSource>(sourceId)?.setData(data);
}

export function setEnergyFilter(map: MapLibreMap, layerIds: readonly string[], ids: readonly string[]): void {
  for (const id of layerIds) if (map.getLayer(id)) map.setFilter(id, idFilter(ids));
}

export function setEnergyVisibility(map: MapLibreMap, layerIds: readonly string[], visible: boolean): void {
  for (const id of layerIds) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}
