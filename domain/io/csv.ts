/**
 * CSV, RFC 4180. Two shapes are read:
 *   - vertex tables, one row per boundary point: parcel id, [part], [ring],
 *     [order], x/lon, y/lat, then attribute columns (taken from the parcel's
 *     first row). Ring 1 is the outer ring, higher rings are its holes.
 *   - attribute tables with a WKT column (wkt / geometry / geom), one row per
 *     parcel: what writeCsv produces.
 * Coordinates may be lon/lat or Gauss–Krüger metres; the CRS is detected
 * from magnitudes unless given. Files from Excel on Chinese Windows are GBK.
 */
import type { Position } from 'geojson';
import { reprojectGeometry, crsInfo, type CrsCode } from './crs';
import {
  catchImport,
  closeRing,
  finishImport,
  importError,
  type ImportedFeature,
  type ImportedProperties,
  type ImportResult,
  type RawFeature,
  type ReadOptions,
} from './importResult';
import { propertyText, typedPropertyValue } from './propertyNames';
import { defuseSpreadsheetText, restoreSpreadsheetText } from './spreadsheetText';
import { decodeUnknownText } from './textEncoding';
import { geometryToWkt, parseWktPolygons, WktError } from './wkt';

export interface CsvReadOptions extends ReadOptions {
  /** Read the x column as y and y as x (surveyors' X = northing). */
  swapAxes?: boolean;
}

interface Table {
  header: string[];
  rows: { cells: string[]; line: number }[];
}

/** Splits RFC 4180 text into records, keeping each record's first line number. */
export function parseCsvText(text: string, delimiter?: string): Table {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const d =
    delimiter ??
    [',', '\t', ';'].map((c) => ({ c, n: firstLine.split(c).length })).sort((a, b) => b.n - a.n)[0]!.c;
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ cells, line: recordLine });
    cells = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === d) endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
    i++;
  }
  if (quoted) throw importError('TRUNCATED_FILE', 'a quoted field is never closed', recordLine);
  if (cell !== '' || cells.length) endRecord();
  const [header, ...rows] = records;
  if (!header) throw importError('NO_FEATURES', 'the CSV is empty');
  return { header: header.cells.map((h) => h.trim()), rows };
}

const COLUMN_NAMES = {
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何'],
  id: ['parcelid', 'parcel_id', 'parcelcode', 'parcel_code', 'id', '地块编号', '地块号', 'dkbh'],
  part: ['part', 'part_id', 'partindex', '部件号'],
  ring: ['ring', 'ring_id', 'ringindex', 'ring_index', '圈号'],
  order: ['order', 'seq', 'sequence', 'pointindex', 'point_index', 'point_order', 'vertex', '点序', '序号', '点号'],
  x: ['x', 'lon', 'lng', 'longitude', 'easting', 'eastingmeters', '经度', '东坐标'],
  y: ['y', 'lat', 'latitude', 'northing', 'northingmeters', '纬度', '北坐标'],
} as const;

function findColumn(header: readonly string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.toLowerCase() as never));
}

function num(text: string | undefined, what: string, line: number): number {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text.trim());
  if (!Number.isFinite(n)) throw importError('MALFORMED_LINE', `${what} "${text ?? ''}" is not a number`, line);
  return n;
}

/** An order/point-number cell such as "12" or "J12". */
function pointOrder(text: string | undefined, line: number): number {
  const m = /(-?\d+(?:\.\d+)?)\s*$/.exec(text ?? '');
  if (!m) throw importError('MALFORMED_LINE', `point order "${text ?? ''}" has no number`, line);
  return Number(m[1]);
}

function attributes(table: Table, cells: readonly string[], skip: ReadonlySet<number>): ImportedProperties {
  const properties: ImportedProperties = {};
  table.header.forEach((name, c) => {
    // A cell our writer defused (a leading apostrophe) reads back as what was stored.
    if (!skip.has(c) && name !== '') properties[name] = typedPropertyValue(name, cells[c] === undefined ? undefined : restoreSpreadsheetText(cells[c]));
  });
  return properties;
}

function wktFeatures(table: Table, wktColumn: number, swapAxes: boolean): RawFeature[] {
  return table.rows.map(({ cells, line }) => {
    let polygons: Position[][][];
    try {
      polygons = parseWktPolygons(cells[wktColumn] ?? '').polygons;
    } catch (e) {
      if (e instanceof WktError) throw importError('MALFORMED_LINE', `WKT: ${e.message}`, line);
      throw e;
    }
    if (swapAxes) polygons = polygons.map((rings) => rings.map((r) => r.map((p) => [p[1]!, p[0]!])));
    return { polygons, properties: attributes(table, cells, new Set([wktColumn])), line };
  });
}

