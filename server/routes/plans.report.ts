/**
 * The completion report of a plan, under /api/plans/{planId}:
 * - /report: printable HTML (A4; print to PDF from the browser);
 * - /report.xlsx: the same tables as a workbook;
 * - /report.csv: the target table, or `?table=parcels&target=CODE` for one
 *   target's parcel list.
 * Each takes `?year=YYYY` or `?asOf=YYYY-MM-DD`, like the tally: the ledger as
 * it stood at the end of that year or day (a completion review after the fact).
 * Reads are open, like the tally they restate.
 */
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { runJob } from '../pool/pool';
import type { ReportFormat } from '../pool/report.job';
import { contentDisposition } from '../report/contentDisposition';
import { buildReportModel, type ReportModel } from '../report/reportModel';
import { parseAsOf } from '../store/snapshot';

const baseName = (model: ReportModel) => {
  const asOf = model.asOf ? `-${model.asOf}` : '';
  return { ascii: `${model.plan.id}-report${asOf}`, zh: `${model.plan.nameZh}-完成情况报告${model.asOf ? `（截至${model.asOf}）` : ''}` };
};

/** The report model for the request's plan and as-of day, or the 400/404 to answer instead. */
async function modelFor(c: Context, db: Kysely<Database>): Promise<ReportModel | Response> {
  const parsed = parseAsOf({ asOf: c.req.query('asOf'), year: c.req.query('year') });
  if (!parsed.ok) return problem(c, 400, 'INVALID_REQUEST', parsed.detail);
  const model = await buildReportModel(db, c.req.param('planId')!, { asOf: parsed.asOf });
  return model ?? problem(c, 404, 'NOT_FOUND', `plan ${c.req.param('planId')}`);
}

/**
 * The report's bytes, rendered in the worker pool (its limits: LEDGER_JOB_MS,
 * LEDGER_JOB_MB; 422/503 past them). Only the HTML draws the park maps, so
 * the others leave the parcels' outlines out of what is sent to the worker.
 */
async function render(model: ReportModel, format: ReportFormat): Promise<Uint8Array<ArrayBuffer>> {
  const sent = format.kind === 'html' ? model : { ...model, parks: [] };
  return new Uint8Array(await runJob('report', { model: sent, format }));
}

export function planReportRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/:planId/report', async (c) => {
    const model = await modelFor(c, db);
    if (model instanceof Response) return model;
    const name = baseName(model);
    return c.body(await render(model, { kind: 'html' }), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': contentDisposition('inline', `${name.ascii}.html`, `${name.zh}.html`),
      'Cache-Control': 'no-store',
    });
  });

  app.get('/:planId/report.xlsx', async (c) => {
    const model = await modelFor(c, db);
    if (model instanceof Response) return model;
    const name = baseName(model);
    return c.body(await render(model, { kind: 'xlsx' }), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': contentDisposition('attachment', `${name.ascii}.xlsx`, `${name.zh}.xlsx`),
      'Cache-Control': 'no-store',
    });
  });

  app.get('/:planId/report.csv', async (c) => {
    const table = c.req.query('table') ?? 'targets';
    if (table !== 'targets' && table !== 'parcels') return problem(c, 400, 'INVALID_REQUEST', 'table must be targets or parcels');
    const model = await modelFor(c, db);
    if (model instanceof Response) return model;
    const name = baseName(model);
    let format: ReportFormat = { kind: 'csvTargets' };
    let suffix = '';
    if (table === 'parcels') {
      const code = c.req.query('target');
      const section = model.sections.find((s) => s.row.code === code);
      if (!section) return problem(c, 404, 'NOT_FOUND', `target ${code ?? '(none given)'}`);
      format = { kind: 'csvParcels', targetCode: section.row.code };
      suffix = `-${section.row.code}`;
    }
    return c.body(await render(model, format), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': contentDisposition('attachment', `${name.ascii}${suffix}.csv`, `${name.zh}${suffix}.csv`),
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
