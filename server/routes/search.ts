/**
 * GET /api/search?q=…&limit=…: parcels whose id (地块编码), name or
 * enterprise matches q, by part of the text or by pinyin initials, best first
 * (domain/search.ts), with their bbox so the map can fly there at once.
 * Readable by whoever may read the parcels.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { ParcelSearchIndex } from '../store/search.index';
import type { SearchResponse } from '../../domain/api/parcels.schema';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export function searchRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  const index = new ParcelSearchIndex(db);

  app.get('/', async (c) => {
    const q = c.req.query('q') ?? '';
    const limitText = c.req.query('limit') ?? String(DEFAULT_LIMIT);
    const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) return problem(c, 400, 'INVALID_REQUEST', `limit must be an integer from 1 to ${MAX_LIMIT}`);
    const { hits, total } = await index.search(q, limit);
    return c.json(
      {
        query: q,
        total,
        results: hits.map(({ entry, match }) => ({
          kind: 'parcel' as const,
          id: entry.id,
          name: entry.name,
          enterprise: entry.enterprise,
          matched: match.field,
          bbox: entry.bbox,
        })),
      } satisfies SearchResponse,
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  return app;
}
