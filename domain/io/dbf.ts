/**
 * dBase III attribute tables (.dbf) as shapefiles use them. Our own reader
 * rather than shpjs's parsedbf because the encoding must be decided once for
 * the whole table: .cpg first, then the code-page byte, then strict UTF-8,
 * then GBK (what Chinese ArcGIS/MapGIS installs write without a .cpg).
 */
import { importError } from './importResult';
import { decodeStrict, encodeUtf8, TextEncodingError, type TextEncodingName } from './textEncoding';

export type DbfValue = string | number | boolean | null;
export type DbfRow = Record<string, DbfValue>;

export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'L';
  lengthBytes: number;
  decimals: number;
}

interface RawField {
  nameBytes: Uint8Array;
  type: string;
  lengthBytes: number;
  decimals: number;
}

/** dBase language-driver IDs meaning code page 936 (GBK). */
const LDID_GBK = new Set([0x4d, 0x7a]);

export interface DbfTable {
  fields: string[];
  rows: DbfRow[];
  /** Row indices marked deleted ('*'). */
  deleted: Set<number>;
  encoding: TextEncodingName;
}

function trimmed(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  while (start < end && bytes[start] === 0x20) start++;
  return bytes.subarray(start, end);
}

export interface DbfHeader {
  recordCount: number;
  headerBytes: number;
  recordBytes: number;
}

/**
 * The header's sizes, checked against the file before any record is read: a
 * record holds at least its deletion flag (a 0-byte record would let a
 * 273-byte file claim 4 billion rows), the records must fit in the file, and
 * there may be at most `maxRecords` of them.
 */
