/**
 * The planner clicks the map: a parcel under the pointer becomes the
 * selection; a click on empty map clears it. The pointer turns into a hand
 * over parcels so they read as clickable.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { LAYER_IDS } from './layers';
import { FEATURE_ID_PROPERTY } from './sources';

export function bindParcelPicking(map: MapLibreMap, onSelect: (parcelId: string | null) => void): () => void {
  const onClick = (event: { point: { x: number; y: number } }) => {
    if (!map.getLayer(LAYER_IDS.parcelFill)) return;
    const [hit] = map.queryRenderedFeatures([event.point.x, event.point.y], { layers: [LAYER_IDS.parcelFill] });
    const id = hit?.properties?.[FEATURE_ID_PROPERTY];
    onSelect(typeof id === 'string' && id !== '' ? id : null);
  };
  const onEnter = () => {
    map.getCanvas().style.cursor = 'pointer';
  };
  const onLeave = () => {
    map.getCanvas().style.cursor = '';
  };
  const subscriptions = [
    map.on('click', onClick),
    map.on('mouseenter', LAYER_IDS.parcelFill, onEnter),
    map.on('mouseleave', LAYER_IDS.parcelFill, onLeave),
  ];
  return () => subscriptions.forEach((s) => s.unsubscribe());
}
