/**
 * The .shp/.shx binary layout (ESRI Shapefile Technical Description, 1998),
 * polygons only: parcels are areas. Coordinates are whatever the .prj says;
 * this file neither knows nor changes the CRS. Every read is bounds-checked
 * so a cut-off upload is reported as TRUNCATED_FILE, not as fewer parcels.
 */
import type { Position } from 'geojson';
import { pointInRing, RingIndex } from '../ringNesting';
import { MAX_PARCEL_VERTICES } from '../geometry.validation';
import { closeRing, ImportError, importError, signedPlanarArea } from './importResult';

const FILE_CODE = 9994;
const VERSION = 1000;
const SHAPE_NULL = 0;
const SHAPE_POLYGON = 5;
const POLYGON_TYPES = new Set([5, 15, 25]); // Polygon, PolygonZ, PolygonM
const SHAPE_TYPE_NAMES: Record<number, string> = { 1: 'point', 3: 'polyline', 8: 'multipoint', 11: 'pointZ', 13: 'polylineZ', 18: 'multipointZ', 21: 'pointM', 23: 'polylineM', 28: 'multipointM', 31: 'multipatch' };

/** Polygons of one record, or null for a null shape. */
export type ShpRecord = Position[][][] | null;

/**
 * Groups a record's rings into polygons: clockwise rings are exteriors,
 * anticlockwise ones holes of the smallest exterior holding them. A file
 * whose writer wound every ring the other way is read with the roles swapped.
 * A hole no exterior holds becomes a polygon of its own (and may hold later
 * holes). Candidates come from an R-tree over the rings (../ringNesting.ts).
 */
export function groupRings(rings: Position[][]): Position[][][] {
  let outers = rings.filter((r) => signedPlanarArea(r) < 0);
  let holes = rings.filter((r) => signedPlanarArea(r) >= 0);
  if (outers.length === 0) [outers, holes] = [holes, outers];
  const all = [...outers, ...holes];
  const index = new RingIndex(all);
  // polygonOf[ring] = position in `polygons` for rings that are polygon exteriors, else -1.
  const polygonOf = new Int32Array(all.length).fill(-1);
  const polygons = outers.map((outer, i) => {
    polygonOf[i] = i;
    return { area: Math.abs(signedPlanarArea(outer)), rings: [outer] };
  });
  holes.forEach((hole, h) => {
    let owner = -1;
    for (const candidate of index.candidates(hole[0]!)) {
      const p = polygonOf[candidate]!;
      if (p < 0 || !pointInRing(hole[0]!, all[candidate]!)) continue;
      // Smallest area wins; among equals the earlier polygon, as a stable sort by area gave.
      if (owner < 0 || polygons[p]!.area < polygons[owner]!.area || (polygons[p]!.area === polygons[owner]!.area && p < owner)) owner = p;
    }
    if (owner >= 0) polygons[owner]!.rings.push(hole);
    else {
      polygonOf[outers.length + h] = polygons.length;
      polygons.push({ area: Math.abs(signedPlanarArea(hole)), rings: [hole] });
    }
  });
  return polygons.map((p) => p.rings);
}

/**
 * Reads every record of a .shp; record i pairs with .dbf row i, so a file
 * with more than `maxRecords` (the .dbf's rows) is refused before reading the
 * extra shapes, and a shape over the per-parcel vertex limit before its
 * coordinates are read.
 */
