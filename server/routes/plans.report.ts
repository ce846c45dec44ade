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
import { readReportInputs, type ReportInputs } from '../report/reportModel';
import { parseAsOf } from '../store/snapshot';

const baseName = (inputs: ReportInputs) => {
  const { plan, asOf } = inputs.figures;
  const day = asOf ? `-${asOf.date}` : '';
  return { ascii: `${plan.id}-report${day}`, zh: `${plan.nameZh}-完成情况报告${asOf ? `（截至${asOf.date}）` : ''}` };
};

/** The report's inputs for the request's plan and as-of day, or the 400/404 to answer instead. Only the HTML draws the park maps. */
async function inputsFor(c: Context, db: Kysely<Database>, withParks: boolean): Promise<ReportInputs | Response> {
  const parsed = parseAsOf({ asOf: c.req.query('asOf'), year: c.req.query('year') });
  if (!parsed.ok) return problem(c, 400, 'INVALID_REQUEST', parsed.detail);
  const inputs = await readReportInputs(db, c.req.param('planId')!, { asOf: parsed.asOf, withParks });
  return inputs ?? problem(c, 404, 'NOT_FOUND', `plan ${c.req.param('planId')}`);
}

/**
 * The report's bytes, assembled and rendered in the worker pool (its limits:
 * LEDGER_JOB_MS, LEDGER_JOB_MB; 422/503 past them): the request thread only
 * reads the rows.
 */
async function render(inputs: ReportInputs, format: ReportFormat): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await runJob('report', { inputs, generatedAt: new Date().toISOString(), format }));
}

export function planReportRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/:planId/report', async (c) => {
    const inputs = await inputsFor(c, db, true);
    if (inputs instanceof Response) return inputs;
    const name = baseName(inputs);
    return c.body(await render(inputs, { kind: 'html' }), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': contentDisposition('inline', `${name.ascii}.html`, `${name.zh}.html`),
      'Cache-Control': 'no-store',
    });
  });

  app.get('/:planId/report.xlsx', async (c) => {
    const inputs = await inputsFor(c, db, false);
    if (inputs instanceof Response) return inputs;
    const name = baseName(inputs);
    return c.body(await render(inputs, { kind: 'xlsx' }), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': contentDisposition('attachment', `${name.ascii}.xlsx`, `${name.zh}.xlsx`),
      'Cache-Control': 'no-store',
    });
  });

  app.get('/:planId/report.csv', async (c) => {
    const table = c.req.query('table') ?? 'targets';
    if (table !== 'targets' && table !== 'parcels') return problem(c, 400, 'INVALID_REQUEST', 'table must be targets or parcels');
    const inputs = await inputsFor(c, db, false);
    if (inputs instanceof Response) return inputs;
    const name = baseName(inputs);
    let format: ReportFormat = { kind: 'csvTargets' };
    let suffix = '';
    if (table === 'parcels') {
      const code = c.req.query('target');
      const target = inputs.figures.plan.targets.find((t) => t.code === code);
      if (!target) return problem(c, 404, 'NOT_FOUND', `target ${code ?? '(none given)'}`);
      format = { kind: 'csvParcels', targetCode: target.code };
      suffix = `-${target.code}`;
    }
    return c.body(await render(inputs, format), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': contentDisposition('attachment', `${name.ascii}${suffix}.csv`, `${name.zh}${suffix}.csv`),
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
