/**
 * The year slider on the map: the parcel source shows the ledger as it stood
 * at the end of a year (GET /api/snapshot), or the ledger now. Only a GeoJSON
 * parcel source can be swapped; when parcels come as vector tiles
 * (parcelTiles.ts) the map keeps showing today's parcels and this says so.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { OgcFeatureCollection, ParcelFeature } from '../api/types';
import { FEATURE_ID_PROPERTY, SOURCE_IDS } from './sources';

/** The same llId convention as sources.ts, so filters and picking work on the snapshot too. */
function withIdProperty(collection: OgcFeatureCollection<ParcelFeature>): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features
      .filter((f) => f.geometry !== null)
      .map(
        (f): Feature => ({
          type: 'Feature',
          id: typeof f.id === 'number' ? f.id : undefined,
          geometry: f.geometry,
          properties: { ...f.properties, [FEATURE_ID_PROPERTY]: f.id === undefined ? '' : String(f.id) },
        }),
      ),
  };
}

/** Puts `parcels` into the parcel source; false when the source is not GeoJSON (tiled) or missing. */
export function setParcelSourceData(map: MapLibreMap, parcels: OgcFeatureCollection<ParcelFeature>): boolean {
  const source = map.getSource<GeoJSONSource>(SOURCE_IDS.parcels);
  if (!source || source.type !== 'geojson') return false;
  source.setData(withIdProperty(parcels));
  return true;
}
