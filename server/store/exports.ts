/**
 * Parcel exports (issue 6): which parcels (all, a selection, a zone, a
 * target's), with which properties, in which file format and CRS. The
 * writers are domain/io's; this file picks the rows and names the file.
 */
import type { Kysely } from 'kysely';
import { crsInfo, isSupportedCrs, type CrsCode } from '../../domain/io/crs';
import { targetContributions } from '../../domain/tally';
import { isEnterpriseMetric } from '../../domain/target.schema';
import { parcelInZone } from '../db/dialect';
import type { Database } from '../db/schema';
import { runJob } from '../pool/pool';
import { loadPlanFigures } from './planFigures';

export const EXPORT_FORMATS = ['geojson', 'shp', 'kml', 'csv', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportScope {
  ids?: number[];
  zone?: string;
  /** planId and target code. */
  target?: { planId: string; code: string };
}

export interface ExportRequest {
  format: ExportFormat;
  crs?: CrsCode;
  scope: ExportScope;
  /** TXT only: GBK (default, what bureau software expects) or UTF-8. */
  encoding?: 'gbk' | 'utf-8';
}

export interface ExportFile {
  bytes: Uint8Array;
  contentType: string;
  asciiName: string;
  utf8Name: string;
  featureCount: number;
}

export type ExportOutcome = { ok: true; file: ExportFile } | { ok: false; status: 400 | 404 | 422; code: 'INVALID_REQUEST' | 'NOT_FOUND' | 'NO_PARCELS'; detail: string };

/** Default CRS per format: lon/lat, except TXT whose coordinates are always Gauss–Krüger (zone 36 with prefix, as the bureau's files are). */
const DEFAULT_CRS: Record<ExportFormat, CrsCode> = { geojson: 'EPSG:4490', shp: 'EPSG:4490', kml: 'EPSG:4490', csv: 'EPSG:4490', txt: 'EPSG:4524' };

/** Which CRS each format can carry. */
export function crsProblem(format: ExportFormat, crs: CrsCode): string | null {
  const kind = crsInfo(crs).kind;
  if ((format === 'geojson' || format === 'kml') && kind !== 'geographic') return `${format} coordinates are longitude/latitude (RFC 7946, KML 2.2); choose EPSG:4490`;
  if (format === 'txt' && kind !== 'gauss_kruger') return 'the 国土 TXT format carries Gauss–Krüger metres; choose a zone such as EPSG:4524 or EPSG:4545';
  return null;
}

async function scopedIds(db: Kysely<Database>, scope: ExportScope): Promise<number[] | ExportOutcome> {
  if (!scope.target) return scope.ids ?? [];
  const figures = await loadPlanFigures(db, scope.target.planId);
  if (!figures) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `plan ${scope.target.planId}` };
  const target = figures.plan.targets.find((t) => t.code === scope.target!.code);
  if (!target) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `target ${scope.target.planId}:${scope.target.code}` };
  if (target.metric === 'station_count') return { ok: false, status: 422, code: 'INVALID_REQUEST', detail: `target ${target.code} counts energy stations, not parcels` };
  if (isEnterpriseMetric(target.metric)) return { ok: false, status: 422, code: 'INVALID_REQUEST', detail: `target ${target.code} counts the enterprise register, not parcels` };
  const ids = targetContributions(target, figures.parcels, figures.stations).map((c) => Number(c.id));
  const wanted = scope.ids ? new Set(scope.ids) : null;
  return wanted ? ids.filter((id) => wanted.has(id)) : ids;
}

function scopeLabel(scope: ExportScope): string {
  if (scope.target) return `${scope.target.planId}-${scope.target.code}`;
  if (scope.zone) return `zone-${scope.zone}`;
  if (scope.ids) return 'selection';
  return 'all';
}

const FORMAT_FILE: Record<ExportFormat, { ext: string; type: string }> = {
  geojson: { ext: 'geojson', type: 'application/geo+json' },
  shp: { ext: 'zip', type: 'application/zip' },
  kml: { ext: 'kml', type: 'application/vnd.google-earth.kml+xml; charset=utf-8' },
  csv: { ext: 'csv', type: 'text/csv; charset=utf-8' },
  txt: { ext: 'txt', type: 'text/plain' },
};

/** Builds the export file, or says why not. */
export async function exportParcels(db: Kysely<Database>, request: ExportRequest): Promise<ExportOutcome> {
  const crs = request.crs ?? DEFAULT_CRS[request.format];
  if (!isSupportedCrs(crs)) return { ok: false, status: 400, code: 'INVALID_REQUEST', detail: `unsupported CRS ${crs}` };
  const problem = crsProblem(request.format, crs);
  if (problem) return { ok: false, status: 400, code: 'INVALID_REQUEST', detail: problem };
  const { scope } = request;
  if (scope.zone) {
    const zone = await db.selectFrom('zones').select('code').where('code', '=', scope.zone).executeTakeFirst();
    if (!zone) return { ok: false, status: 404, code: 'NOT_FOUND', detail: `zone ${scope.zone}` };
  }
  const ids = await scopedIds(db, scope);
  if (!Array.isArray(ids)) return ids;
  const restricted = scope.ids !== undefined || scope.target !== undefined;
  if (restricted && ids.length === 0) return { ok: false, status: 404, code: 'NO_PARCELS', detail: 'no parcel matches the selection' };
  let query = db.selectFrom('parcels').selectAll().orderBy('id');
  if (restricted) query = query.where('id', 'in', ids);
  if (scope.zone) query = query.where(parcelInZone(db, scope.zone));
  const rows = await query.execute();
  if (restricted && rows.length === 0) return { ok: false, status: 404, code: 'NO_PARCELS', detail: 'no parcel matches the selection' };
  const base = `land-ledger-parcels-${scopeLabel(scope)}`;
  const crsSuffix = crs === DEFAULT_CRS.geojson ? '' : `-${crs.replace(':', '')}`;
  // The file is written in the worker pool: seconds of geometry and text for thousands of parcels (server/pool/export.job.ts).
  const encoding = request.encoding ?? 'gbk';
  const bytes = new Uint8Array(await runJob('exportFile', { rows, format: request.format, crs, encoding }));
  const contentType = request.format === 'txt' ? `text/plain; charset=${encoding === 'gbk' ? 'GBK' : 'utf-8'}` : FORMAT_FILE[request.format].type;
  const name = `${base}${crsSuffix}.${FORMAT_FILE[request.format].ext}`;
  return { ok: true, file: { bytes, contentType, asciiName: name, utf8Name: `园区地块-${scopeLabel(scope)}${crsSuffix}.${FORMAT_FILE[request.format].ext}`, featureCount: rows.length } };
}
