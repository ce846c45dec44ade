/**
 * Basemaps a planner can put under the parcels (issue 6 §3). The default is
 * the offline style (no basemap, no network). The others, configured by an
 * admin, are raster tiles:
 * - 天地图 Tianditu vector (vec_w + cva_w annotations) and imagery (img_w +
 *   cia_w), Web Mercator WMTS on CGCS2000 (≈ WGS84 to centimetres), so parcels
 *   line up. The key `tk` is a browser key: every tile URL carries it, so any
 *   visitor can read it; restrict it to the site's domain in the Tianditu console.
 * - OpenStreetMap raster tiles (WGS84, lines up).
 * - any XYZ or WMTS (REST, {z}/{x}/{y}) URL template.
 * - PMTiles files served by this server for offline workstations: raster
 *   (imagery, scanned maps) or vector (a Protomaps or OpenMapTiles extract of
 *   the district, drawn with Land Ledger's own quiet style; no labels, since
 *   an offline workstation has no glyph server).
 * Gaode/AutoNavi/Baidu (and other mainland commercial maps) use GCJ-02 (or
 * BD-09), offset from CGCS2000 by hundreds of metres: such URLs are flagged.
 * Pure: the server builds the options, the client shows them.
 */

export const TIANDITU_SUBDOMAINS = [0, 1, 2, 3, 4, 5, 6, 7] as const;
export const TIANDITU_HOSTS = 'https://*.tianditu.gov.cn';
export const OSM_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

export interface CustomBasemap {
  id: string;
  nameZh: string;
  nameEn: string;
  /** XYZ template with {z} {x} {y} (WMTS REST templates use the same placeholders). */
  url: string;
  attribution: string;
  maxZoom: number;
}

/** The name (and credit) an admin gives a PMTiles file in the basemap folder. */
export interface LocalBasemapName {
  /** File name without .pmtiles. */
  file: string;
  nameZh: string;
  nameEn: string;
  attribution: string;
}

export interface BasemapSettings {
  /** Tianditu browser key (tk); null = Tianditu not offered. */
  tiandituKey: string | null;
  osm: boolean;
  custom: CustomBasemap[];
  /** Names for local PMTiles files; a file without one is offered under its file name. */
  local: LocalBasemapName[];
}

export const DEFAULT_BASEMAP_SETTINGS: BasemapSettings = Object.freeze({ tiandituKey: null, osm: true, custom: [], local: [] }) as BasemapSettings;

export type BasemapKind = 'offline' | 'raster' | 'pmtiles';

/** A PMTiles archive in the server's basemap folder, as its header describes it. */
export interface LocalArchive {
  /** File name without .pmtiles. */
  name: string;
  tileType: 'raster' | 'vector';
  minZoom: number;
  maxZoom: number;
}

export interface BasemapOption {
  id: string;
  kind: BasemapKind;
  nameZh: string;
  nameEn: string;
  /** Raster tile URL templates (several = the same tiles from several hosts). */
  tiles?: string[];
  /** Annotation tiles drawn above `tiles` (Tianditu's labels). */
  annotationTiles?: string[];
  /** PMTiles archive URL on this server. */
  url?: string;
  /** PMTiles only: raster images or vector tiles (drawn with client/map/vectorBasemap.ts). */
  tileType?: 'raster' | 'vector';
  attribution: string;
  maxZoom: number;
  /** Set when the tiles are in GCJ-02/BD-09: parcels will appear shifted by hundreds of metres. */
  gcj02Warning: boolean;
}

export const OFFLINE_BASEMAP_ID = 'offline';

const GCJ02_HOSTS = /amap|autonavi|gaode|baidu|bdimg|bdstatic|map\.qq|gtimg|soso\.com/i;

/** True for URLs of map services that serve GCJ-02 (or BD-09) tiles. */
export function isGcj02Url(url: string): boolean {
  return GCJ02_HOSTS.test(url);
}

