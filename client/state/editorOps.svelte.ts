/**
 * The operations on the parcel draft (domain/ops through
 * client/editing/geometryOps.ts): a hole or a split completed by the next
 * shape the planner draws, a merge with the next parcel clicked, and clips
 * to a zone or away from the neighbours. Each commits one undo step.
 */
import type { LineString, Point, Polygon } from 'geojson';
import { fetchParcel } from '../api/parcels';
import type { ParcelFeature } from '../api/types';
import { sumFiguresInto } from '../editing/parcelForm';
import { EditorDraft } from './editorDraft.svelte';

export abstract class EditorOps extends EditorDraft {
  /** The planner finished a shape with a drawing tool (or a line, for a split). */
  onShapeFinished(geometry: Polygon | LineString | Point): void {
    // A point is a station's shape; the parcel tools never draw one.
    if (geometry.type === 'Point') return;
    this.liveGeometry = null;
    const pending = this.pending;
    this.pending = null;
    this.opProblem = null;
    const ops = this.ops;
    if (pending === 'hole' && geometry.type === 'Polygon' && this.geometry && ops) {
      const result = ops.cutHole(this.geometry, geometry);
      if (result.ok) this.commit(result.value, 'hole', { reload: true });
      else this.opProblem = result.reason;
      this.revision++;
      this.tool = 'select';
      return;
    }
    if (pending === 'split' && geometry.type === 'LineString' && this.geometry && ops) {
      const result = ops.splitParcel(this.geometry, geometry);
      if (result.ok) {
        const [first, ...rest] = result.value;
        this.splitPieces = [...this.splitPieces, ...rest];
        this.commit(first!, 'split', { reload: true });
      } else {
        this.opProblem = result.reason;
      }
      this.revision++;
      this.tool = 'select';
      return;
    }
    if (geometry.type !== 'Polygon') return;
    // A new shape replaces the draft (the old one stays in the undo history).
    this.commit(geometry, 'draw', { reload: true });
    this.tool = 'select';
  }

  // ——— Operations (domain/ops) ———

  beginHole(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'hole';
    this.tool = 'polygon';
  }

  beginSplit(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'split';
    this.tool = 'line';
  }

  /** Waits for a click on the parcel to merge with (see pickParcel). */
  beginMerge(): void {
    if (!this.geometry) return;
    this.opProblem = null;
    this.pending = 'merge';
    this.tool = 'select';
  }

  cancelPending(): void {
    this.pending = null;
    this.opProblem = null;
    this.tool = 'select';
    this.revision++;
  }

  /** A parcel was clicked on the map while editing; true when the editor used the click. */
  pickParcel(id: string): boolean {
    if (!this.open) return false;
    if (this.pending !== 'merge' || !this.geometry) return true;
    this.pending = null;
    if (this.replacedIds.has(id)) return true;
    const known = this.deps.data.parcelsById.get(id);
    if (known) {
      this.#mergeWith(known);
    } else {
      // A district-sized layer is drawn from vector tiles, which carry no full geometry: read the parcel.
      const target = this.targetId;
      void fetchParcel(id)
        .then((current) => {
          if (!current || this.targetId !== target || !this.open) return;
          this.deps.data.upsertParcel(current.feature);
          this.#mergeWith(current.feature);
        })
        .catch(() => undefined);
    }
    return true;
  }

  #mergeWith(other: ParcelFeature): void {
    const id = String(other.id);
    const ops = this.ops;
    if (!this.geometry || this.replacedIds.has(id) || !ops) return;
    const result = ops.mergeParcels([this.geometry, other.geometry]);
    if (!result.ok) {
      this.opProblem = result.reason;
      return;
    }
    this.mergedVersions.set(id, Number(other.properties.version));
    this.mergedIds = [...this.mergedIds, id];
    this.form = sumFiguresInto(this.form, other.properties as unknown as Record<string, unknown>);
    this.commit(result.value, 'merge', { reload: true });
  }

  clipToZone(code: string): void {
    const zone = this.deps.data.zonesByCode.get(code);
    const ops = this.ops;
    if (!this.geometry || !zone || !ops) return;
    const result = ops.clipToZone(this.geometry, zone.geometry);
    if (result.ok) this.commit(result.value, 'clip', { reload: true });
    else this.opProblem = result.reason;
  }

  clipAwayFromNeighbours(): void {
    const ops = this.ops;
    if (!this.geometry || !ops) return;
    const neighbours = ops.neighboursOf(this.deps.data.collections, this.geometry, this.replacedIds).map((n) => n.geometry);
    const result = ops.clipAwayFrom(this.geometry, neighbours);
    if (result.ok) this.commit(result.value, 'clip', { reload: true });
    else this.opProblem = result.reason;
  }
}
