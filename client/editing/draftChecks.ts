/**
 * The draft against the loaded layers: the server's save rules
 * (domain/parcel.rules.ts) and the dashboard preview (tallyPreview.ts), as
 * plain functions the editor derives from its state.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { checkParcelRules, type RuleResult } from '$domain/parcel.rules';
import type { ParcelProperties } from '$domain/parcel.schema';
import type { TargetDefinition } from '$domain/target.schema';
import { computeZoneCells } from '$domain/zoneCells';
import type { Collections } from '../api/types';
import { formToInput, type ParcelFormValues } from './parcelForm';
import { constraintsOf, neighboursOf, zoneShapesOf } from './ruleContext';
import { draftTallyParcel, previewTally, tallyParcelOf, tallyStationOf, type PreviewRow } from './tallyPreview';

type Poly = Polygon | MultiPolygon;

export function draftRules(collections: Collections, geometry: Poly, replacedIds: ReadonlySet<string>, previousGeometry: Poly | null = null): RuleResult {
  return checkParcelRules(geometry, {
    previousGeometry,
    neighbours: neighboursOf(collections, geometry, replacedIds),
    constraints: constraintsOf(collections, geometry),
    zoneCells: computeZoneCells(geometry, zoneShapesOf(collections)),
  });
}

type TalliedFields = Pick<ParcelProperties, 'landUseCode' | 'status' | 'supplyYear' | 'investmentYi' | 'outputYi' | 'factoryFloorSquareMeters'>;

/** The form's figures for the preview, even while other fields are still invalid. */
function lenientProperties(form: ParcelFormValues): TalliedFields {
  const input = formToInput(form);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    landUseCode: String(input.landUseCode) as ParcelProperties['landUseCode'],
    status: String(input.status) as ParcelProperties['status'],
    supplyYear: num(input.supplyYear),
    investmentYi: num(input.investmentYi),
    outputYi: num(input.outputYi),
    factoryFloorSquareMeters: num(input.factoryFloorSquareMeters),
  };
}

export function draftPreview(input: {
  collections: Collections;
  definitions: readonly TargetDefinition[];
  shapes: readonly Poly[];
  form: ParcelFormValues;
  replacedIds: ReadonlySet<string>;
}): PreviewRow[] {
  const zones = zoneShapesOf(input.collections);
  const props = lenientProperties(input.form);
  try {
    return previewTally({
      definitions: input.definitions,
      parcels: input.collections.parcels.features.map(tallyParcelOf).filter((p) => p !== null),
      stations: input.collections.energy_stations.features.map(tallyStationOf),
      replacedIds: input.replacedIds,
      drafts: input.shapes.map((g, i) => draftTallyParcel(`draft-${i}`, g, props, zones)),
    });
  } catch {
    // A half-drawn shape that turf cannot clip yet: no preview until it is valid.
    return [];
  }
}
