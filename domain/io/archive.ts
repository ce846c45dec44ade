/**
 * Unzipping uploads (zipped shapefiles, KMZ) without trusting them. Every
 * entry's declared size, compression ratio and path is checked from the
 * central directory *before* anything is inflated, so a 300 MB bomb is
 * refused after reading a few hundred bytes. An entry that lies about its
 * size cannot grow past the declared size either: fflate inflates into a
 * buffer of exactly that size.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { ImportError, importError } from './importResult';

export interface ArchiveLimits {
  /** Sum of uncompressed sizes; default 200 MB. */
  maxTotalUncompressedBytes: number;
  /** Entries (files and folders); default 1000. */
  maxEntries: number;
  /** An entry over this ratio (uncompressed/compressed) … default 100 … */
  maxCompressionRatio: number;
  /** … and over this size (default 50 MB) is a bomb. */
  ratioCheckAboveBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxEntries: 1000,
  maxCompressionRatio: 100,
  ratioCheckAboveBytes: 50 * 1024 * 1024,
});

export interface ArchiveEntryInfo {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

/** True for names that could escape the extraction folder: `..` segments, absolute or drive paths. */
export function isUnsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.split('/').some((segment) => segment === '..') || n.includes('\0');
}

function fflateFailure(e: unknown): never {
  throw importError('ARCHIVE_CORRUPT', e instanceof Error ? e.message : String(e));
}

/** Lists entries from the central directory and enforces every limit; inflates nothing. */
export function inspectArchive(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): ArchiveEntryInfo[] {
  const l = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const entries: ArchiveEntryInfo[] = [];
  let total = 0;
  const check = (info: UnzipFileInfo): false => {
    if (entries.length + 1 > l.maxEntries) throw importError('ARCHIVE_TOO_MANY_ENTRIES', `more than ${l.maxEntries} entries`);
    if (isUnsafeEntryName(info.name)) throw importError('ARCHIVE_PATH_TRAVERSAL', `entry "${info.name}"`);
    const ratio = info.originalSize / Math.max(1, info.size);
    if (ratio > l.maxCompressionRatio && info.originalSize > l.ratioCheckAboveBytes) {
      throw importError('ARCHIVE_TOO_LARGE', `entry "${info.name}" expands ${Math.round(ratio)}× to ${info.originalSize} bytes`);
    }
    total += info.originalSize;
    if (total > l.maxTotalUncompressedBytes) {
      throw importError('ARCHIVE_TOO_LARGE', `entries expand to more than ${l.maxTotalUncompressedBytes} bytes`);
    }
    entries.push({ name: info.name, compressedBytes: info.size, uncompressedBytes: info.originalSize });
    return false;
  };
  try {
    unzipSync(bytes, { filter: check });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    fflateFailure(e);
  }
  return entries;
}

/**
 * Unzips the entries `wanted` selects, after inspectArchive's checks pass.
 * Folder entries and macOS resource forks (__MACOSX/) are skipped.
 */
export function unzipSafely(
  bytes: Uint8Array,
  wanted: (name: string) => boolean = () => true,
  limits: Partial<ArchiveLimits> = {},
): Record<string, Uint8Array> {
  const entries = inspectArchive(bytes, limits);
  const declared = new Map(entries.map((e) => [e.name, e.uncompressedBytes]));
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (info) => !info.name.endsWith('/') && !info.name.startsWith('__MACOSX/') && wanted(info.name),
    });
  } catch (e) {
    fflateFailure(e);
  }
  for (const [name, data] of Object.entries(files)) {
    if (data.length !== declared.get(name)) {
      throw importError('ARCHIVE_CORRUPT', `entry "${name}" inflates to ${data.length} bytes, not the declared ${declared.get(name)}`);
    }
  }
  return files;
}
