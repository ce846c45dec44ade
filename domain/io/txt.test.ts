import type { Polygon } from 'geojson';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../area';
import { geodesicAreaSquareMeters } from '../testing/geodesicReference';
import { fromLonLat } from './crs';
import { maxDisplacementMeters, PARCEL_WITH_HOLE, PARCELS, TWO_PART_PARCEL } from './fixtures/parcels';
import { FIRST_PARCEL_LINE, WANSHENG_TXT, WANSHENG_TXT_LINES } from './fixtures/txtFixtures';
import type { ImportFailure, ImportSuccess } from './importResult';
import { encodeTxt, readTxt, txtField, writeTxt, type TxtParcelProperties } from './txt';

const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'));

function ok(result: ReturnType<typeof readTxt>): ImportSuccess<TxtParcelProperties> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}

function failed(result: ReturnType<typeof readTxt>): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('readTxt on a GBK bureau file (zone-prefixed, with a hole)', () => {
  const result = ok(readTxt(gbk(WANSHENG_TXT)));

  it('decodes GBK and takes the CRS from the header and the prefixed eastings', () => {
    expect(result.encoding).toBe('gbk');
    expect(result.sourceCrs).toBe('EPSG:4524');
    expect(result.crsConfidence).toBe('declared');
    expect(result.warnings).toEqual([]);
  });

  it('reads both parcels, the first with its hole, and their attributes', () => {
    expect(result.features).toHaveLength(2);
    const [first, second] = result.features;
    expect(first!.geometry.type).toBe('Polygon');
    expect(first!.geometry.coordinates).toHaveLength(2);
    expect(first!.properties).toMatchObject({
      parcelCode: 'WS-TXT-001',
      name: '鱼田堡高新技术产业园A-7地块',
      sheetNumber: 'H48G062017',
      landUseDescription: '工业用地',
      landUseCode: '1001',
      statedAreaHectares: 4.932,
    });
    expect(second!.properties).toMatchObject({ parcelCode: 'WS-TXT-002', landUseCode: '1101', sheetNumber: null });
  });

  it('puts J1 (X = northing, Y = easting) back where the file says, within 1 mm', () => {
    const j1 = result.features[0]!.geometry.coordinates[0]![0] as number[];
    const [easting, northing] = fromLonLat('EPSG:4524', j1);
    expect(Math.abs(easting - 36394612.345)).toBeLessThan(1e-3);
    expect(Math.abs(northing - 3204123.456)).toBeLessThan(1e-3);
  });

  it('computes the official ellipsoidal area, and compares it with the stated (Gauss plane) area', () => {
    for (const f of result.features) {
      const p = f.properties;
      expect(p.computedAreaHectares).toBeCloseTo(areaSquareMeters(f.geometry) / 1e4, 12);
      // Independent check: GeographicLib's geodesic polygon area on CGCS2000.
      const rings = (f.geometry as Polygon).coordinates;
      const counterClockwise = rings.map((ring, r) => (r === 0 ? ring : [...ring].reverse()));
      const geodesic = geodesicAreaSquareMeters({ type: 'Polygon', coordinates: counterClockwise });
      expect(Math.abs(p.computedAreaHectares * 1e4 - geodesic) / geodesic).toBeLessThan(1e-6);
      // 1.1° west of the central meridian the Gauss scale is k ≈ 1 + (Δλ·cosφ)²/2, so the
      // plane area reads ≈ 2.8e-4 above the ellipsoidal one (plus the 0.0001 ha rounding).
      expect(p.areaDifferenceRelative).toBeGreaterThan(-4e-4);
      expect(p.areaDifferenceRelative).toBeLessThan(-1.5e-4);
    }
  });

  it('reads the same file in UTF-8 with a BOM, and as a string', () => {
    const utf8 = ok(readTxt(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(WANSHENG_TXT)])));
    expect(utf8.encoding).toBe('utf-8');
    expect(utf8.features).toEqual(result.features);
    expect(ok(readTxt(WANSHENG_TXT)).features).toEqual(result.features);
  });
});

