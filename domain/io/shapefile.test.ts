import { readFileSync } from 'node:fs';
import { Zip, ZipDeflate, zipSync, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../area';
import { inspectArchive } from './archive';
import { maxDisplacementMeters, PARCELS } from './fixtures/parcels';
import type { ImportFailure, ImportSuccess, ImportResult } from './importResult';
import { readShapefileParts, readShapefileZip, writeShapefileParts, writeShapefileZip } from './shapefile';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}
function failed(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

const MODIFIED_ON = new Date(Date.UTC(2024, 2, 1));

describe('shapefile round trip', () => {
  it.each(['EPSG:4545', 'EPSG:4524', 'EPSG:4490'] as const)('%s: geometry within 1 mm, same attributes, CRS from the .prj', (crs) => {
    const { zip, fieldNames } = writeShapefileZip(PARCELS, { crs, modifiedOn: MODIFIED_ON });
    expect(fieldNames).toMatchObject({ parcelCode: 'PARCELCODE', landUseCode: 'LANDUSE', investmentYi: 'INVESTYI', illustrative: 'ILLUSTR' });
    expect(Object.values(fieldNames).every((n) => n.length <= 10)).toBe(true);
    const back = ok(readShapefileZip(zip));
    expect(back).toMatchObject({ sourceCrs: crs, crsConfidence: 'declared', encoding: 'utf-8', warnings: [] });
    back.features.forEach((f, i) => {
      expect(maxDisplacementMeters(PARCELS[i]!.geometry, f.geometry)).toBeLessThan(1e-3);
      expect(f.properties).toEqual(PARCELS[i]!.properties);
    });
  });

  it('in EPSG:4545, areas of the read features match area.ts of the originals to 1e-6', () => {
    const { zip } = writeShapefileZip(PARCELS, { crs: 'EPSG:4545', modifiedOn: MODIFIED_ON });
    const back = ok(readShapefileZip(zip));
    back.features.forEach((f, i) => {
      const expected = areaSquareMeters(PARCELS[i]!.geometry);
      expect(Math.abs(areaSquareMeters(f.geometry) - expected) / expected).toBeLessThan(1e-6);
    });
  });

  it('zips .shp, .shx, .dbf, .prj and a UTF-8 .cpg', () => {
    const { zip } = writeShapefileZip(PARCELS, { crs: 'EPSG:4545', layerName: '万盛地块', modifiedOn: MODIFIED_ON });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['万盛地块.cpg', '万盛地块.dbf', '万盛地块.prj', '万盛地块.shp', '万盛地块.shx']);
    expect(new TextDecoder().decode(files['万盛地块.prj'])).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_CM_108E"/);
    expect(new TextDecoder().decode(files['万盛地块.cpg'])).toBe('UTF-8');
  });

  it('reads loose parts, and a shapefile without a .prj by coordinate magnitude', () => {
    const parts = writeShapefileParts(PARCELS, { crs: 'EPSG:4524', modifiedOn: MODIFIED_ON });
    const back = ok(readShapefileParts({ shp: parts.shp, dbf: parts.dbf, cpg: parts.cpg }));
    expect(back).toMatchObject({ sourceCrs: 'EPSG:4524', crsConfidence: 'inferred' });
  });
});

describe('reading shapefiles from other software', () => {
  it('decodes a GBK .dbf without a .cpg (written by GDAL with ENCODING=GBK)', () => {
    const bytes = new Uint8Array(readFileSync(new URL('./fixtures/parcels-gbk-no-cpg.zip', import.meta.url)));
    const back = ok(readShapefileZip(bytes));
    expect(back.encoding).toBe('gbk');
    expect(back.sourceCrs).toBe('EPSG:4545');
    expect(back.features[0]!.properties).toMatchObject({ parcelCode: 'DK001', name: '测试地块', landUseCode: '0802', statedAreaHectares: 1.23456789 });
    expect(back.features[0]!.geometry.coordinates).toHaveLength(2);
  });
});

describe('refusing bad shapefiles', () => {
  const parts = writeShapefileParts(PARCELS, { crs: 'EPSG:4545', modifiedOn: MODIFIED_ON });

  it('a zip without a .dbf, or without any .shp', () => {
    expect(failed(readShapefileZip(zipSync({ 'a.shp': parts.shp, 'a.prj': new TextEncoder().encode(parts.prj) })))).toMatchObject({ reason: 'MISSING_SHAPEFILE_PART' });
    expect(failed(readShapefileZip(zipSync({ 'readme.txt': new Uint8Array([65]) })))).toMatchObject({ reason: 'MISSING_SHAPEFILE_PART' });
  });

  it('a truncated .shp', () => {
    const zip = zipSync({ 'a.shp': parts.shp.subarray(0, parts.shp.length - 40), 'a.dbf': parts.dbf });
    expect(failed(readShapefileZip(zip)).reason).toBe('TRUNCATED_FILE');
  });

  it('an entry whose path climbs out of the folder', () => {
    const zip = zipSync({ '../../etc/a.shp': parts.shp, 'a.dbf': parts.dbf });
    expect(failed(readShapefileZip(zip))).toMatchObject({ reason: 'ARCHIVE_PATH_TRAVERSAL' });
    expect(failed(readShapefileZip(zipSync({ '/abs/a.shp': parts.shp })))).toMatchObject({ reason: 'ARCHIVE_PATH_TRAVERSAL' });
  });

  it('bytes that are not a zip', () => {
    expect(failed(readShapefileZip(new TextEncoder().encode('not a zip at all, just text')))).toMatchObject({ reason: 'ARCHIVE_CORRUPT' });
  });

  describe('a zip bomb: one 300 MB entry of zeros deflated at level 9 (~300 KB)', () => {
    let bomb: Uint8Array;
    beforeAll(() => {
      // Streamed one 1 MB chunk at a time, so building the bomb never holds 300 MB either.
      const chunks: Uint8Array[] = [];
      const zip = new Zip((error, data) => {
        if (error) throw error;
        chunks.push(data);
      });
      const entry = new ZipDeflate('parcels.shp', { level: 9 });
      zip.add(entry);
      const megabyte = new Uint8Array(1 << 20);
      for (let i = 0; i < 300; i++) entry.push(megabyte, i === 299);
      zip.end();
      bomb = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        bomb.set(c, at);
        at += c.length;
      }
    });

    it('is refused from its declared size before anything is inflated', () => {
      expect(bomb.length).toBeLessThan(2 << 20);
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const failure = failed(readShapefileZip(bomb));
      expect(failure.reason).toBe('ARCHIVE_TOO_LARGE');
      expect(failure.detail).toMatch(/parcels\.shp/);
      expect(performance.now() - started).toBeLessThan(200);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 << 20);
    });

    it('is refused by the total-size limit too, even with the ratio check relaxed', () => {
      expect(() => inspectArchive(bomb, { maxCompressionRatio: Infinity })).toThrow(/expand to more than/);
    });
  });
});
