/**
 * The base style: a plain background and nothing else. No glyphs, sprite,
 * tiles or remote sources, so the map makes no network request at all and
 * works on an offline planning workstation. Labels are HTML markers instead
 * of symbol layers (which would need glyphs).
 */
import type { StyleSpecification } from 'maplibre-gl';
import { MAP_BACKGROUND_COLOR } from '../palette';

export function createOfflineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'land-ledger-offline',
    sources: {},
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': MAP_BACKGROUND_COLOR },
      },
    ],
  };
}
