/**
 * Zone names as HTML markers. The offline style has no glyphs, so symbol
 * layers cannot draw text; markers use the page's own (CJK-capable) fonts.
 * Names come from data, so they are set with textContent, never as HTML.
 */
import * as maplibregl from 'maplibre-gl';
import type { Lang } from '../i18n.svelte';
import type { ZoneFeature } from '../api/types';
import { ZONE_KIND_COLORS } from '../palette';
import { labelPoint } from './geometryBounds';

export class ZoneLabels {
  #markers: { marker: maplibregl.Marker; name: HTMLElement; zone: ZoneFeature }[] = [];
  #visible = true;

  constructor(private readonly map: maplibregl.Map) {}

  /** Replaces all labels with one per zone. */
  setZones(zones: readonly ZoneFeature[], lang: Lang): void {
    this.clear();
    for (const zone of zones) {
      const at = labelPoint(zone.geometry);
      if (!at) continue;
      const element = document.createElement('div');
      element.className = `ll-zone-label ll-zone-label--${zone.properties.kind}`;
      element.style.setProperty('--zone-color', ZONE_KIND_COLORS[zone.properties.kind] ?? ZONE_KIND_COLORS.other);
      const code = document.createElement('span');
      code.className = 'll-zone-label__code';
      code.textContent = zone.properties.code;
      const name = document.createElement('span');
      name.className = 'll-zone-label__name';
      element.append(code, name);
      const marker = new maplibregl.Marker({ element, anchor: 'center' }).setLngLat(at);
      this.#markers.push({ marker, name, zone });
    }
    this.setLang(lang);
    this.setVisible(this.#visible);
  }

  setLang(lang: Lang): void {
    for (const { name, zone } of this.#markers) {
      name.textContent = lang === 'zh' ? zone.properties.nameZh : zone.properties.nameEn;
    }
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    for (const { marker } of this.#markers) {
      if (visible) marker.addTo(this.map);
      else marker.remove();
    }
  }

  clear(): void {
    for (const { marker } of this.#markers) marker.remove();
    this.#markers = [];
  }
}
