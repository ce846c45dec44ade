import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsvText, readCsv, writeCsv } from './csv';
import { maxDisplacementMeters, PARCELS } from './fixtures/parcels';
import type { ImportFailure, ImportResult, ImportSuccess } from './importResult';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}
function failed(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('CSV with a WKT column', () => {
  it.each([['EPSG:4490'], ['EPSG:4524']] as const)('round-trips geometry within 1 mm and attributes (%s)', (crs) => {
    const text = writeCsv(PARCELS, { crs });
    expect(text.startsWith('\uFEFF')).toBe(true);
    const back = ok(readCsv(new TextEncoder().encode(text)));
    expect(back.sourceCrs).toBe(crs);
    back.features.forEach((f, i) => {
      expect(maxDisplacementMeters(PARCELS[i]!.geometry, f.geometry)).toBeLessThan(1e-3);
      expect(f.properties).toEqual(PARCELS[i]!.properties);
    });
  });

  it('quotes per RFC 4180', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('跨道路, "两块"')).toBe('"跨道路, ""两块"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain')).toBe('plain');
    expect(parseCsvText('a,b\r\n"x, ""y""","multi\r\nline"\r\n3,4\r\n').rows.map((r) => [r.cells, r.line])).toEqual([
      [['x, "y"', 'multi\r\nline'], 2],
      [['3', '4'], 4],
    ]);
  });
});

describe('CSV vertex tables', () => {
  const vertexTable = [
    '地块编号,ring,order,x,y,name,landUseCode,investmentYi',
    'A-1,1,1,394612.345,3204123.456,一号地块,0802,1.5',
    'A-1,1,3,394853.003,3203902.554,一号地块,0802,1.5',
    'A-1,1,2,394841.876,3204131.210,一号地块,0802,1.5',
    'A-1,1,4,394620.118,3203889.987,一号地块,0802,1.5',
    'A-1,2,1,394700,3204050,,,',
    'A-1,2,2,394700,3203980,,,',
    'A-1,2,3,394760,3203980,,,',
    'A-2,1,1,395012.5,3204300.25,二号地块,1101,',
    'A-2,1,2,395150.75,3204300.25,二号地块,1101,',
    'A-2,1,3,395150.75,3204180.5,二号地块,1101,',
  ].join('\r\n');

  it('groups points by parcel and ring, sorts by order, takes attributes from the first row (GBK file)', () => {
    const back = ok(readCsv(new Uint8Array(iconv.encode(vertexTable, 'gbk'))));
    expect(back).toMatchObject({ encoding: 'gbk', sourceCrs: 'EPSG:4545', crsConfidence: 'inferred' });
    expect(back.warnings).toMatchObject([{ code: 'ASSUMED_ZONE' }]);
    expect(back.features).toHaveLength(2);
    expect(back.features[0]!.geometry.coordinates).toHaveLength(2);
    expect(back.features[0]!.properties).toEqual({ 地块编号: 'A-1', name: '一号地块', landUseCode: '0802', investmentYi: 1.5 });
    expect(back.features[1]!.properties).toMatchObject({ landUseCode: '1101', investmentYi: null });
  });

  it('refuses swapped X/Y (surveyors’ X = northing) unless told to swap', () => {
    const surveyors = vertexTable.replace(/^([^,]*,[^,]*,[^,]*),([\d.]+),([\d.]+)/gm, '$1,$3,$2');
    const failure = failed(readCsv(surveyors));
    expect(failure.reason).toBe('SWAPPED_AXES');
    expect(ok(readCsv(surveyors, { swapAxes: true })).features).toHaveLength(2);
  });

  it('points at the line of a bad number, and refuses a file without coordinates', () => {
    expect(failed(readCsv(vertexTable.replace('394700,3203980', '394700,32O3980')))).toMatchObject({ reason: 'MALFORMED_LINE', line: 7 });
    expect(failed(readCsv('name,area\r\na,1\r\n')).reason).toBe('UNSUPPORTED_FORMAT');
  });
});
