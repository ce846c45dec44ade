/**
 * A zone's outline (featured park or expansion area) and its parcels as an
 * inline SVG, so the printed report needs no tile server; each parcel carries
 * its number (the id, its 地块编码) and the map a north arrow (north is up). Projection: x = lon·cos(lat0), y = −lat, with lat0
 * the park's mid-latitude — locally equal-area enough to judge shapes and
 * relative sizes at park scale (the figures themselves come from the ellipsoid).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { labelPoint } from '../../domain/labelPoint';
import { chooseScaleBar } from '../../domain/scaleBar';
import { PARCEL_STATUS_LABELS, type ParcelStatus } from '../../domain/parcel.schema';
import { html, type SafeHtml } from './escapeHtml';
import { placeLabels } from './labelPlacement';
import type { ParkMap } from './reportModel';

type Poly = Polygon | MultiPolygon;

/** Same colours as the map (client/palette.ts PARCEL_STATUS_COLORS). */
export const STATUS_FILLS: Record<ParcelStatus, string> = {
  planned: '#c9d3de',
  reserved: '#8fb3d9',
  supplied: '#f2c14e',
  under_construction: '#f08a3c',
  in_production: '#c8442f',
};

const WIDTH = 640;
const MAX_HEIGHT = 520;
const PAD = 12;
/** Metres per degree of latitude (mean, spherical); only for the scale bar. */
const METERS_PER_DEGREE = 111_195;
/** Width of one digit of the 9 px parcel numbers (sans-serif digits are ~0.6 em), px. */
const DIGIT_WIDTH_PX = 5.6;

function rings(g: Poly): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** The area of a shape's bounding box: how much room its number has, for the order numbers are placed in. */
function extentArea(g: Poly): number {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of rings(g).flat()) [minX, maxX, minY, maxY] = [Math.min(minX, x!), Math.max(maxX, x!), Math.min(minY, y!), Math.max(maxY, y!)];
  return (maxX - minX) * (maxY - minY);
}

/** The geometry in the map's units before scaling: x = lon·k, y = −lat. */
function projected(g: Poly, k: number): Poly {
  const ring = (r: Position[]) => r.map((p) => [p[0]! * k, -p[1]!]);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((part) => part.map(ring)) };
}

/** A north arrow 28 px tall whose top-left is (x, y); north is straight up in this projection. */
function northArrow(x: number, y: number): SafeHtml {
  return html`<g class="north-arrow" transform="translate(${x} ${y})" role="img" aria-label="指北针 North arrow"><title>指北针 North</title><path d="M0 28 L7 12 L14 28 L7 23 Z" fill="#222"/><path d="M7 12 L7 23 L0 28 Z" fill="#fff" stroke="#222" stroke-width="0.8"/><text x="7" y="8" font-size="11" font-weight="700" text-anchor="middle" fill="#222">N</text></g>`;
}

export function renderParkMap(park: ParkMap): SafeHtml {
  const all = [park.geometry, ...park.parcels.map((p) => p.geometry)].flatMap(rings).flat();
  // Loops, not Math.min(...): a surveyed boundary can have more vertices than the call stack takes arguments.
  let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of all) {
    minLon = Math.min(minLon, lon!);
    maxLon = Math.max(maxLon, lon!);
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
  }
  const k = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const [minX, maxX, minY, maxY] = [minLon * k, maxLon * k, -maxLat, -minLat];
  const scale = Math.min((WIDTH - 2 * PAD) / (maxX - minX || 1e-9), (MAX_HEIGHT - 2 * PAD) / (maxY - minY || 1e-9));
  const height = Math.ceil((maxY - minY) * scale + 2 * PAD);
  const px = (p: Position) => `${((p[0]! * k - minX) * scale + PAD).toFixed(1)} ${((-p[1]! - minY) * scale + PAD).toFixed(1)}`;
  const path = (g: Poly) => rings(g).map((ring) => `M${ring.map(px).join('L')}Z`).join('');

  // Scale bar: the longest 1-2-5 length not wider than a quarter of the map (the print layout's rule).
  const bar = chooseScaleBar(METERS_PER_DEGREE / scale, WIDTH / 4);
  const barWidth = (bar?.widthPx ?? 0).toFixed(1);
  const barLabel = bar?.label ?? '';

  const parcels = park.parcels.map(
    (p) =>
      html`<path d="${path(p.geometry)}" fill="${STATUS_FILLS[p.status as ParcelStatus] ?? '#dddddd'}" stroke="#555" stroke-width="0.5" fill-rule="evenodd"><title>${p.name} · ${PARCEL_STATUS_LABELS[p.status as ParcelStatus]?.zh ?? p.status}</title></path>`,
  );
  // Numbers after every fill, so no neighbouring parcel paints over one; each at its parcel's label
  // point worked out in map units (projected), where the planar maths holds. Where numbers would
  // cover each other the larger parcel keeps its number; the tables list every parcel by number.
  const candidates = park.parcels.flatMap((p) => {
    const shape = projected(p.geometry, k);
    const at = labelPoint(shape);
    if (!at) return [];
    const text = String(p.id);
    return [{ item: p.id, x: (at[0] - minX) * scale + PAD, y: (at[1] - minY) * scale + PAD, widthPx: text.length * DIGIT_WIDTH_PX + 3, heightPx: 11, priority: extentArea(shape) }];
  });
  const { placed, dropped } = placeLabels(candidates);
  const numbers = placed.map((c) => html`<text class="parcel-no" data-parcel="${c.item}" x="${c.x.toFixed(1)}" y="${c.y.toFixed(1)}">${c.item}</text>`);
  const unnumbered =
    dropped.length > 0
      ? html`<text class="unnumbered" x="${PAD}" y="${PAD + 8}" font-size="10" fill="#4a5568" stroke="#fff" stroke-width="2.5" paint-order="stroke">另有 ${dropped.length} 宗地块过小未注编号，见地块清单 · ${dropped.length} more too small to number here; see the parcel tables</text>`
      : '';
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="park-map" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${park.nameZh} ${park.nameEn}">
<title>${park.code} ${park.nameZh}</title>
<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>
${parcels}
<path d="${path(park.geometry)}" fill="none" stroke="#5b3fa3" stroke-width="2" stroke-dasharray="6 3" fill-rule="evenodd"/>
<g class="parcel-numbers" font-size="9" text-anchor="middle" dominant-baseline="central" fill="#111" stroke="#fff" stroke-width="2.5" paint-order="stroke">${numbers}</g>
${northArrow(WIDTH - PAD - 14, PAD)}
${unnumbered}
<g transform="translate(${PAD} ${height - PAD})"><rect x="0" y="-4" width="${barWidth}" height="4" fill="#222"/><text x="0" y="-8" font-size="11" fill="#222">${barLabel}</text></g>
</svg>`;
}

export function renderStatusLegend(): SafeHtml {
  const items = (Object.keys(STATUS_FILLS) as ParcelStatus[]).map(
    (s) => html`<li><span class="swatch" style="background:${STATUS_FILLS[s]}"></span>${PARCEL_STATUS_LABELS[s].zh} ${PARCEL_STATUS_LABELS[s].en}</li>`,
  );
  return html`<ul class="legend">${items}<li><span class="swatch outline"></span>园区/片区边界 Zone boundary</li></ul>`;
}
