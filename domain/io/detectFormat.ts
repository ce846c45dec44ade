/**
 * Which reader an upload goes to, from its first bytes and, where bytes
 * cannot tell (a zip may be a shapefile or a KMZ; CSV has no signature),
 * its file name.
 */
import { inspectArchive } from './archive';
import { ImportError, type FileFormat } from './importResult';

export type FormatDetection = { format: FileFormat; by: 'content' | 'name' } | { format: null; reason: 'UNSUPPORTED_FORMAT'; detail: string };

const EXTENSIONS: Record<string, FileFormat> = {
  txt: 'txt',
  zip: 'shapefile',
  shp: 'shapefile',
  kml: 'kml',
  kmz: 'kmz',
  dxf: 'dxf',
  csv: 'csv',
  geojson: 'geojson',
  json: 'geojson',
};

/** Bytes that start most legacy-encoded Chinese text files; ASCII sniffing works on both UTF-8 and GBK. */
function headText(bytes: Uint8Array, length = 4096): string {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const head = bytes.subarray(start, start + length);
  try {
    return new TextDecoder('utf-8').decode(head);
  } catch {
    return '';
  }
}

/** The GBK bytes of "[属性描述]" and "[地块坐标]": a GBK TXT has no UTF-8 text to match. */
const GBK_MARKERS = [
  [0x5b, 0xca, 0xf4, 0xd0, 0xd4, 0xc3, 0xe8, 0xca, 0xf6, 0x5d],
  [0x5b, 0xb5, 0xd8, 0xbf, 0xe9, 0xd7, 0xf8, 0xb1, 0xea, 0x5d],
];

function containsBytes(haystack: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Sniffs the format: zip → shapefile or KMZ (by the entries inside, then the
 * name); "[属性描述]" → TXT; "<kml" → KML; "0 / SECTION" → DXF; "{" → GeoJSON;
 * otherwise the extension, with CSV for .csv or delimited text.
 */
export function detectFormat(fileName: string, bytes: Uint8Array): FormatDetection {
  const ext = (/\.([^.]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) {
    try {
      const names = inspectArchive(bytes).map((e) => e.name.toLowerCase());
      if (names.some((n) => n.endsWith('.shp'))) return { format: 'shapefile', by: 'content' };
      if (names.some((n) => n.endsWith('.kml'))) return { format: 'kmz', by: 'content' };
    } catch (e) {
      // An unsafe or corrupt archive is refused by the reader with its own reason.
      if (!(e instanceof ImportError)) throw e;
    }
    return { format: ext === 'kmz' ? 'kmz' : 'shapefile', by: 'name' };
  }
  const head = headText(bytes);
  const headBytes = bytes.subarray(0, 4096);
  if (head.includes('[属性描述]') || head.includes('[地块坐标]') || GBK_MARKERS.some((m) => containsBytes(headBytes, m))) {
    return { format: 'txt', by: 'content' };
  }
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (/<kml[\s>]/.test(head)) return { format: 'kml', by: 'content' };
  if (/^0\s*\r?\n\s*SECTION\s*\r?\n/.test(trimmed) || /^999\s*\r?\n/.test(trimmed)) return { format: 'dxf', by: 'content' };
  if (trimmed.startsWith('{')) return { format: 'geojson', by: 'content' };
  const byName = EXTENSIONS[ext];
  if (byName && byName !== 'shapefile' && byName !== 'kmz') return { format: byName, by: 'name' };
  const firstLine = trimmed.split(/\r?\n/)[0] ?? '';
  if (/[,\t;]/.test(firstLine) && !/[\u0000-\u0008]/.test(head)) return { format: 'csv', by: 'content' };
  return { format: null, reason: 'UNSUPPORTED_FORMAT', detail: `cannot tell the format of "${fileName}"` };
}
