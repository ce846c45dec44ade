/**
 * Compression of API answers (JSON, GeoJSON, CSV, problem bodies) for
 * clients that accept it: brotli when offered, else gzip. Tiles, PMTiles,
 * zip/xlsx downloads and other binary bodies are left alone (their types do
 * not match), and so is the change stream: text/event-stream must reach the
 * browser event by event, and a compressor would hold events back until its
 * buffer filled.
 */
import type { MiddlewareHandler } from 'hono';
import { constants, brotliCompress, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this many bytes the encoding headers cost about what compression saves. */
export const COMPRESS_MIN_BYTES = 1024;
/**
 * Brotli quality 5: about gzip-6 speed on GeoJSON with ~15% smaller output;
 * 11 (the build's setting for static files) is far too slow per request.
 */
const BROTLI_QUALITY = 5;

const COMPRESSIBLE = /^\s*(?:application\/(?:json|geo\+json|problem\+json|[\w.+-]*\+json|xml|javascript)|text\/(?!event-stream)[\w.+-]+|image\/svg\+xml)\s*(?:;|$)/i;

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with for an Accept-Encoding header, or null (identity). q=0 refuses one. */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[] = ['br', 'gzip']): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get('*');
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const enc of available) {
    const value = q.get(enc) ?? wildcard ?? 0;
    if (value > bestQ) {
      best = enc;
      bestQ = value;
    }
  }
  return best;
}

/** Adds Accept-Encoding to a Vary header value. */
export function varyOnEncoding(current: string | null): string {
  if (!current) return 'Accept-Encoding';
  if (current === '*' || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(current)) return current;
  return `${current}, Accept-Encoding`;
}

async function compressWhole(bytes: Uint8Array, encoding: Encoding): Promise<Uint8Array> {
  return encoding === 'br'
    ? brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } })
    : gzipAsync(bytes);
}

/**
 * Compresses compressible answers when the request accepts br or gzip.
 * ETags are kept as they are: they name the resource's version (If-Match
 * compares them), which is the same whatever the encoding.
 */
export function compressAnswers(): MiddlewareHandler {
  return async function compressAnswer(c, next) {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.status === 204 || res.status === 206 || res.status === 304) return;
    if (res.headers.has('Content-Encoding') || !COMPRESSIBLE.test(res.headers.get('Content-Type') ?? '')) return;
    if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')) return;
    const lengthText = res.headers.get('Content-Length');
    const length = lengthText === null ? null : Number(lengthText);
    if (length !== null && length < COMPRESS_MIN_BYTES) return;
    // The answer differs by Accept-Encoding from here on, whether or not this request gets it compressed.
    res.headers.set('Vary', varyOnEncoding(res.headers.get('Vary')));
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    // Only now read `body`: on @hono/node-server that getter turns a string answer into a web Response
    // (a USV scan, a UTF-8 copy and a stream), which an identity answer never needs.
    if (!encoding || !res.body) return;

    // Every compressible answer is built in memory (JSON.stringify, export files), so it is compressed
    // in one call on zlib's thread pool rather than as a stream; the change stream never gets here.
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength < COMPRESS_MIN_BYTES) {
      c.res = new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
      return;
    }
    const compressed = await compressWhole(bytes, encoding);
    const headers = new Headers(res.headers);
    headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(compressed.byteLength));
    c.res = new Response(compressed as Uint8Array<ArrayBuffer>, { status: res.status, statusText: res.statusText, headers });
  };
}