export function readDbfHeader(bytes: Uint8Array, maxRecords: number): DbfHeader {
  if (bytes.length < 33) throw importError('TRUNCATED_FILE', `.dbf is ${bytes.length} bytes, shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerBytes = view.getUint16(8, true);
  const recordBytes = view.getUint16(10, true);
  if (headerBytes < 33 || headerBytes > bytes.length) throw importError('TRUNCATED_FILE', '.dbf header is cut off');
  if (recordBytes < 1) throw importError('UNSUPPORTED_FORMAT', `.dbf declares records of ${recordBytes} bytes`);
  if (recordCount > maxRecords) throw importError('TOO_MANY_FEATURES', `.dbf declares ${recordCount} records; the limit is ${maxRecords}`);
  // Both factors are below 2^32 and 2^16, so the product is exact in a double.
  if (headerBytes + recordCount * recordBytes > bytes.length) {
    throw importError('TRUNCATED_FILE', `.dbf declares ${recordCount} records of ${recordBytes} bytes; the file is ${bytes.length} bytes`);
  }
  return { recordCount, headerBytes, recordBytes };
}

/**
 * Reads a .dbf. `encoding` comes from the .cpg when there is one; a table of
 * more than `maxRecords` rows is refused from its header.
 */
export function readDbf(bytes: Uint8Array, encoding: TextEncodingName | null, maxRecords = Number.MAX_SAFE_INTEGER): DbfTable {
  const { recordCount, headerBytes, recordBytes } = readDbfHeader(bytes, maxRecords);
  const ldid = bytes[29]!;
  const raw: RawField[] = [];
  for (let at = 32; at + 32 <= headerBytes && bytes[at] !== 0x0d; at += 32) {
    const nameBytes = bytes.subarray(at, at + 11);
    const nul = nameBytes.indexOf(0);
    raw.push({
      nameBytes: nul >= 0 ? nameBytes.subarray(0, nul) : nameBytes,
      type: String.fromCharCode(bytes[at + 11]!),
      lengthBytes: bytes[at + 16]!,
      decimals: bytes[at + 17]!,
    });
  }
  const fieldBytes = raw.reduce((n, f) => n + f.lengthBytes, 0);
  if (1 + fieldBytes > recordBytes) throw importError('UNSUPPORTED_FORMAT', `.dbf fields need ${1 + fieldBytes} bytes per record; records are ${recordBytes}`);
  const cell = (row: number, field: number): Uint8Array => {
    let at = headerBytes + row * recordBytes + 1;
    for (let f = 0; f < field; f++) at += raw[f]!.lengthBytes;
    return bytes.subarray(at, at + raw[field]!.lengthBytes);
  };
  let chosen: TextEncodingName | null = encoding ?? (LDID_GBK.has(ldid) ? 'gbk' : null);
  if (!chosen) {
    chosen = 'utf-8';
    try {
      for (const f of raw) decodeStrict(f.nameBytes, 'utf-8');
      for (let r = 0; r < recordCount; r++) {
        raw.forEach((f, i) => {
          if (f.type === 'C') decodeStrict(trimmed(cell(r, i)), 'utf-8');
        });
      }
    } catch (e) {
      if (!(e instanceof TextEncodingError)) throw e;
      chosen = 'gbk';
    }
  }
  const decode = (b: Uint8Array): string => {
    try {
      return decodeStrict(b, chosen);
    } catch {
      throw importError('BAD_ENCODING', `.dbf text is not valid ${chosen!.toUpperCase()}`);
    }
  };
  const fields = raw.map((f) => decode(f.nameBytes).trim());
  const rows: DbfRow[] = [];
  const deleted = new Set<number>();
  for (let r = 0; r < recordCount; r++) {
    if (bytes[headerBytes + r * recordBytes] === 0x2a) deleted.add(r);
    const row: DbfRow = {};
    raw.forEach((f, i) => {
      const b = cell(r, i);
      const text = f.type === 'C' ? decode(trimmed(b)) : String.fromCharCode(...trimmed(b));
      let value: DbfValue;
      switch (f.type) {
        case 'N':
        case 'F': {
          const n = Number(text);
          value = text === '' || !Number.isFinite(n) ? null : n;
          break;
        }
        case 'L':
          value = /^[TtYy]$/.test(text) ? true : /^[FfNn]$/.test(text) ? false : null;
          break;
        case 'D':
          value = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
          break;
        case 'I':
          value = b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true) : null;
          break;
        case 'O':
          value = b.length === 8 ? new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true) : null;
          break;
        case 'C':
          value = text === '' ? null : text;
          break;
        default:
          value = null; // memo and other types hold no inline value
      }
      row[fields[i]!] = value;
    });
    rows.push(row);
  }
  return { fields, rows, deleted, encoding: chosen };
}

/** A number in plain decimal notation (dBase has no exponents), shortest round-trip digits. */
export function plainDecimal(value: number): string {
  const s = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + Number(m[4]);
  const body =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return m[1] + body;
}

function truncateUtf8(text: string, maxBytes: number): Uint8Array {
  let bytes = encodeUtf8(text);
  if (bytes.length <= maxBytes) return bytes;
  const chars = [...text];
  while (bytes.length > maxBytes) {
    chars.pop();
    bytes = encodeUtf8(chars.join(''));
  }
  return bytes;
}

/** Chooses each column's dBase type and width from its values. */
export function inferDbfFields(names: readonly string[], rows: readonly DbfRow[]): DbfField[] {
  return names.map((name) => {
    const values = rows.map((r) => r[name]).filter((v): v is Exclude<DbfValue, null> => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return { name, type: 'L', lengthBytes: 1, decimals: 0 };
    if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      const texts = values.map((v) => plainDecimal(v as number));
      const decimals = Math.max(0, ...texts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
      // At least 11 wide so readers never take a whole-number column for a 32-bit integer that overflows.
      return { name, type: 'N', lengthBytes: Math.min(254, Math.max(11, ...texts.map((t) => t.length))), decimals: Math.min(decimals, 15) };
    }
    const widths = values.map((v) => encodeUtf8(String(v)).length);
    return { name, type: 'C', lengthBytes: Math.min(254, Math.max(1, ...widths)), decimals: 0 };
  });
}

/** Writes a dBase III table; text is UTF-8 (the caller ships a .cpg saying so). */
export function writeDbf(fields: readonly DbfField[], rows: readonly DbfRow[], modifiedOn: Date = new Date()): Uint8Array {
  const headerBytes = 32 + 32 * fields.length + 1;
  const recordBytes = 1 + fields.reduce((n, f) => n + f.lengthBytes, 0);
  const out = new Uint8Array(headerBytes + recordBytes * rows.length + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = modifiedOn.getUTCFullYear() - 1900;
  out[2] = modifiedOn.getUTCMonth() + 1;
  out[3] = modifiedOn.getUTCDate();
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerBytes, true);
  view.setUint16(10, recordBytes, true);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set(truncateUtf8(f.name, 10), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.lengthBytes;
    out[at + 17] = f.decimals;
  });
  out[headerBytes - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerBytes + r * recordBytes;
    out[at++] = 0x20;
    for (const f of fields) {
      out.fill(0x20, at, at + f.lengthBytes);
      const v = row[f.name];
      if (v !== null && v !== undefined) {
        if (f.type === 'C') out.set(truncateUtf8(String(v), f.lengthBytes), at);
        else if (f.type === 'L') out[at] = v ? 0x54 : 0x46;
        else {
          const text = plainDecimal(v as number).slice(0, f.lengthBytes);
          out.set(encodeUtf8(text), at + f.lengthBytes - text.length); // numbers right-aligned
        }
      }
      at += f.lengthBytes;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}
