/**
 * GET /api/exports?format=geojson|shp|kml|csv|txt&crs=EPSG:…&zone=…&ids=1,2&target=planId:code
 * (issue 6), open to viewers like every read: all parcels, a selection, the
 * parcels with area in a zone, or a target's parcels; combined filters
 * intersect. `encoding=utf-8` writes the TXT in UTF-8 instead of GBK.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { isSupportedCrs } from '../../domain/io/crs';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { contentDisposition } from '../report/contentDisposition';
import { EXPORT_FORMATS, exportParcels, type ExportFormat, type ExportScope } from '../store/exports';

type Env = { Variables: AuthVariables };

export function exportRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/', async (c) => {
    const format = c.req.query('format') ?? 'geojson';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return problem(c, 400, 'INVALID_REQUEST', `format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const crs = c.req.query('crs');
    if (crs !== undefined && !isSupportedCrs(crs)) return problem(c, 400, 'INVALID_REQUEST', `unsupported CRS ${crs}`);
    const scope: ExportScope = {};
    const ids = c.req.query('ids');
    if (ids !== undefined) {
      const parts = ids.split(',').map((s) => s.trim()).filter(Boolean);
      if (parts.length === 0 || parts.length > 100_000 || !parts.every((p) => /^\d{1,15}$/.test(p))) return problem(c, 400, 'INVALID_REQUEST', 'ids must be a comma-separated list of parcel ids');
      scope.ids = parts.map(Number);
    }
    const zone = c.req.query('zone');
    if (zone !== undefined) scope.zone = zone;
    const target = c.req.query('target');
    if (target !== undefined) {
      const m = /^([^:]+):(.+)$/.exec(target);
      if (!m) return problem(c, 400, 'INVALID_REQUEST', 'target must be planId:code');
      scope.target = { planId: m[1]!, code: m[2]! };
    }
    const encoding = c.req.query('encoding');
    if (encoding !== undefined && encoding !== 'gbk' && encoding !== 'utf-8') return problem(c, 400, 'INVALID_REQUEST', 'encoding must be gbk or utf-8');
    const outcome = await exportParcels(db, {
      format: format as ExportFormat,
      scope,
      ...(crs !== undefined && isSupportedCrs(crs) ? { crs } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
    });
    if (!outcome.ok) return problem(c, outcome.status, outcome.code, outcome.detail);
    const { file } = outcome;
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition('attachment', file.asciiName, file.utf8Name),
      'X-Feature-Count': String(file.featureCount),
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
