import { describe, expect, it } from 'vitest';
import { PARCEL_TILE_THRESHOLD, shouldTileParcels } from '../state/parcelTiling';
import { parcelTileUrl, parcelVectorSource, PARCEL_TILE_MAX_ZOOM } from './parcelTiles';

describe('switching parcels to vector tiles', () => {
  it('tiles only past the threshold, and never when the count is unknown', () => {
    expect(shouldTileParcels(null)).toBe(false);
    expect(shouldTileParcels(88)).toBe(false);
    expect(shouldTileParcels(PARCEL_TILE_THRESHOLD)).toBe(false);
    expect(shouldTileParcels(PARCEL_TILE_THRESHOLD + 1)).toBe(true);
    expect(shouldTileParcels(200_000)).toBe(true);
  });

  it('builds an absolute tile URL with a cache-busting generation', () => {
    expect(parcelTileUrl('http://127.0.0.1:8080', 3)).toBe('http://127.0.0.1:8080/tiles/parcels/{z}/{x}/{y}.mvt?g=3');
    const source = parcelVectorSource('https://ledger.example', 0);
    expect(source).toMatchObject({ type: 'vector', tiles: ['https://ledger.example/tiles/parcels/{z}/{x}/{y}.mvt?g=0'], maxzoom: PARCEL_TILE_MAX_ZOOM });
  });
});
