/**
 * The thematic layers, bottom to top: constraints, zones, parcels, energy
 * lines, energy stations. Each layer belongs to one LayerKey so the layer
 * panel can show or hide it as a group.
 */
import type { AddLayerObject, ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { INDUSTRY_CHAINS, PARCEL_STATUSES } from '$domain/parcel.schema';
import { STATION_KINDS, STATION_STATUSES } from '$domain/energy.schema';
import {
  CONSTRAINT_COLORS,
  EFFICIENCY_COLORS,
  EFFICIENCY_UNLINKED_COLOR,
  INDUSTRY_CHAIN_COLORS,
  INDUSTRY_UNSET_COLOR,
  LINE_KIND_COLORS,
  PARCEL_STATUS_COLORS,
  SELECTION_COLOR,
  type ParcelEfficiencyKey,
  STATION_KIND_COLORS,
  STATION_STATUS_FILL_OPACITY,
  ZONE_KIND_COLORS,
} from '../palette';
import type { LayerKey, ParcelColorMode } from '../state/layerSettings.svelte';
import { addRedLineHatch, hexToRgb, RED_LINE_HATCH_IMAGE } from './hatchPattern';
import { FEATURE_ID_PROPERTY, SOURCE_IDS } from './sources';

export const LAYER_IDS = {
  farmlandFill: 'constraints-farmland-fill',
  farmlandLine: 'constraints-farmland-line',
  redLineFill: 'constraints-red-line-fill',
  redLineLine: 'constraints-red-line-line',
  urbanBoundaryLine: 'constraints-urban-boundary-line',
  zoneFill: 'zones-fill',
  zoneFeaturedLine: 'zones-featured-line',
  zoneExpansionLine: 'zones-expansion-line',
  zoneOtherLine: 'zones-other-line',
  parcelFill: 'parcels-fill',
  parcelLine: 'parcels-line',
  parcelSelected: 'parcels-selected',
  lineGasTrunk: 'energy-lines-gas-trunk',
  lineGasBranch: 'energy-lines-gas-branch',
  linePower: 'energy-lines-power',
  stations: 'energy-stations',
} as const;

/** Map layers per layer-panel toggle (zone labels are markers, not layers). */
export const LAYER_GROUPS: Record<Exclude<LayerKey, 'zoneLabels'>, string[]> = {
  constraints: [
    LAYER_IDS.farmlandFill,
    LAYER_IDS.farmlandLine,
    LAYER_IDS.redLineFill,
    LAYER_IDS.redLineLine,
    LAYER_IDS.urbanBoundaryLine,
  ],
  zones: [LAYER_IDS.zoneFill, LAYER_IDS.zoneFeaturedLine, LAYER_IDS.zoneExpansionLine, LAYER_IDS.zoneOtherLine],
  parcels: [LAYER_IDS.parcelFill, LAYER_IDS.parcelLine, LAYER_IDS.parcelSelected],
  energyLines: [LAYER_IDS.lineGasTrunk, LAYER_IDS.lineGasBranch, LAYER_IDS.linePower],
  energyStations: [LAYER_IDS.stations],
};

function matchColor(property: string, colors: Record<string, string>, fallback: string): ExpressionSpecification {
  const pairs = Object.entries(colors).flat();
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/**
 * Fill colour by parcel id (the llId every parcel feature carries, GeoJSON or
 * tiled): one match arm per key listing its parcels; unlisted parcels take
 * the fallback. A plain colour when nothing is listed (match needs an arm).
 */
function colorByParcelId(keys: ReadonlyMap<string, ParcelEfficiencyKey>): ExpressionSpecification | string {
  const groups = new Map<ParcelEfficiencyKey, string[]>();
  for (const [id, key] of keys) {
    const list = groups.get(key);
    if (list) list.push(id);
    else groups.set(key, [id]);
  }
  if (groups.size === 0) return EFFICIENCY_UNLINKED_COLOR;
  const arms = [...groups].flatMap(([key, ids]) => [ids, EFFICIENCY_COLORS[key]]);
  return ['match', ['get', FEATURE_ID_PROPERTY], ...arms, EFFICIENCY_UNLINKED_COLOR] as unknown as ExpressionSpecification;
}

/** Fill colour of parcels for a colour mode (efficiency: the parcels' keys from state/efficiencyMap.svelte.ts). */
export function parcelFillColor(mode: ParcelColorMode, efficiency: ReadonlyMap<string, ParcelEfficiencyKey> = new Map()): ExpressionSpecification | string {
  if (mode === 'efficiency') return colorByParcelId(efficiency);
  if (mode === 'industry') {
    const colors = Object.fromEntries(INDUSTRY_CHAINS.map((c) => [c, INDUSTRY_CHAIN_COLORS[c]]));
    return matchColor('industryChain', colors, INDUSTRY_UNSET_COLOR);
  }
  const colors = Object.fromEntries(PARCEL_STATUSES.map((s) => [s, PARCEL_STATUS_COLORS[s]]));
  return matchColor('status', colors, '#cccccc');
}

/** Filter for the selection outline: only the parcel with this id. */
export function selectedParcelFilter(parcelId: string | null): ExpressionSpecification {
  return ['==', ['get', FEATURE_ID_PROPERTY], parcelId ?? '\u0000none'];
}

const kindIs = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

function buildLayers(colorMode: ParcelColorMode): AddLayerObject[] {
  const stationColors = Object.fromEntries(STATION_KINDS.map((k) => [k, STATION_KIND_COLORS[k]]));
  const stationOpacity = [
    'match',
    ['get', 'status'],
    ...STATION_STATUSES.flatMap((s) => [s, STATION_STATUS_FILL_OPACITY[s]]),
    1,
  ] as unknown as ExpressionSpecification;
  const plannedDimmed: ExpressionSpecification = ['case', ['==', ['get', 'status'], 'planned'], 0.55, 1];

  return [
    // 三区三线 constraints
    {
      id: LAYER_IDS.farmlandFill,
      type: 'fill',
      source: SOURCE_IDS.constraints,
      filter: kindIs('permanent_basic_farmland'),
      paint: { 'fill-color': CONSTRAINT_COLORS.permanent_basic_farmland, 'fill-opacity': 0.18 },
    },
    {
      id: LAYER_IDS.farmlandLine,
      type: 'line',
      source: SOURCE_IDS.constraints,
      filter: kindIs('permanent_basic_farmland'),
      paint: { 'line-color': CONSTRAINT_COLORS.permanent_basic_farmland, 'line-width': 1, 'line-opacity': 0.7 },
    },
    {
      id: LAYER_IDS.redLineFill,
      type: 'fill',
      source: SOURCE_IDS.constraints,
      filter: kindIs('ecological_red_line'),
      paint: { 'fill-pattern': RED_LINE_HATCH_IMAGE, 'fill-opacity': 0.9 },
    },
    {
      id: LAYER_IDS.redLineLine,
      type: 'line',
      source: SOURCE_IDS.constraints,
      filter: kindIs('ecological_red_line'),
      paint: { 'line-color': CONSTRAINT_COLORS.ecological_red_line, 'line-width': 1.6 },
    },
    {
      id: LAYER_IDS.urbanBoundaryLine,
      type: 'line',
      source: SOURCE_IDS.constraints,
      filter: kindIs('urban_development_boundary'),
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': CONSTRAINT_COLORS.urban_development_boundary,
        'line-width': 1.8,
        'line-dasharray': [4, 3],
      },
    },
    // Zones (parks and expansion areas)
    {
      id: LAYER_IDS.zoneFill,
      type: 'fill',
      source: SOURCE_IDS.zones,
      paint: {
        'fill-color': matchColor('kind', ZONE_KIND_COLORS, ZONE_KIND_COLORS.other),
        'fill-opacity': ['match', ['get', 'kind'], 'featured_park', 0.07, 'expansion_area', 0.05, 0.03],
      },
    },
    {
      id: LAYER_IDS.zoneOtherLine,
      type: 'line',
      source: SOURCE_IDS.zones,
      filter: ['!', ['in', ['get', 'kind'], ['literal', ['featured_park', 'expansion_area']]]],
      paint: { 'line-color': ZONE_KIND_COLORS.other, 'line-width': 1.2 },
    },
    {
      id: LAYER_IDS.zoneExpansionLine,
      type: 'line',
      source: SOURCE_IDS.zones,
      filter: kindIs('expansion_area'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ZONE_KIND_COLORS.expansion_area, 'line-width': 2.2, 'line-dasharray': [3, 1.5] },
    },
    {
      id: LAYER_IDS.zoneFeaturedLine,
      type: 'line',
      source: SOURCE_IDS.zones,
      filter: kindIs('featured_park'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ZONE_KIND_COLORS.featured_park, 'line-width': 2.6 },
    },
    // Parcels
    {
      id: LAYER_IDS.parcelFill,
      type: 'fill',
      source: SOURCE_IDS.parcels,
      paint: { 'fill-color': parcelFillColor(colorMode), 'fill-opacity': 0.78 },
    },
    {
      id: LAYER_IDS.parcelLine,
      type: 'line',
      source: SOURCE_IDS.parcels,
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.4, 15, 1.4] },
    },
    {
      id: LAYER_IDS.parcelSelected,
      type: 'line',
      source: SOURCE_IDS.parcels,
      filter: selectedParcelFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': SELECTION_COLOR, 'line-width': 3.5 },
    },
    // Energy lines: power under gas, trunk over branch
    {
      id: LAYER_IDS.linePower,
      type: 'line',
      source: SOURCE_IDS.energy_lines,
      filter: kindIs('power_line'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': LINE_KIND_COLORS.power_line,
        'line-width': 2,
        'line-dasharray': [6, 2, 1, 2],
        'line-opacity': plannedDimmed,
      },
    },
    {
      id: LAYER_IDS.lineGasBranch,
      type: 'line',
      source: SOURCE_IDS.energy_lines,
      filter: kindIs('gas_branch'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': LINE_KIND_COLORS.gas_branch, 'line-width': 2, 'line-opacity': plannedDimmed },
    },
    {
      id: LAYER_IDS.lineGasTrunk,
      type: 'line',
      source: SOURCE_IDS.energy_lines,
      filter: kindIs('gas_trunk'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': LINE_KIND_COLORS.gas_trunk, 'line-width': 4, 'line-opacity': plannedDimmed },
    },
    // Energy stations: colour = kind, fill opacity = status (hollow when planned)
    {
      id: LAYER_IDS.stations,
      type: 'circle',
      source: SOURCE_IDS.energy_stations,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 9],
        'circle-color': matchColor('kind', stationColors, '#555555'),
        'circle-opacity': stationOpacity,
        'circle-stroke-color': matchColor('kind', stationColors, '#555555'),
        'circle-stroke-width': 2,
      },
    },
  ];
}

/** Adds the hatch image and every thematic layer (once); `parcelSourceLayer` when parcels come from vector tiles. */
export function addThematicLayers(map: MapLibreMap, colorMode: ParcelColorMode, parcelSourceLayer: string | null = null): void {
  addRedLineHatch(map, hexToRgb(CONSTRAINT_COLORS.ecological_red_line));
  for (const layer of buildLayers(colorMode)) {
    const tiled = parcelSourceLayer !== null && 'source' in layer && layer.source === SOURCE_IDS.parcels;
    if (!map.getLayer(layer.id)) map.addLayer(tiled ? ({ ...layer, 'source-layer': parcelSourceLayer } as AddLayerObject) : layer);
  }
}

export function setLayerGroupVisibility(map: MapLibreMap, key: keyof typeof LAYER_GROUPS, visible: boolean): void {
  for (const id of LAYER_GROUPS[key]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
