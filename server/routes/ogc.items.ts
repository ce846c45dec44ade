/**
 * An items page (a GeoJSON FeatureCollection) written as UTF-8 bytes. Small
 * pages go out as one buffer with their Content-Length. A long page — up to
 * 10,000 parcels, a few megabytes — would hold the request thread for its
 * whole writing (~0.6 s at 3,000 parcels when it was one string), so it is
 * streamed: FEATURES_PER_CHUNK features written, then the thread is handed
 * back (setImmediate) before the next chunk, and a planner's small read
 * arriving meanwhile is answered between two chunks.
 *
 * The bytes are the same either way. The page's rows are read before the
 * first byte (one statement, one snapshot), so numberMatched and
 * numberReturned, which come first in the text, describe exactly the
 * features that follow, however long the writing takes.
 */
import { ByteChunks } from '../http/byteChunks';
import type { CollectionDescriptor } from '../store/collections';
import { rowToFeatureJson, writeFeature, type FeaturePage } from '../store/features.query';
import { CRS84_URI, geometryToCrs, type OgcCrs } from '../../domain/ogcCrs';

/** Pages with more features than this are streamed. */
export const STREAM_FEATURES_OVER = 1000;
/** Features written between two yields to the event loop (~5–15 ms of work on the shared 2-core bench machine). */
export const FEATURES_PER_CHUNK = 250;

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A feature's JSON text with its geometry in `crs` (only called for CRSs other than CRS84, whose text passes through). */
function featureJsonInCrs(json: string, crs: OgcCrs): string {
  const f = JSON.parse(json);
  f.geometry = geometryToCrs(f.geometry, crs);
  return JSON.stringify(f);
}

/** Features [from, to) of the page, comma-separated, into `out`. */
function writeFeatures(d: CollectionDescriptor, page: FeaturePage, crs: OgcCrs, from: number, to: number, out: ByteChunks): void {
  const passThrough = crs.uri === CRS84_URI;
  for (let i = from; i < to; i++) {
    if (i > 0) out.write(',');
    if (passThrough) writeFeature(d, page.rows[i], out);
    else out.write(featureJsonInCrs(rowToFeatureJson(d, page.rows[i]), crs));
  }
}

/**
 * The page's body: `head` (everything up to and including `"features":[`),
 * the features, then `tail` (from the closing `]`). A Uint8Array for small
 * pages, a stream of chunks with yields between them for long ones.
 */
export function featureCollectionBody(d: CollectionDescriptor, page: FeaturePage, crs: OgcCrs, head: string, tail: string): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>> {
  const count = page.rows.length;
  if (count <= STREAM_FEATURES_OVER) {
    const out = new ByteChunks();
    out.write(head);
    writeFeatures(d, page, crs, 0, count, out);
    out.write(tail);
    // Buffers from Buffer.allocUnsafe sit on ArrayBuffers (never shared ones), which is what a body takes.
    return out.takeAll() as Uint8Array<ArrayBuffer>;
  }
  let next = 0;
  const out = new ByteChunks();
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      await yieldToOtherRequests();
      if (next === 0) out.write(head);
      const to = Math.min(count, next + FEATURES_PER_CHUNK);
      writeFeatures(d, page, crs, next, to, out);
      next = to;
      if (next === count) out.write(tail);
      for (const chunk of out.take()) controller.enqueue(chunk as Uint8Array<ArrayBuffer>);
      if (next === count) controller.close();
    },
  });
}