export const GCJ02_WARNING = {
  zh: '该底图使用GCJ-02（火星坐标）或BD-09坐标，地块将显示偏移数百米，请勿据此描绘地块。',
  en: 'This basemap is in GCJ-02 (or BD-09) coordinates: parcels will appear shifted by hundreds of metres. Do not trace parcels over it.',
} as const;

/** A Tianditu WMTS tile template for a layer (vec, img, cva, cia) on every subdomain. */
export function tiandituTiles(layer: 'vec' | 'img' | 'cva' | 'cia', key: string): string[] {
  return TIANDITU_SUBDOMAINS.map(
    (s) =>
      `https://t${s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** The options offered to planners, offline first. `archives` are the PMTiles files the server serves. */
export function basemapOptions(settings: BasemapSettings, archives: readonly LocalArchive[] = []): BasemapOption[] {
  const options: BasemapOption[] = [
    { id: OFFLINE_BASEMAP_ID, kind: 'offline', nameZh: '无底图（离线）', nameEn: 'No basemap (offline)', attribution: '', maxZoom: 22, gcj02Warning: false },
  ];
  if (settings.tiandituKey) {
    const tiandituAttribution = '© 天地图 Tianditu (国家地理信息公共服务平台)';
    options.push(
      { id: 'tianditu-vec', kind: 'raster', nameZh: '天地图 矢量', nameEn: 'Tianditu vector', tiles: tiandituTiles('vec', settings.tiandituKey), annotationTiles: tiandituTiles('cva', settings.tiandituKey), attribution: tiandituAttribution, maxZoom: 18, gcj02Warning: false },
      { id: 'tianditu-img', kind: 'raster', nameZh: '天地图 影像', nameEn: 'Tianditu imagery', tiles: tiandituTiles('img', settings.tiandituKey), annotationTiles: tiandituTiles('cia', settings.tiandituKey), attribution: tiandituAttribution, maxZoom: 18, gcj02Warning: false },
    );
  }
  if (settings.osm) {
    options.push({ id: 'osm', kind: 'raster', nameZh: 'OpenStreetMap', nameEn: 'OpenStreetMap', tiles: [OSM_TILE_URL], attribution: '© OpenStreetMap contributors', maxZoom: 19, gcj02Warning: false });
  }
  for (const c of settings.custom) {
    options.push({ id: `custom-${c.id}`, kind: 'raster', nameZh: c.nameZh, nameEn: c.nameEn, tiles: [c.url], attribution: c.attribution, maxZoom: c.maxZoom, gcj02Warning: isGcj02Url(c.url) });
  }
  const named = new Map((settings.local ?? []).map((l) => [l.file, l]));
  for (const a of archives) {
    const vector = a.tileType === 'vector';
    const given = named.get(a.name);
    options.push({
      id: `pmtiles-${a.name}`,
      kind: 'pmtiles',
      tileType: a.tileType,
      nameZh: given?.nameZh ?? `${vector ? '本地矢量底图' : '本地底图'} ${a.name}`,
      nameEn: given?.nameEn ?? `${vector ? 'Local vector basemap' : 'Local basemap'} ${a.name}`,
      url: `/basemaps/${encodeURIComponent(a.name)}.pmtiles`,
      attribution: given?.attribution ?? '',
      maxZoom: a.maxZoom,
      gcj02Warning: false,
    });
  }
  return options;
}

/** Origins the browser must be allowed to fetch tiles from (CSP img-src/connect-src). */
export function basemapOrigins(settings: BasemapSettings): string[] {
  const origins = new Set<string>([TIANDITU_HOSTS, new URL(OSM_TILE_URL.replace(/[{}]/g, '')).origin]);
  for (const c of settings.custom) {
    try {
      const u = new URL(c.url.replace(/\{[a-z]+\}/gi, '0'));
      if (u.protocol === 'https:' || u.protocol === 'http:') origins.add(u.origin);
    } catch {
      // Validated on save; an unparsable template simply adds no origin.
    }
  }
  return [...origins];
}
