import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDxf, writeDxf, writeDxfBytes } from './dxf';
import { maxDisplacementMeters, PARCEL_WITH_HOLE, PARCELS, TWO_PART_PARCEL } from './fixtures/parcels';
import type { ImportFailure, ImportResult, ImportSuccess } from './importResult';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}
function failed(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

const withLayers = PARCELS.map((f, i) => ({ ...f, properties: { layer: i === 0 ? '界址线-工业' : 'BOUNDARY' } }));

describe('DXF', () => {
  it('round-trips: each parcel on its layer within 1 mm, the hole nested back in, zone assumed and said', () => {
    const text = writeDxf(withLayers);
    const back = ok(readDxf(new TextEncoder().encode(text)));
    expect(back).toMatchObject({ sourceCrs: 'EPSG:4545', crsConfidence: 'inferred' });
    expect(back.warnings).toMatchObject([{ code: 'ASSUMED_ZONE' }]);
    // DXF has no multi-part parcels: the two-part parcel comes back as two features on its layer.
    expect(back.features).toHaveLength(3);
    const [holed, partA, partB] = back.features;
    expect(holed!.properties).toEqual({ layer: '界址线-工业' });
    expect(maxDisplacementMeters(PARCEL_WITH_HOLE.geometry, holed!.geometry)).toBeLessThan(1e-3);
    const parts = TWO_PART_PARCEL.geometry.coordinates;
    expect(partA!.properties).toEqual({ layer: 'BOUNDARY' });
    expect(maxDisplacementMeters({ type: 'Polygon', coordinates: parts[0]! }, partA!.geometry)).toBeLessThan(1e-3);
    expect(maxDisplacementMeters({ type: 'Polygon', coordinates: parts[1]! }, partB!.geometry)).toBeLessThan(1e-3);
  });

  it('writes GBK (AC1015, ANSI_936) for older CAD, and reads it back', () => {
    const bytes = writeDxfBytes(withLayers, { codePage: 'gbk' });
    expect(new TextDecoder().decode(bytes.subarray(0, 120))).toContain('ANSI_936');
    const back = ok(readDxf(bytes));
    expect(back.encoding).toBe('gbk');
    expect(back.features[0]!.properties).toEqual({ layer: '界址线-工业' });
  });

  it('reads nested rings as separate parcels when asked', () => {
    const back = ok(readDxf(writeDxf(withLayers), { nestedRingsAsHoles: false }));
    expect(back.features).toHaveLength(4);
  });

  it('reads a GBK drawing with a zone-prefixed CRS, skipping open polylines and other entities', () => {
    const lines = [
      '0', 'SECTION', '2', 'HEADER', '9', '$DWGCODEPAGE', '3', 'ANSI_936', '0', 'ENDSEC',
      '0', 'SECTION', '2', 'ENTITIES',
      '0', 'LWPOLYLINE', '8', '用地红线', '90', '4', '70', '1',
      '10', '36394612.345', '20', '3204123.456', '10', '36394841.876', '20', '3204131.210',
      '10', '36394853.003', '20', '3203902.554', '10', '36394620.118', '20', '3203889.987',
      '0', 'LWPOLYLINE', '8', '道路', '90', '2', '70', '0', '10', '36394600', '20', '3204000', '10', '36394900', '20', '3204000',
      '0', 'TEXT', '8', '注记', '10', '36394700', '20', '3204000', '1', 'A-7',
      '0', 'ENDSEC', '0', 'EOF',
    ].join('\r\n');
    const back = ok(readDxf(new Uint8Array(iconv.encode(lines, 'gbk'))));
    expect(back).toMatchObject({ encoding: 'gbk', sourceCrs: 'EPSG:4524' });
    expect(back.features).toHaveLength(1);
    expect(back.features[0]!.properties).toEqual({ layer: '用地红线' });
    expect(back.warnings).toMatchObject([{ code: 'SKIPPED_ENTITIES', detail: '2 entities are not closed polylines' }]);
  });

  it('refuses a truncated drawing, swapped axes, and local coordinates', () => {
    const dxf = writeDxf(withLayers);
    expect(failed(readDxf(dxf.slice(0, dxf.length / 2))).reason).toBe('TRUNCATED_FILE');
    const swapped = dxf.replace(/\n10\n([\d.]+)\n20\n([\d.]+)/g, '\n10\n$2\n20\n$1');
    expect(failed(readDxf(swapped)).reason).toBe('SWAPPED_AXES');
    const local = ['0', 'SECTION', '2', 'ENTITIES', '0', 'LWPOLYLINE', '8', '0', '90', '3', '70', '1', '10', '0', '20', '0', '10', '100', '20', '0', '10', '100', '20', '100', '0', 'ENDSEC', '0', 'EOF'].join('\n');
    expect(failed(readDxf(local)).reason).toBe('UNKNOWN_CRS');
  });
});
