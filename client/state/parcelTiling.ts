/**
 * When the parcels layer is too big to ship as one GeoJSON document (a
 * district's cadastral context: tens to hundreds of thousands of polygons),
 * the map draws it from vector tiles instead. The decision is made once per
 * load from the collection's exact numberMatched.
 */
import { z } from 'zod';
import { getJson } from '../api/http';

/**
 * Above this many parcels the map switches to /tiles/parcels. At 5,000 the
 * GeoJSON is ~3 MB and geojson-vt in the worker still keeps up; past it
 * loading and panning degrade while tiles cost the same at any count.
 */
export const PARCEL_TILE_THRESHOLD = 5000;

export interface ParcelTiling {
  /** Parcels in the collection (numberMatched); null until known or when the probe failed. */
  count: number | null;
  tiled: boolean;
}

export const shouldTileParcels = (count: number | null, threshold: number = PARCEL_TILE_THRESHOLD): boolean => count !== null && count > threshold;

const countSchema = z.looseObject({ numberMatched: z.number().int().nonnegative() });

/** Asks for one parcel to read numberMatched. A failed probe keeps the GeoJSON path (which reports its own error). */
export async function probeParcelTiling(signal?: AbortSignal): Promise<ParcelTiling> {
  try {
    const { numberMatched } = await getJson('/ogc/collections/parcels/items?limit=1', countSchema, signal);
    return { count: numberMatched, tiled: shouldTileParcels(numberMatched) };
  } catch {
    return { count: null, tiled: false };
  }
}
