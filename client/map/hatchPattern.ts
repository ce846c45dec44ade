/**
 * Diagonal hatching for the ecological red line, drawn into pixels here
 * rather than loaded from a sprite (the style has none, to stay offline).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export const RED_LINE_HATCH_IMAGE = 'red-line-hatch';

/** Side of the square tile, px; the stripe spacing. */
const TILE_SIZE_PX = 12;
/** Stripe thickness, px. */
const STRIPE_WIDTH_PX = 2;

export function addRedLineHatch(map: MapLibreMap, rgb: readonly [number, number, number]): void {
  if (map.hasImage(RED_LINE_HATCH_IMAGE)) return;
  const data = new Uint8Array(TILE_SIZE_PX * TILE_SIZE_PX * 4);
  for (let y = 0; y < TILE_SIZE_PX; y++) {
    for (let x = 0; x < TILE_SIZE_PX; x++) {
      // Stripes at 45°: pixels where (x + y) mod size is small. Wraps seamlessly.
      const onStripe = (x + y) % TILE_SIZE_PX < STRIPE_WIDTH_PX;
      const i = (y * TILE_SIZE_PX + x) * 4;
      data[i] = rgb[0];
      data[i + 1] = rgb[1];
      data[i + 2] = rgb[2];
      data[i + 3] = onStripe ? 200 : 28;
    }
  }
  map.addImage(RED_LINE_HATCH_IMAGE, { width: TILE_SIZE_PX, height: TILE_SIZE_PX, data });
}

/** "#rrggbb" → [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
