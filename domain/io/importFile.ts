/**
 * One entry point for an uploaded file: sniff the format (detectFormat.ts)
 * and hand the bytes to its reader. Every outcome is an ImportResult.
 */
import { readCsv, type CsvReadOptions } from './csv';
import { detectFormat } from './detectFormat';
import { readDxf, type DxfReadOptions } from './dxf';
import { readGeoJson } from './geojson';
import type { ImportResult } from './importResult';
import { readKml, type KmlReadOptions } from './kml';
import { readShapefileZip, type ShapefileReadOptions } from './shapefile';
import { readTxt } from './txt';

export type ImportFileOptions = CsvReadOptions & DxfReadOptions & KmlReadOptions & ShapefileReadOptions;

/** Reads an uploaded file of any supported format into CGCS2000 lon/lat features. */
export function readImportFile(fileName: string, bytes: Uint8Array, options?: ImportFileOptions): ImportResult {
  const detection = detectFormat(fileName, bytes);
  if (detection.format === null) return { ok: false, reason: 'UNSUPPORTED_FORMAT', detail: detection.detail };
  switch (detection.format) {
    case 'txt':
      return readTxt(bytes, options);
    case 'shapefile':
      return readShapefileZip(bytes, options);
    case 'kml':
    case 'kmz':
      return readKml(bytes, options);
    case 'dxf':
      return readDxf(bytes, options);
    case 'csv':
      return readCsv(bytes, options);
    case 'geojson':
      return readGeoJson(bytes, options);
  }
}
