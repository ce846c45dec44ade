// The bare page: a blank style, then the zones and parcels as GeoJSON fills, framed on the zones.
import * as maplibregl from './maplibre-gl.mjs';

maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', import.meta.url).href);

const getJson = (path) => fetch(path).then((r) => r.json());
// Fetched while MapLibre sets up, as any page would.
const data = Promise.all([getJson('/ogc/collections/zones/items?limit=10000'), getJson('/ogc/collections/parcels/items?limit=10000')]);

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } }] },
  center: [106.92, 28.96],
  zoom: 11,
});
window.__benchMap = map;
map.on('load', async () => {
  const [zones, parcels] = await data;
  map.addSource('zones', { type: 'geojson', data: zones });
  map.addSource('parcels', { type: 'geojson', data: parcels });
  map.addLayer({ id: 'zones', type: 'fill', source: 'zones', paint: { 'fill-color': '#8ecae6', 'fill-opacity': 0.3 } });
  map.addLayer({ id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#1d3557', 'line-width': 2 } });
  map.addLayer({ id: 'parcels', type: 'fill', source: 'parcels', paint: { 'fill-color': '#e76f51', 'fill-opacity': 0.6 } });
  map.addLayer({ id: 'parcels-line', type: 'line', source: 'parcels', paint: { 'line-color': '#264653', 'line-width': 0.5 } });
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of zones.features) {
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of rings) for (const [x, y] of poly[0]) {
      minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
    }
  }
  if (minX < maxX) map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 40, duration: 0, maxZoom: 16 });
  document.body.dataset.dataShown = 'true';
});
