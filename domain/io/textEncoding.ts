/**
 * Text decoding and encoding for imported files: UTF-8 (with or without BOM),
 * UTF-16 with a BOM, and GBK, which Chinese Windows software (and the land
 * bureau's TXT) still writes.
 *
 * Why not iconv-lite here: it needs Node's Buffer, and domain/ must run in
 * the browser too. The WHATWG Encoding Standard's TextDecoder reads GBK in
 * every browser and in Node (full ICU, the default build); GBK *encoding* is
 * the inverse of that decoder's two-byte table, built once on first use.
 * Tests check both directions against iconv-lite.
 */

export type TextEncodingName = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

export class TextEncodingError extends Error {
  constructor(
    readonly code: 'BAD_ENCODING' | 'UNENCODABLE_TEXT',
    message: string,
  ) {
    super(message);
  }
}

/** The encoding a BOM declares, and the BOM's length in bytes. */
export function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Decodes strictly: throws TextEncodingError on any byte sequence invalid in `encoding`. */
export function decodeStrict(bytes: Uint8Array, encoding: TextEncodingName): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new TextEncodingError('BAD_ENCODING', `the bytes are not valid ${encoding.toUpperCase()}`);
  }
}

/** Maps an encoding label (.cpg contents, a dBase code page) to one we read, or null. */
export function encodingFromLabel(label: string | undefined): TextEncodingName | null {
  const l = (label ?? '').trim().toLowerCase().replace(/^ansi\s*/, '');
  if (!l) return null;
  if (/^(utf-?8|65001)$/.test(l)) return 'utf-8';
  if (/^(gbk|gb2312|gb18030|cp936|936|windows-936|x-gbk|euc-cn)$/.test(l)) return 'gbk';
  return null;
}

/**
 * Decodes text whose encoding is not declared: a BOM wins; then strict UTF-8;
 * then strict GBK. `accept` may reject a decoding (e.g. a marker line is
 * missing) so the next candidate is tried.
 */
export function decodeUnknownText(
  bytes: Uint8Array,
  accept: (text: string) => boolean = () => true,
): { text: string; encoding: TextEncodingName } {
  const bom = byteOrderMark(bytes);
  if (bom) return { text: decodeStrict(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding };
  const candidates: TextEncodingName[] = ['utf-8', 'gbk'];
  for (const encoding of candidates) {
    let text: string;
    try {
      text = decodeStrict(bytes, encoding);
    } catch {
      continue;
    }
    if (accept(text)) return { text, encoding };
  }
  throw new TextEncodingError('BAD_ENCODING', 'the bytes decode as neither UTF-8 nor GBK text of the expected form');
}

let gbkTable: Map<number, number> | null = null;

/** Unicode code point → GBK two-byte code, from the decoder's own table. */
function gbkEncodingTable(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const table = new Map<number, number>();
  const decoder = new TextDecoder('gbk', { fatal: true });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let s: string;
      try {
        s = decoder.decode(pair);
      } catch {
        continue;
      }
      const cp = s.codePointAt(0)!;
      // Keep the first code for a character (the decoder maps a few codes to the same one).
      if (s.length === 1 && !table.has(cp)) table.set(cp, (lead << 8) | trail);
    }
  }
  gbkTable = table;
  return table;
}

/** Encodes text as GBK bytes; throws TextEncodingError for a character GBK lacks. */
export function encodeGbk(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  let table: Map<number, number> | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    table ??= gbkEncodingTable();
    const code = table.get(cp);
    if (code === undefined) {
      throw new TextEncodingError('UNENCODABLE_TEXT', `"${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) has no GBK code`);
    }
    out[n++] = code >> 8;
    out[n++] = code & 0xff;
  }
  return out.slice(0, n);
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
