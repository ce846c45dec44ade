import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeCsv } from './csv';
import { detectFormat } from './detectFormat';
import { writeDxf } from './dxf';
import { PARCELS } from './fixtures/parcels';
import { WANSHENG_TXT } from './fixtures/txtFixtures';
import { writeGeoJson } from './geojson';
import { readImportFile } from './importFile';
import { writeKml, writeKmz } from './kml';
import { writeShapefileZip } from './shapefile';
import { writeTxt } from './txt';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  const cases = [
    ['shapefile', 'upload.zip', writeShapefileZip(PARCELS).zip],
    ['kmz', 'upload.zip', writeKmz(PARCELS)],
    ['txt', '界址点.txt', new Uint8Array(iconv.encode(WANSHENG_TXT, 'gbk'))],
    ['txt', 'noname', utf8(writeTxt(PARCELS, { producedOn: '2024-03-01' }))],
    ['kml', 'a.xml', utf8(writeKml(PARCELS))],
    ['dxf', 'drawing', utf8(writeDxf(PARCELS))],
    ['geojson', 'data.txt', utf8(writeGeoJson(PARCELS))],
    ['csv', 'table', utf8(writeCsv(PARCELS))],
  ] as const;

  it.each(cases)('sniffs %s from content (%s)', (format, name, bytes) => {
    expect(detectFormat(name, bytes)).toEqual({ format, by: 'content' });
  });

  it('falls back to the name where content cannot tell, and refuses what it cannot place', () => {
    expect(detectFormat('parcels.kmz', zipSync({ 'readme.txt': utf8('x') }))).toEqual({ format: 'kmz', by: 'name' });
    expect(detectFormat('a.csv', utf8('one column\n1\n'))).toEqual({ format: 'csv', by: 'name' });
    expect(detectFormat('photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toMatchObject({ format: null, reason: 'UNSUPPORTED_FORMAT' });
  });
});

describe('readImportFile', () => {
  it('reads every format it sniffs into the same parcels', () => {
    const inputs: [string, Uint8Array][] = [
      ['a.zip', writeShapefileZip(PARCELS, { crs: 'EPSG:4545' }).zip],
      ['a.kmz', writeKmz(PARCELS)],
      ['a.kml', utf8(writeKml(PARCELS))],
      ['a.geojson', utf8(writeGeoJson(PARCELS))],
      ['a.csv', utf8(writeCsv(PARCELS))],
      ['a.txt', utf8(writeTxt(PARCELS, { producedOn: '2024-03-01' }))],
    ];
    for (const [name, bytes] of inputs) {
      const result = readImportFile(name, bytes);
      expect(result.ok, name).toBe(true);
      if (result.ok) expect(result.features.map((f) => f.properties.parcelCode), name).toEqual(['WS-2023-017', 'WS-2024-002']);
    }
  });
});
