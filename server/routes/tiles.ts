/** GET /tiles/{collection}/{z}/{x}/{y}.mvt — vector tiles with ETag/304 and cache headers. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { COLLECTIONS, isCollectionId } from '../store/collections';
import { currentGeneration, MAX_TILE_ZOOM, renderTile } from '../store/tiles';

export function tileRoutes(db: Kysely<Database>): Hono {
  const app = new Hono();
  app.get('/:collection/:z/:x/:file', async (c) => {
    const collection = c.req.param('collection');
    if (!isCollectionId(collection)) return problem(c, 404, 'NOT_FOUND', `collection ${collection}`);
    const m = /^(\d+)\.mvt$/.exec(c.req.param('file'));
    const z = Number(c.req.param('z'));
    const x = Number(c.req.param('x'));
    const y = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0 || z > MAX_TILE_ZOOM || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) {
      return problem(c, 400, 'INVALID_REQUEST', 'tile coordinates out of range');
    }
    const generation = await currentGeneration(db);
    const etag = `"${collection}-${z}-${x}-${y}-g${generation}"`;
    // Revalidate on every use: the ETag check is one indexed max() and saves re-sending the tile.
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    const tile = await renderTile(db, COLLECTIONS[collection], z, x, y, generation);
    return c.body(tile as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/vnd.mapbox-vector-tile' });
  });
  return app;
}