describe('writeTxt → readTxt round trip', () => {
  it.each(['EPSG:4524', 'EPSG:4545'] as const)('keeps geometry within 1 mm and the attributes (%s, GBK bytes)', (crs) => {
    const text = writeTxt(PARCELS, { crs, producedOn: '2024-03-01', producer: '万盛经开区' });
    expect(text).toContain(`带号=36`);
    const back = ok(readTxt(encodeTxt(text, 'gbk')));
    expect(back.sourceCrs).toBe(crs);
    expect(back.features).toHaveLength(PARCELS.length);
    back.features.forEach((f, i) => {
      const original = PARCELS[i]!;
      expect(maxDisplacementMeters(original.geometry, f.geometry)).toBeLessThan(1e-3);
      expect(f.properties).toMatchObject({
        parcelCode: original.properties!.parcelCode,
        name: original.properties!.name,
        landUseCode: original.properties!.landUseCode,
        landUseDescription: original.properties!.landUseDescription,
      });
      // Stated area is written from the same geometry, to 0.0001 ha.
      expect(Math.abs(f.properties.statedAreaHectares! - f.properties.computedAreaHectares)).toBeLessThan(1e-4);
    });
    expect(back.features[1]!.geometry.type).toBe(TWO_PART_PARCEL.geometry.type);
  });

  it('numbers points J1… with each ring closing on its first point, outer ring clockwise', () => {
    const lines = writeTxt([PARCEL_WITH_HOLE], { producedOn: '2024-03-01', lineEnding: '\n' }).split('\n');
    const start = lines.indexOf('[地块坐标]') + 1;
    expect(lines[start]).toMatch(/^10,\d+\.\d{4},WS-2023-017,鱼田堡高新技术产业园 A-3 地块,面,,一类工业用地,100101,@$/);
    const labels = lines.slice(start + 1, start + 11).map((l) => l.split(',').slice(0, 2).join(','));
    expect(labels).toEqual(['J1,1', 'J2,1', 'J3,1', 'J4,1', 'J1,1', 'J5,2', 'J6,2', 'J7,2', 'J8,2', 'J5,2']);
  });
});

describe('txtField', () => {
  it('keeps a name with commas readable and on one field: commas become 、, @ and line breaks spaces', () => {
    expect(txtField('示例地块（一期,二期，三期）')).toBe('示例地块（一期、二期、三期）');
    expect(txtField('A@B\r\nC')).toBe('A B C');
    expect(txtField(null)).toBe('');
  });

  it('a name with commas survives a write → read round trip as one field', () => {
    const named = { ...PARCEL_WITH_HOLE, properties: { ...PARCEL_WITH_HOLE.properties!, name: '鱼田堡,储能一期，二期' } };
    const back = ok(readTxt(writeTxt([named], { producedOn: '2024-03-01' })));
    expect(back.features[0]!.properties).toMatchObject({ name: '鱼田堡、储能一期、二期', landUseCode: named.properties.landUseCode });
  });
});

describe('readTxt refuses bad files with a reason and a line', () => {
  it('a truncated file', () => {
    const cut = WANSHENG_TXT_LINES.slice(0, FIRST_PARCEL_LINE + 7).join('\r\n');
    const failure = failed(readTxt(gbk(cut)));
    expect(failure.reason).toBe('TRUNCATED_FILE');
    expect(failure.line).toBe(FIRST_PARCEL_LINE + 7);
    expect(failed(readTxt(gbk(WANSHENG_TXT_LINES.slice(0, 8).join('\r\n')))).reason).toBe('TRUNCATED_FILE');
  });

  it('bytes in neither UTF-8 nor GBK form', () => {
    const utf16 = new Uint8Array(iconv.encode(WANSHENG_TXT, 'utf16-le')); // no BOM
    expect(failed(readTxt(utf16)).reason).toBe('BAD_ENCODING');
    const big5 = new Uint8Array(iconv.encode(WANSHENG_TXT, 'big5'));
    expect(failed(readTxt(big5)).reason).toBe('BAD_ENCODING');
  });

  it('X and Y exchanged (easting in the X column)', () => {
    const swapped = WANSHENG_TXT_LINES.map((line) => {
      const m = /^(J\d+,\d+),([\d.]+),([\d.]+)$/.exec(line);
      return m ? `${m[1]},${m[3]},${m[2]}` : line;
    }).join('\n');
    expect(failed(readTxt(swapped)).reason).toBe('SWAPPED_AXES');
  });

  it('a coordinate that is not a number', () => {
    const lines = [...WANSHENG_TXT_LINES];
    lines[FIRST_PARCEL_LINE + 1] = 'J2,1,3204131.2l0,36394841.876';
    const failure = failed(readTxt(lines.join('\n')));
    expect(failure).toMatchObject({ reason: 'MALFORMED_LINE', line: FIRST_PARCEL_LINE + 2 });
  });

  it('a boundary that crosses itself, pointing at the parcel header', () => {
    const lines = [...WANSHENG_TXT_LINES];
    [lines[FIRST_PARCEL_LINE + 1], lines[FIRST_PARCEL_LINE + 2]] = [lines[FIRST_PARCEL_LINE + 2]!, lines[FIRST_PARCEL_LINE + 1]!];
    const failure = failed(readTxt(lines.join('\n')));
    expect(failure).toMatchObject({ reason: 'INVALID_GEOMETRY', geometryReason: 'SELF_INTERSECTION', line: FIRST_PARCEL_LINE, featureIndex: 0 });
  });

  it('a Xi’an 1980 file, and a text file that is not a bureau TXT', () => {
    expect(failed(readTxt(WANSHENG_TXT.replace('2000国家大地坐标系', '1980西安坐标系'))).reason).toBe('UNSUPPORTED_CRS');
    expect(failed(readTxt(new TextEncoder().encode('hello, world\n1,2,3\n'))).reason).toBe('UNSUPPORTED_FORMAT');
  });
});
