/**
 * GeoJSON sources, one per OGC collection. Each feature gets an `llId`
 * property (String(feature.id)): MapLibre drops non-integer feature ids, and
 * the API's ids may be strings, so filters and clicks use `llId` instead.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { CollectionId, Collections } from '../api/types';
import { parcelVectorSource } from './parcelTiles';

export const SOURCE_IDS: Record<CollectionId, string> = {
  zones: 'll-zones',
  parcels: 'll-parcels',
  energy_stations: 'll-energy-stations',
  energy_lines: 'll-energy-lines',
  constraints: 'll-constraints',
};

/** Property carrying the feature id as a string on rendered features. */
export const FEATURE_ID_PROPERTY = 'llId';

function withIdProperty(collection: FeatureCollection): FeatureCollection {
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

/**
 * Adds every source, or replaces its data if it is already there. With
 * `parcelTilesOrigin`, parcels come from vector tiles on that origin instead
 * (parcelTiles.ts) and their GeoJSON is not used.
 */
export function setCollectionSources(map: MapLibreMap, collections: Collections, parcelTilesOrigin: string | null = null): void {
  for (const [collectionId, sourceId] of Object.entries(SOURCE_IDS) as [CollectionId, string][]) {
    if (collectionId === 'parcels' && parcelTilesOrigin !== null) {
      if (!map.getSource(sourceId)) map.addSource(sourceId, parcelVectorSource(parcelTilesOrigin, 0));
      continue;
    }
    const data = withIdProperty(collections[collectionId] as FeatureCollection);
    const existing = map.getSource<GeoJSONSource>(sourceId);
    if (existing) existing.setData(data);
    else map.addSource(sourceId, { type: 'geojson', data });
  }
}
