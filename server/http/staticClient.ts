/**
 * The built client (dist/): files served with the brotli or gzip copy the
 * build wrote beside them (scripts/precompress.ts), chosen by Accept-Encoding.
 * Files under /assets/ carry a content hash in their names, so a browser may
 * keep them for a year without asking; index.html names the current hashes
 * and is revalidated on every load. Paths that name no file get index.html
 * (the client routes itself).
 */
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { chooseEncoding, varyOnEncoding, type Encoding } from './compression';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

interface Variant {
  bytes: Uint8Array<ArrayBuffer>;
  encoding: Encoding | null;
}

interface StaticFile {
  mtimeMs: number;
  etag: string;
  type: string;
  /** Identity first, then the precompressed copies that exist. */
  variants: Variant[];
}

const ENCODING_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

async function readOptional(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
}

/** Serves the files under clientDir (absolute) with negotiated encoding and cache headers. */
export function staticClient(clientDir: string): MiddlewareHandler {
  const root = resolve(clientDir);
  // Files are read once and kept while their mtime holds: dist/ is a few MB, and a rebuild changes the mtime.
  const cache = new Map<string, StaticFile>();

  async function load(path: string): Promise<StaticFile | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const identity = await readOptional(path);
    if (!identity) return null;
    const variants: Variant[] = [{ bytes: identity, encoding: null }];
    for (const encoding of ['br', 'gzip'] as const) {
      const bytes = await readOptional(path + ENCODING_SUFFIX[encoding]);
      // A stale copy (left from an older build) would serve other content than the file: skip it.
      if (bytes && (await stat(path + ENCODING_SUFFIX[encoding])).mtimeMs >= info.mtimeMs) variants.push({ bytes, encoding });
    }
    const file: StaticFile = {
      mtimeMs: info.mtimeMs,
      etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      type: getMimeType(path) ?? 'application/octet-stream',
      variants,
    };
    cache.set(path, file);
    return file;
  }

  return async function serveClient(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let requested: string;
    try {
      requested = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    if (requested.includes('\0')) return next();
    const candidate = resolve(root, '.' + requested);
    const inside = candidate === root || candidate.startsWith(root + sep);
    const hashed = requested.startsWith('/assets/');
    let file = inside && !requested.endsWith('/') ? await load(candidate) : null;
    // A missing hashed asset is a stale page asking for an old build: index.html would not be JavaScript.
    if (!file && hashed) return next();
    if (!file) file = await load(join(root, 'index.html'));
    if (!file) return next();

    const available = file.variants.flatMap((v) => (v.encoding ? [v.encoding] : []));
    const encoding = available.length ? chooseEncoding(c.req.header('Accept-Encoding'), available) : null;
    const variant = file.variants.find((v) => v.encoding === encoding) ?? file.variants[0]!;
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': hashed ? IMMUTABLE : REVALIDATE,
      ETag: file.etag,
    };
    if (available.length) headers['Vary'] = varyOnEncoding(null);
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
      return c.body(null, 304, headers);
    }
    if (variant.encoding) headers['Content-Encoding'] = variant.encoding;
    headers['Content-Length'] = String(variant.bytes.byteLength);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(variant.bytes, 200, headers);
  };
}
