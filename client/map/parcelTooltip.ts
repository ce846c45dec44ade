/**
 * The hover tooltip over parcels: name, area in 亩 (or mu) and enterprise of
 * the parcel under the pointer. Built from text nodes only, so a name such as
 * "<b>…</b>" reads as typed and never becomes markup.
 */
import * as maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import { squareMetersToMu } from '$domain/units';
import type { Lang } from '../i18n.svelte';

export interface TooltipOptions {
  layerId: string;
  lang: () => Lang;
  /** False while another tool owns the pointer (measuring, drawing). */
  enabled: () => boolean;
}

function line(className: string, text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  return el;
}

export function tooltipContent(properties: Record<string, unknown>, lang: Lang): HTMLElement {
  const root = document.createElement('div');
  root.setAttribute('role', 'tooltip');
  root.dataset.testid = 'parcel-tooltip';
  root.append(line('ll-tip-name', String(properties.name ?? '')));
  const area = Number(properties.areaSquareMeters);
  if (Number.isFinite(area)) {
    const mu = squareMetersToMu(area).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    root.append(line('ll-tip-area', lang === 'zh' ? `${mu} 亩` : `${mu} mu`));
  }
  if (typeof properties.enterprise === 'string' && properties.enterprise !== '') root.append(line('ll-tip-enterprise', properties.enterprise));
  return root;
}

/** Shows the tooltip while the pointer is over a parcel; returns the unbinding. */
export function bindParcelTooltip(map: MapLibreMap, options: TooltipOptions): () => void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'll-parcel-tooltip', maxWidth: '260px' });
  let shownFor: string | null = null;
  const onMove = (event: MapLayerMouseEvent) => {
    const feature = event.features?.[0];
    if (!feature || !options.enabled()) {
      popup.remove();
      shownFor = null;
      return;
    }
    const key = `${String(feature.properties?.llId)}:${options.lang()}`;
    if (key !== shownFor) {
      popup.setDOMContent(tooltipContent(feature.properties ?? {}, options.lang()));
      shownFor = key;
    }
    popup.setLngLat(event.lngLat).addTo(map);
  };
  const onLeave = () => {
    popup.remove();
    shownFor = null;
  };
  const subscriptions = [map.on('mousemove', options.layerId, onMove), map.on('mouseleave', options.layerId, onLeave)];
  return () => {
    subscriptions.forEach((s) => s.unsubscribe());
    popup.remove();
  };
}
