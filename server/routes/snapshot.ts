/**
 * GET /api/snapshot?asOf=YYYY-MM-DD (or ?year=YYYY): the parcels as they
 * stood at the end of that day (CST), rebuilt from the change log — the rule
 * for seeded parcels is in server/store/snapshot.ts — as a GeoJSON
 * FeatureCollection. The map's year slider reads this.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { parcelsAsOf, parseAsOf } from '../store/snapshot';

export const SNAPSHOT_RULE_EN =
  'Latest logged change of each parcel at or before the end of the day (24:00 UTC+8); deleted parcels excluded. ' +
  'Changes written by the seed count from 1 January of the parcel’s supply year (or from seed time when earlier or without a year).';

export function snapshotRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.get('/', async (c) => {
    const parsed = parseAsOf({ asOf: c.req.query('asOf'), year: c.req.query('year') });
    if (!parsed.ok) return problem(c, 400, 'INVALID_REQUEST', parsed.detail);
    if (!parsed.asOf) return problem(c, 400, 'INVALID_REQUEST', 'asOf=YYYY-MM-DD or year=YYYY is required');
    const features = await parcelsAsOf(db, parsed.asOf.cutoff);
    return new Response(
      JSON.stringify({ type: 'FeatureCollection', asOf: parsed.asOf.date, cutoff: parsed.asOf.cutoff, rule: SNAPSHOT_RULE_EN, numberReturned: features.length, features }),
      { headers: { 'Content-Type': 'application/geo+json' } },
    );
  });
  return app;
}