function vertexFeatures(table: Table, swapAxes: boolean): RawFeature[] {
  const h = table.header;
  const col = Object.fromEntries(Object.entries(COLUMN_NAMES).map(([k, names]) => [k, findColumn(h, names)])) as Record<keyof typeof COLUMN_NAMES, number>;
  if (col.x < 0 || col.y < 0) {
    throw importError('UNSUPPORTED_FORMAT', `no coordinate columns: expected x/lon/easting and y/lat/northing, or a wkt column; found ${h.join(', ')}`, 1);
  }
  const skip = new Set([col.id, col.part, col.ring, col.order, col.x, col.y].filter((c) => c >= 0));
  type Vertex = { order: number; position: Position };
  const parcels = new Map<string, { line: number; properties: ImportedProperties; parts: Map<number, Map<number, Vertex[]>> }>();
  table.rows.forEach(({ cells, line }, index) => {
    const id = col.id >= 0 ? (cells[col.id] ?? '').trim() : '';
    let parcel = parcels.get(id);
    if (!parcel) {
      parcel = { line, properties: attributes(table, cells, skip), parts: new Map() };
      if (col.id >= 0) parcel.properties[h[col.id]!] = typedPropertyValue(h[col.id]!, id);
      parcels.set(id, parcel);
    }
    const part = col.part >= 0 ? num(cells[col.part], h[col.part]!, line) : 1;
    const ring = col.ring >= 0 ? num(cells[col.ring], h[col.ring]!, line) : 1;
    const order = col.order >= 0 ? pointOrder(cells[col.order], line) : index;
    const x = num(cells[col.x], h[col.x]!, line);
    const y = num(cells[col.y], h[col.y]!, line);
    const rings = parcel.parts.get(part) ?? new Map<number, Vertex[]>();
    parcel.parts.set(part, rings);
    const vertices = rings.get(ring) ?? [];
    rings.set(ring, vertices);
    vertices.push({ order, position: swapAxes ? [y, x] : [x, y] });
  });
  return [...parcels.values()].map((parcel) => ({
    line: parcel.line,
    properties: parcel.properties,
    polygons: [...parcel.parts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, rings]) =>
        [...rings.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, vertices]) => closeRing([...vertices].sort((a, b) => a.order - b.order).map((v) => v.position))),
      ),
  }));
}

/** Reads a CSV file (bytes in UTF-8 or GBK, or text). */
export function readCsv(input: Uint8Array | string, options?: CsvReadOptions): ImportResult {
  return catchImport(() => {
    const decoded = typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-16' } : decodeUnknownText(input);
    const table = parseCsvText(decoded.text);
    const wktColumn = findColumn(table.header, COLUMN_NAMES.wkt);
    const swapAxes = options?.swapAxes ?? false;
    const raw = wktColumn >= 0 ? wktFeatures(table, wktColumn, swapAxes) : vertexFeatures(table, swapAxes);
    return finishImport(raw, { format: 'csv', options, encoding: decoded.encoding, crsInput: {} });
  });
}

/** One RFC 4180 field: quoted when it holds the delimiter, a quote, CR/LF or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvWriteOptions {
  /** CRS of the WKT coordinates; default EPSG:4490 (lon/lat). */
  crs?: CrsCode;
  /** Decimals; default 9 for degrees (≈0.1 mm), 4 for metres. */
  decimals?: number;
  /** Start with a UTF-8 BOM so Excel reads Chinese text; default true. */
  bom?: boolean;
}

/**
 * Writes one row per feature: every property, then the geometry as WKT in column "wkt". CRLF line ends.
 * Text a spreadsheet would run as a formula is defused (./spreadsheetText.ts): planners open this in Excel.
 */
export function writeCsv(features: readonly ImportedFeature[], options: CsvWriteOptions = {}): string {
  const crs = options.crs ?? 'EPSG:4490';
  const decimals = options.decimals ?? (crsInfo(crs).kind === 'geographic' ? 9 : 4);
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))].filter((k) => k !== 'wkt');
  const lines = [[...keys, 'wkt'].map(csvField).join(',')];
  for (const f of features) {
    const geometry = crs === 'EPSG:4490' ? f.geometry : reprojectGeometry(f.geometry, 'EPSG:4490', crs);
    const cells = keys.map((k) => csvField(defuseSpreadsheetText(propertyText(f.properties?.[k]))));
    lines.push([...cells, csvField(geometryToWkt(geometry, decimals))].join(','));
  }
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

