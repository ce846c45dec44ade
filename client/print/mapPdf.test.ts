import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPdftotext, skipWithout } from '../../tests/support/tools';
import { buildMapPdf, colourOf, sheetPoints, type MapPdfInput } from './mapPdf';

/** The PDFs are read back with poppler (pdftotext, pdfinfo, pdftoppm): required under CI, like GDAL. */
const withoutPoppler = skipWithout('pdftotext (poppler-utils)', hasPdftotext());

const font = readFileSync(new URL('./fonts/NotoSansSC-Regular.ttf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'map-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A solid-colour PNG of w×h pixels (8-bit RGB, filter 0 per row). */
function png(w: number, h: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 255]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([200, 220, 240], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const input: MapPdfInput = {
  paper: 'A3',
  orientation: 'landscape',
  title: '万盛经开区 B1 平台用地现状图',
  map: { png: png(400, 250), widthPixels: 400, heightPixels: 250 },
  legend: [
    { label: '已落实（已供地/在建/已投产）', color: '#2b8a3e', shape: 'fill' },
    { label: '储备', color: '#f59f00', shape: 'fill' },
    { label: '天然气干线', color: '#c92a2a', shape: 'line' },
    { label: '冷热电三联供站', color: '#1971c2', shape: 'point' },
  ],
  // 2 km across a picture printed ~950 pt wide on A3 landscape: ~2.1 m per point, a 40 mm bar holds 238 m → 200 m.
  groundWidthMeters: 2000,
  bearingDegrees: 0,
  dateText: '出图日期 2026-12-03',
  sourceText: '数据来源：Land Ledger 园区用地台账',
  illustrativeNote: '示意：地块与园区范围为示意数据，非官方界线',
  words: { legend: '图例', north: '北', scale: '比例尺' },
};

/** The text pdftotext (Debian poppler-utils) reads from the PDF, as a planner's search would. */
function textOf(bytes: Uint8Array, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe('a printed map as a PDF', () => {
  it.skipIf(withoutPoppler)('carries the Chinese title, every legend entry, the scale, date, source and 示意 note as text', async () => {
    const bytes = await buildMapPdf(input, font);
    const text = textOf(bytes, 'a3.pdf');
    const flat = text.replace(/\s+/g, '');
    for (const words of [input.title, ...input.legend.map((l) => l.label), '200 m', input.dateText, input.sourceText, input.illustrativeNote!, '图例']) {
      expect(flat, words).toContain(words.replace(/\s+/g, ''));
    }
    // 1:N from the printed width: 2,000 m over the picture's width in metres of paper.
    const n = Number(/比例尺1:([\d,]+)/.exec(flat)![1]!.replace(/,/g, ''));
    expect(n).toBeGreaterThan(5_000);
    expect(n).toBeLessThan(7_000);
    // The font goes in compressed: the sheet stays under 2 MB although the font file is 2.4 MB.
    expect(bytes.length).toBeLessThan(2_000_000);
  });

  it.skipIf(withoutPoppler)('draws every glyph: the rendered title is as wide as the text run (no blank glyphs)', async () => {
    // Rendered at 40 dpi by poppler, the title's band (between the sheet's top margin and the map frame) is inked across its width.
    const path = join(dir, 'render.pdf');
    writeFileSync(path, await buildMapPdf(input, font));
    const pgm = execFileSync('pdftoppm', ['-r', '40', '-gray', '-y', '15', '-H', '20', '-W', '800', path], { maxBuffer: 1 << 24 });
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    const pixels = pgm.subarray(header[0].length);
    const inked = new Set<number>();
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (pixels[y * w + x]! < 128) inked.add(x);
    // The title's 14 glyphs of 22 pt at 40 dpi span ~150 px; with pdf-lib's subsetting only 4 of them drew (~45 px).
    expect(inked.size).toBeGreaterThan(100);
  });

  it.skipIf(withoutPoppler)('is an A3 landscape page, or A4 portrait, by the MediaBox', async () => {
    for (const [paper, orientation, w, h] of [['A3', 'landscape', 1190.55, 841.89], ['A4', 'portrait', 595.28, 841.89]] as const) {
      const bytes = await buildMapPdf({ ...input, paper, orientation }, font);
      const info = execFileSync('pdfinfo', ['-'], { input: Buffer.from(bytes), encoding: 'utf8' });
      const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      expect(Number(m[1])).toBeCloseTo(w, 0);
      expect(Number(m[2])).toBeCloseTo(h, 0);
      expect(sheetPoints(paper, orientation)).toEqual({ width: w, height: h });
    }
  });

  it.skipIf(withoutPoppler)('leaves out the 示意 note when every layer is official, and keeps a long title on one line', async () => {
    const long = '万盛经济技术开发区'.repeat(12);
    const text = textOf(await buildMapPdf({ ...input, paper: 'A4', orientation: 'portrait', title: long, illustrativeNote: null }, font), 'a4.pdf');
    expect(text).not.toContain('示意');
    expect(text).toContain('…');
  });

  it('reads #rgb, #rrggbb and rgb() colours and prints anything else grey', () => {
    expect(colourOf('#fff')).toEqual(colourOf('#ffffff'));
    expect(colourOf('#2b8a3e')).toMatchObject({ red: 0x2b / 255, green: 0x8a / 255, blue: 0x3e / 255 });
    expect(colourOf('rgba(43, 138, 62, 0.5)')).toEqual(colourOf('#2b8a3e'));
    expect(colourOf('teal')).toMatchObject({ red: 0.5, green: 0.5, blue: 0.5 });
  });
});
