/**
 * The map's data: the five OGC collections and the data notice (/api/meta).
 * Each collection loads independently, so one failing still shows the rest
 * (and the failure is listed in `errors`).
 */
import { fetchCollection, fetchMeta } from '../api/endpoints';
import { COLLECTION_IDS, type CollectionId, type Collections, type Meta, type ParcelFeature, type ZoneFeature } from '../api/types';
import { toLoadError, type LoadError } from './loadError';
import { probeParcelTiling, type ParcelTiling } from './parcelTiling';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

function emptyCollections(): Collections {
  const empty = () => ({ type: 'FeatureCollection' as const, features: [] });
  return { zones: empty(), parcels: empty(), energy_stations: empty(), energy_lines: empty(), constraints: empty() };
}

export class MapData {
  collections = $state.raw<Collections>(emptyCollections());
  meta = $state.raw<Meta | null>(null);
  status = $state<LoadStatus>('idle');
  errors = $state.raw<LoadError[]>([]);
  /** Whether the map draws parcels from vector tiles (too many for GeoJSON); then `collections.parcels` holds only parcels read one by one. */
  parcelTiling = $state.raw<ParcelTiling>({ count: null, tiled: false });

  /** Parcels by String(feature.id), for the details panel. */
  readonly parcelsById = $derived(
    new Map<string, ParcelFeature>(this.collections.parcels.features.map((f) => [String(f.id), f])),
  );

  /** Zones by code, for naming a parcel's zone shares. */
  readonly zonesByCode = $derived(
    new Map<string, ZoneFeature>(this.collections.zones.features.map((f) => [f.properties.code, f])),
  );

  /** Illustrative unless the server says otherwise (and until it has). */
  readonly illustrative = $derived(this.meta?.illustrative ?? this.status !== 'ready');

  /** Puts a parcel read after a write (ours or another planner's) into the data, replacing its old version. */
  upsertParcel(feature: ParcelFeature): void {
    const id = String(feature.id);
    const features = this.collections.parcels.features;
    const index = features.findIndex((f) => String(f.id) === id);
    const next = index === -1 ? [...features, feature] : features.map((f, i) => (i === index ? feature : f));
    this.collections = { ...this.collections, parcels: { ...this.collections.parcels, features: next } };
  }

  removeParcel(id: string): void {
    const features = this.collections.parcels.features.filter((f) => String(f.id) !== id);
    if (features.length === this.collections.parcels.features.length) return;
    this.collections = { ...this.collections, parcels: { ...this.collections.parcels, features } };
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.errors = [];
    const errors: LoadError[] = [];
    const collections = emptyCollections();

    const metaTask = fetchMeta().then(
      (meta) => {
        this.meta = meta;
      },
      (error: unknown) => {
        errors.push(toLoadError('/api/meta', error));
      },
    );
    const collectionTasks = COLLECTION_IDS.map(async (id: CollectionId) => {
      try {
        if (id === 'parcels' && (this.parcelTiling = await probeParcelTiling()).tiled) return;
        (collections as Record<CollectionId, Collections[CollectionId]>)[id] = await fetchCollection(id);
      } catch (error) {
        errors.push(toLoadError(id, error));
      }
    });

    await Promise.all([metaTask, ...collectionTasks]);
    this.collections = collections;
    this.errors = errors;
    // Only a total failure is an error state; partial failures are listed.
    const failedCollections = errors.filter((e) => e.what !== '/api/meta').length;
    this.status = failedCollections === COLLECTION_IDS.length ? 'error' : 'ready';
  }
}
