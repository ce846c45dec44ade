/**
 * Zones drawn by hand (issue 4; admins): a new zone drawn with the parcel
 * drawing tools and its code, names and kind (POST), or an existing zone's
 * boundary loaded into the select tool and redrawn (PUT with If-Match). On
 * 412 the admin is told why and shown the stored boundary. After a write the
 * zones and parcels are re-read (the server recomputed the parcels' zone
 * shares in the same transaction) and the tally refreshed.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { REASONS } from '$domain/reasons';
import { validatePolygonGeometry } from '$domain/geometry.validation';
import { createFeature, fetchStoredFeature, replaceFeature, type WriteOutcome } from '../api/featureWrites';
import type { Problem } from '../api/problem';
import type { ZoneFeature } from '../api/types';
import { checkZoneForm, emptyZoneForm, type ZoneFormValues } from '../editing/zoneForm';
import type { FeatureSketch } from './featureSketch.svelte';
import type { MapData } from './mapData.svelte';
import type { Plans } from './plans.svelte';

const CONFLICT: Problem = {
  code: 'PRECONDITION_FAILED',
  messageZh: '该园区刚被他人修改，已载入最新边界，请核对后重新绘制。',
  messageEn: 'Someone else changed this zone; its stored boundary is loaded. Check it and redraw.',
};

export interface ZoneDrawingDeps {
  data: MapData;
  plans: Plans;
  sketch: FeatureSketch;
}

export class ZoneDrawing {
  open = $state(false);
  /** The zone whose boundary is redrawn (null: a new zone). */
  targetCode = $state<string | null>(null);
  etag = $state<string | null>(null);
  form = $state<ZoneFormValues>(emptyZoneForm());
  showErrors = $state(false);
  busy = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Code of the zone last saved, for the confirmation line (and tests). */
  savedCode = $state<string | null>(null);

  constructor(private readonly deps: ZoneDrawingDeps) {}

  readonly formCheck = $derived(checkZoneForm(this.form));
  readonly fieldErrors = $derived(this.showErrors && !this.formCheck.ok ? this.formCheck.errors : {});

  /** The boundary drawn so far, checked with the server's rules. */
  readonly geometryCheck = $derived.by(() => {
    const sketch = this.deps.sketch;
    const g = this.open && sketch.open && sketch.kind === 'zone' ? sketch.geometry : null;
    return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? validatePolygonGeometry(g) : null;
  });

  startNew(): void {
    this.#begin(null, emptyZoneForm());
    this.deps.sketch.start('zone', null, () => this.#close());
  }

  /** Loads a zone's stored boundary (and ETag) into the select tool. */
  async startRedraw(code: string): Promise<void> {
    this.busy = true;
    try {
      const stored = await this.#read(code);
      if (!stored) return;
      const p = stored.feature.properties;
      this.#begin(code, { code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, kind: p.kind });
      this.etag = stored.etag;
      this.deps.sketch.start('zone', stored.feature.geometry, () => this.#close());
    } finally {
      this.busy = false;
    }
  }

  #begin(code: string | null, form: ZoneFormValues): void {
    this.targetCode = code;
    this.etag = null;
    this.form = form;
    this.showErrors = false;
    this.problem = null;
    this.savedCode = null;
    this.open = true;
  }

  async #read(code: string): Promise<{ feature: ZoneFeature; etag: string } | null> {
    try {
      const stored = await fetchStoredFeature<ZoneFeature>('zones', code);
      if (!stored) this.problem = { code: 'NOT_FOUND', messageZh: `未找到园区 ${code}`, messageEn: `Zone ${code} not found` };
      return stored;
    } catch (cause) {
      this.problem = { code: 'NETWORK', messageZh: '网络错误', messageEn: 'Network error', detail: String(cause) };
      return null;
    }
  }

  #close(): void {
    this.open = false;
  }

  cancel(): void {
    this.#close();
    this.deps.sketch.cancel();
    this.problem = null;
  }

  async save(): Promise<void> {
    if (this.busy) return;
    this.showErrors = true;
    const form = this.formCheck;
    const geometry = this.geometryCheck;
    if (!geometry) {
      this.problem = { code: 'GEOMETRY_REQUIRED', messageZh: '请先在地图上绘制园区边界', messageEn: 'Draw the zone boundary on the map first' };
      return;
    }
    if (!geometry.valid) {
      this.problem = { code: geometry.reason, messageZh: REASONS[geometry.reason].zh, messageEn: REASONS[geometry.reason].en };
      return;
    }
    if (!form.ok) return;
    this.busy = true;
    this.problem = null;
    try {
      const body = { geometry: geometry.geometry as Polygon | MultiPolygon, properties: form.properties };
      const code = this.targetCode;
      const outcome: WriteOutcome<ZoneFeature> = code
        ? await replaceFeature<ZoneFeature>('zones', code, this.etag ?? '', { ...body, properties: { ...body.properties, code } })
        : await createFeature<ZoneFeature>('zones', body);
      if (!outcome.ok) {
        if (outcome.status === 412 && code) {
          const stored = await this.#read(code);
          if (stored) {
            this.etag = stored.etag;
            this.deps.sketch.reset(stored.feature.geometry);
          }
          this.problem = CONFLICT;
        } else {
          this.problem = outcome.problem;
        }
        return;
      }
      const saved = code ?? form.properties.code;
      this.cancel();
      this.savedCode = saved;
      await Promise.all([this.deps.data.load(), this.deps.plans.refreshTally()]);
    } finally {
      this.busy = false;
    }
  }
}
