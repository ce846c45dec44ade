/**
 * What the review tools ask of the map, as state client/map/ reads: zoom to
 * a parcel, and show only a list of parcels. A zoom request carries a
 * sequence number so asking for the same parcel twice zooms twice.
 */
export interface ZoomRequest {
  parcelId: string;
  seq: number;
}

export class MapFocus {
  zoomRequest = $state.raw<ZoomRequest | null>(null);
  /** Parcel ids (String(feature id)) to show alone, or null for every parcel. */
  parcelFilter = $state.raw<readonly string[] | null>(null);

  #seq = 0;

  zoomToParcel(id: string | number): void {
    this.zoomRequest = { parcelId: String(id), seq: ++this.#seq };
  }

  showOnly(ids: readonly (string | number)[] | null): void {
    this.parcelFilter = ids === null ? null : ids.map(String);
  }
}
