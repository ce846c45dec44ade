/** The parcel the planner clicked, by String(feature id). */
export class Selection {
  parcelId = $state<string | null>(null);

  selectParcel(id: string | number | null): void {
    this.parcelId = id === null ? null : String(id);
  }

  clear(): void {
    this.parcelId = null;
  }
}
