import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';
import { PARCELS } from './fixtures/parcels';
import type { ImportResult, ImportSuccess } from './importResult';
import { readShapefileParts, readShapefileZip, writeShapefileParts } from './shapefile';
import { countUndecodable } from './undecodableText';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}

/** 你, a stray 0xFF, "A", and A1 40 (an unassigned GBK code): valid to a strict decoder, two of them not text. */
const BROKEN_GBK = [0xc4, 0xe3, 0xff, 0x41, 0xa1, 0x40];

function replaceBytes(bytes: Uint8Array, ascii: string, replacement: number[]): Uint8Array {
  const needle = new TextEncoder().encode(ascii);
  const out = bytes.slice();
  for (let i = 0; i + needle.length <= out.length; i++) {
    if (needle.every((b, j) => out[i + j] === b)) {
      out.set(replacement, i);
      return out;
    }
  }
  throw new Error(`${ascii} not found`);
}

describe('GBK text that is not text is reported, not imported silently', () => {
  it('counts private-use and replacement characters only', () => {
    expect(countUndecodable('万盛储能')).toBe(0);
    expect(countUndecodable('你\uF8F5A\uE4C6')).toBe(2);
    expect(countUndecodable('a\uFFFDb')).toBe(1);
  });

  it('a .dbf declared GBK with a stray 0xFF and an unassigned code: a warning on that feature, naming the field', () => {
    // ASCII text only, so the UTF-8 writer's bytes are GBK too; then one name is replaced by GBK bytes.
    const features = PARCELS.slice(0, 2).map((f, i) => ({ ...f, properties: { parcelCode: `DK00${i}`, name: i === 1 ? 'QQQQQQ' : 'Normal' } }));
    const parts = writeShapefileParts(features, { crs: 'EPSG:4545' });
    const dbf = replaceBytes(parts.dbf, 'QQQQQQ', BROKEN_GBK);
    const read = ok(readShapefileParts({ shp: parts.shp, dbf, prj: parts.prj, cpg: 'GBK' }));
    expect(read.encoding).toBe('gbk');
    const warnings = read.warnings.filter((w) => w.code === 'UNDECODABLE_TEXT');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ featureIndex: 1 });
    expect(warnings[0]!.detail).toContain('name');
    // The text is kept as read (the planner decides), so the warning is about what is really there.
    expect(countUndecodable(String(read.features[1]!.properties.name))).toBe(2);
  });

  it('a GBK CSV with a stray byte is flagged; a clean GBK shapefile is not', () => {
    const header = new TextEncoder().encode('name,wkt\r\n');
    const row = [...BROKEN_GBK, ...new TextEncoder().encode(',"POLYGON((106.90 28.97,106.91 28.97,106.91 28.98,106.90 28.97))"\r\n')];
    const csv = ok(readCsv(new Uint8Array([...header, ...row])));
    expect(csv.encoding).toBe('gbk');
    expect(csv.warnings.filter((w) => w.code === 'UNDECODABLE_TEXT').map((w) => w.featureIndex)).toEqual([0]);
    const clean = ok(readShapefileZip(new Uint8Array(readFileSync(new URL('./fixtures/parcels-gbk-no-cpg.zip', import.meta.url)))));
    expect(clean.encoding).toBe('gbk');
    expect(clean.warnings.some((w) => w.code === 'UNDECODABLE_TEXT')).toBe(false);
  });
});