export function readShp(bytes: Uint8Array, maxRecords = Number.MAX_SAFE_INTEGER): ShpRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 100) throw importError('TRUNCATED_FILE', `.shp is ${bytes.byteLength} bytes, shorter than its 100-byte header`);
  if (view.getInt32(0, false) !== FILE_CODE) throw importError('UNSUPPORTED_FORMAT', '.shp does not start with file code 9994');
  const declaredBytes = view.getInt32(24, false) * 2;
  if (declaredBytes > bytes.byteLength) {
    throw importError('TRUNCATED_FILE', `.shp header declares ${declaredBytes} bytes, the file has ${bytes.byteLength}`);
  }
  const fileType = view.getInt32(32, true);
  if (fileType !== SHAPE_NULL && !POLYGON_TYPES.has(fileType)) {
    throw importError('UNSUPPORTED_GEOMETRY', `the shapefile holds ${SHAPE_TYPE_NAMES[fileType] ?? `type ${fileType}`} shapes, not polygons`);
  }
  const records: ShpRecord[] = [];
  let offset = 100;
  while (offset < declaredBytes) {
    if (offset + 8 > declaredBytes) throw importError('TRUNCATED_FILE', `.shp record header at byte ${offset} is cut off`);
    if (records.length >= maxRecords) throw importError('TRUNCATED_FILE', `.shp has more shapes than the .dbf's ${maxRecords} rows`);
    const contentBytes = view.getInt32(offset + 4, false) * 2;
    const start = offset + 8;
    const end = start + contentBytes;
    if (contentBytes < 4 || end > declaredBytes) throw importError('TRUNCATED_FILE', `.shp record ${records.length + 1} runs past the end of the file`);
    const type = view.getInt32(start, true);
    if (type === SHAPE_NULL) {
      records.push(null);
    } else if (POLYGON_TYPES.has(type)) {
      if (start + 44 > end) throw importError('TRUNCATED_FILE', `.shp record ${records.length + 1} is cut off`);
      const numParts = view.getInt32(start + 36, true);
      const numPoints = view.getInt32(start + 40, true);
      const partsAt = start + 44;
      const pointsAt = partsAt + 4 * numParts;
      if (numParts < 0 || numPoints < 0 || pointsAt + 16 * numPoints > end) {
        throw importError('TRUNCATED_FILE', `.shp record ${records.length + 1} declares more points than it holds`);
      }
      if (numPoints > MAX_PARCEL_VERTICES) {
        throw new ImportError({
          reason: 'INVALID_GEOMETRY',
          featureIndex: records.length,
          geometryReason: 'TOO_MANY_VERTICES',
          detail: `feature ${records.length + 1}: ${numPoints} points; the limit is ${MAX_PARCEL_VERTICES}`,
        });
      }
      const rings: Position[][] = [];
      for (let part = 0; part < numParts; part++) {
        const from = view.getInt32(partsAt + 4 * part, true);
        const to = part + 1 < numParts ? view.getInt32(partsAt + 4 * (part + 1), true) : numPoints;
        if (from < 0 || to > numPoints || from > to) throw importError('UNSUPPORTED_FORMAT', `.shp record ${records.length + 1} has bad part indices`);
        const ring: Position[] = [];
        for (let k = from; k < to; k++) ring.push([view.getFloat64(pointsAt + 16 * k, true), view.getFloat64(pointsAt + 16 * k + 8, true)]);
        if (ring.length > 0) rings.push(closeRing(ring));
      }
      records.push(rings.length ? groupRings(rings) : null);
    } else {
      throw importError('UNSUPPORTED_GEOMETRY', `.shp record ${records.length + 1} is a ${SHAPE_TYPE_NAMES[type] ?? `type ${type}`} shape`);
    }
    offset = end;
  }
  return records;
}

function orient(ring: readonly Position[], clockwise: boolean): Position[] {
  return signedPlanarArea(ring) < 0 === clockwise ? [...ring] : [...ring].reverse();
}

/**
 * Writes polygons (already in the target CRS) as .shp and .shx bytes.
 * Exteriors are written clockwise and holes anticlockwise, as the format requires.
 */
export function writeShp(records: readonly Position[][][][]): { shp: Uint8Array; shx: Uint8Array } {
  const oriented = records.map((polygons) => polygons.flatMap((rings) => rings.map((ring, r) => orient(ring, r === 0))));
  const contentBytes = oriented.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, ring) => n + ring.length, 0));
  const shpBytes = 100 + contentBytes.reduce((n, c) => n + 8 + c, 0);
  const shxBytes = 100 + 8 * records.length;
  const shp = new DataView(new ArrayBuffer(shpBytes));
  const shx = new DataView(new ArrayBuffer(shxBytes));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let offset = 100;
  oriented.forEach((rings, i) => {
    let rMinX = Infinity;
    let rMinY = Infinity;
    let rMaxX = -Infinity;
    let rMaxY = -Infinity;
    for (const ring of rings) {
      for (const p of ring) {
        rMinX = Math.min(rMinX, p[0]!);
        rMaxX = Math.max(rMaxX, p[0]!);
        rMinY = Math.min(rMinY, p[1]!);
        rMaxY = Math.max(rMaxY, p[1]!);
      }
    }
    minX = Math.min(minX, rMinX);
    minY = Math.min(minY, rMinY);
    maxX = Math.max(maxX, rMaxX);
    maxY = Math.max(maxY, rMaxY);
    shx.setInt32(100 + 8 * i, offset / 2, false);
    shx.setInt32(100 + 8 * i + 4, contentBytes[i]! / 2, false);
    shp.setInt32(offset, i + 1, false);
    shp.setInt32(offset + 4, contentBytes[i]! / 2, false);
    const c = offset + 8;
    shp.setInt32(c, SHAPE_POLYGON, true);
    [rMinX, rMinY, rMaxX, rMaxY].forEach((v, k) => shp.setFloat64(c + 4 + 8 * k, v, true));
    shp.setInt32(c + 36, rings.length, true);
    shp.setInt32(c + 40, rings.reduce((n, ring) => n + ring.length, 0), true);
    let start = 0;
    rings.forEach((ring, r) => {
      shp.setInt32(c + 44 + 4 * r, start, true);
      start += ring.length;
    });
    let at = c + 44 + 4 * rings.length;
    for (const ring of rings) {
      for (const p of ring) {
        shp.setFloat64(at, p[0]!, true);
        shp.setFloat64(at + 8, p[1]!, true);
        at += 16;
      }
    }
    offset = c + contentBytes[i]!;
  });
  for (const [view, bytes] of [
    [shp, shpBytes],
    [shx, shxBytes],
  ] as const) {
    view.setInt32(0, FILE_CODE, false);
    view.setInt32(24, bytes / 2, false);
    view.setInt32(28, VERSION, true);
    view.setInt32(32, SHAPE_POLYGON, true);
    const box = records.length ? [minX, minY, maxX, maxY] : [0, 0, 0, 0];
    box.forEach((v, k) => view.setFloat64(36 + 8 * k, v, true));
  }
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) };
}
