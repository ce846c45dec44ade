/**
 * GET /api/parcels/table: a page of the attribute table (store/parcels.table.ts).
 * Query: status, landUseCode, supplyYear, industryChain, enterprise, name (equality,
 * as OGC items), q (part of the name), bbox=minLon,minLat,maxLon,maxLat,
 * sort=<column>, dir=asc|desc, offset, limit (≤ 500).
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { readParcelTable, TABLE_SORT_COLUMNS } from '../store/parcels.table';

const MAX_LIMIT = 500;

const querySchema = z.object({
  status: z.string().max(64).optional(),
  landUseCode: z.string().max(64).optional(),
  supplyYear: z.coerce.number().int().optional(),
  industryChain: z.string().max(64).optional(),
  enterprise: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  q: z.string().max(64).optional(),
  bbox: z
    .string()
    .transform((text) => text.split(',').map(Number))
    .refine((n) => n.length === 4 && n.every(Number.isFinite) && n[0]! <= n[2]! && n[1]! <= n[3]!, 'bbox must be minLon,minLat,maxLon,maxLat')
    .optional(),
  sort: z.enum(TABLE_SORT_COLUMNS).default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
});

export function parcelTableRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.get('/', async (c) => {
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(c, 400, 'INVALID_REQUEST', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const p = parsed.data;
    const filters = Object.fromEntries(
      (['status', 'landUseCode', 'supplyYear', 'industryChain', 'enterprise', 'name'] as const).filter((k) => p[k] !== undefined && p[k] !== '').map((k) => [k, p[k]!]),
    );
    const result = await readParcelTable(db, {
      filters,
      nameContains: p.q?.trim() || null,
      bbox: p.bbox ? (p.bbox as [number, number, number, number]) : null,
      sort: p.sort,
      descending: p.dir === 'desc',
      offset: p.offset,
      limit: p.limit,
    });
    return c.json(result, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
