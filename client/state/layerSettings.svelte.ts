/** Which map layers are shown, and how parcels are coloured. */

export const LAYER_KEYS = ['constraints', 'zones', 'zoneLabels', 'parcels', 'energyLines', 'energyStations'] as const;
export type LayerKey = (typeof LAYER_KEYS)[number];

export type ParcelColorMode = 'status' | 'industry';

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
