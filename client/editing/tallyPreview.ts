/**
 * What saving the draft would do to the dashboard: the plan's targets tallied
 * (domain/tally.ts) over the loaded parcels, then again with the draft in
 * place of the parcels it replaces. Only targets that move are returned.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from '$domain/area';
import type { ParcelProperties } from '$domain/parcel.schema';
import { tallyTargets, type TallyParcel, type TallyStation } from '$domain/tally';
import type { TargetDefinition } from '$domain/target.schema';
import type { MetricUnit } from '$domain/units';
import { computeZoneCells, type ZoneShape } from '$domain/zoneCells';
import type { ParcelFeature, StationFeature } from '../api/types';

export interface PreviewRow {
  code: string;
  labelZh: string;
  labelEn: string;
  unit: MetricUnit;
  securedBefore: number;
  securedAfter: number;
  pipelineBefore: number;
  pipelineAfter: number;
}

/**
 * Changes smaller than the dashboard shows (half its last decimal: 0.05 亩,
 * 0.5 m², 0.005 亿元) are not a change to the planner; they are rounding of
 * the same shape re-read from the map.
 */
const SHOWN_RESOLUTION: Record<MetricUnit, number> = { mu: 0.05, m2: 0.5, yi_yuan: 0.005, count: 0.5, enterprises: 0.5 };

export function tallyParcelOf(feature: ParcelFeature): TallyParcel | null {
  const p = feature.properties;
  if (!p.zoneCells) return null;
  return {
    id: String(feature.id),
    landUseCode: p.landUseCode,
    status: p.status,
    supplyYear: p.supplyYear,
    investmentYi: p.investmentYi,
    outputYi: p.outputYi,
    factoryFloorSquareMeters: p.factoryFloorSquareMeters,
    areaSquareMeters: p.areaSquareMeters,
    zoneCells: p.zoneCells,
  };
}

export function tallyStationOf(feature: StationFeature): TallyStation {
  const p = feature.properties as StationFeature['properties'] & { zoneCodes?: string[] };
  return { id: String(feature.id), kind: p.kind, status: p.status, zoneCodes: p.zoneCodes ?? [] };
}

/** The draft as the tally sees it, its zone cells computed against the loaded zones. */
export function draftTallyParcel(
  id: string,
  geometry: Polygon | MultiPolygon,
  properties: Pick<ParcelProperties, 'landUseCode' | 'status' | 'supplyYear' | 'investmentYi' | 'outputYi' | 'factoryFloorSquareMeters'>,
  zones: readonly ZoneShape[],
): TallyParcel {
  return {
    id,
    ...properties,
    areaSquareMeters: areaSquareMeters(geometry),
    zoneCells: computeZoneCells(geometry, zones),
  };
}

export function previewTally(input: {
  definitions: readonly TargetDefinition[];
  parcels: readonly TallyParcel[];
  stations: readonly TallyStation[];
  /** Parcels the draft replaces (the one being edited, those merged into it). */
  replacedIds: ReadonlySet<string>;
  drafts: readonly TallyParcel[];
}): PreviewRow[] {
  const before = tallyTargets(input.definitions, input.parcels, input.stations);
  const kept = input.parcels.filter((p) => !input.replacedIds.has(String(p.id)));
  const after = tallyTargets(input.definitions, [...kept, ...input.drafts], input.stations);
  const rows: PreviewRow[] = [];
  input.definitions.forEach((definition, i) => {
    const b = before[i]!;
    const a = after[i]!;
    const same = SHOWN_RESOLUTION[b.unit];
    if (Math.abs(a.secured - b.secured) < same && Math.abs(a.pipeline - b.pipeline) < same) return;
    rows.push({
      code: definition.code,
      labelZh: definition.labelZh,
      labelEn: definition.labelEn,
      unit: b.unit,
      securedBefore: b.secured,
      securedAfter: a.secured,
      pipelineBefore: b.pipeline,
      pipelineAfter: a.pipeline,
    });
  });
  return rows;
}
