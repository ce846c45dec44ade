/** Which map layers are shown, and how parcels are coloured. */

export const LAYER_KEYS = ['constraints', 'zones', 'zoneLabels', 'parcels', 'energyLines', 'energyStations'] as const;
export type LayerKey = (typeof LAYER_KEYS)[number];

/** efficiency: by the occupying enterprise's 亩均 class, with idle land (state/efficiencyMap.svelte.ts). */
export type ParcelColorMode = 'status' | 'industry' | 'efficiency';

export class LayerSettings {
  visible = $state<Record<LayerKey, boolean>>({
    constraints: true,
    zones: true,
    zoneLabels: true,
    parcels: true,
    energyLines: true,
    energyStations: true,
  });

  parcelColorMode = $state<ParcelColorMode>('status');

  setVisible(key: LayerKey, visible: boolean): void {
    this.visible[key] = visible;
  }
}
