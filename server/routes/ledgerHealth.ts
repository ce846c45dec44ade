/**
 * GET /api/health/ledger: parcels with warnings a reviewer should clear
 * before a completion review (domain/ledgerHealth.ts). `?year=YYYY` judges
 * status against that year instead of the current one (CST).
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { ledgerHealth } from '../store/ledgerHealth';

/** The current year on the zone's clock (UTC+8). */
export function currentYearCst(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

export function ledgerHealthRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.get('/', async (c) => {
    const yearText = c.req.query('year');
    if (yearText !== undefined && !/^\d{4}$/.test(yearText)) return problem(c, 400, 'INVALID_REQUEST', 'year must be YYYY');
    return c.json(await ledgerHealth(db, yearText === undefined ? currentYearCst() : Number(yearText)));
  });
  return app;
}
