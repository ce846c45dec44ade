/**
 * Enterprise statistics imports under /api/enterprise-statistics/imports,
 * editors only:
 * - POST /: multipart/form-data, the CSV or XLSX in `file` (≤ the JSON body
 *   limit, 5 MB: 20,000 rows fit), optional `mapping` (JSON: column index →
 *   field), `moneyUnit` (yi | wan) and `defaultYear`. 201 with the preview:
 *   header, suggested and used mapping, each row's enterprise, year,
 *   figures in stored units and errors, and the counts. A file that cannot
 *   be read is a 422 with the import reason; nothing is kept.
 * - POST /{id}/preview: JSON `{ mapping?, moneyUnit?, defaultYear? }`, the
 *   same preview under other options; nothing is written.
 * - POST /{id}/commit: the same JSON; 201 `{ editId, created, updated }`,
 *   or 422 ROWS_INVALID with the preview and nothing written.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import type { ChangeBus } from '../store/history';
import {
  commitStatisticsImport,
  createStatisticsImport,
  previewStatisticsImport,
  statisticsImportOptionsSchema,
  type StatisticsImportOptions,
} from '../store/statisticsImports';
import { importFailureBody } from './imports';

type Env = { Variables: AuthVariables };

const isImportId = (id: string) => /^[0-9a-f-]{36}$/.test(id);

/** The options sent as form fields beside the file. */
function formOptions(form: Record<string, unknown>): StatisticsImportOptions | string {
  let mapping: unknown;
  if (typeof form.mapping === 'string' && form.mapping.trim() !== '') {
    try {
      mapping = JSON.parse(form.mapping);
    } catch {
      return 'mapping is not JSON';
    }
  }
  const raw = {
    ...(mapping === undefined ? {} : { mapping }),
    ...(typeof form.moneyUnit === 'string' && form.moneyUnit !== '' ? { moneyUnit: form.moneyUnit } : {}),
    ...(typeof form.defaultYear === 'string' && form.defaultYear !== '' ? { defaultYear: form.defaultYear } : {}),
  };
  const parsed = statisticsImportOptionsSchema.safeParse(raw);
  return parsed.success ? parsed.data : z.prettifyError(parsed.error);
}

export function statisticsImportRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();

  app.post('/', requireRole('editor'), async (c) => {
    const type = (c.req.header('Content-Type') ?? '').toLowerCase();
    if (!type.startsWith('multipart/form-data')) return problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with the file in field "file"');
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: false });
    } catch {
      return problem(c, 400, 'INVALID_REQUEST', 'the multipart body could not be read');
    }
    const file = form.file;
    if (!(file instanceof File)) return problem(c, 400, 'INVALID_REQUEST', 'no file in form field "file"');
    const options = formOptions(form);
    if (typeof options === 'string') return problem(c, 400, 'INVALID_REQUEST', options);
    const fileName = (file.name || 'upload').split(/[\\/]/).pop()!.slice(0, 200);
    const outcome = await createStatisticsImport(db, c.get('user')!, { fileName, bytes: new Uint8Array(await file.arrayBuffer()) }, options);
    if (!outcome.ok) return c.json(importFailureBody(outcome.failure), 422);
    return c.json(outcome.preview, 201);
  });

  const withOptions = async (c: Context<Env>) => {
    const id = c.req.param('id')!;
    if (!isImportId(id)) return { response: problem(c, 404, 'NOT_FOUND', `statistics import ${id}`) };
    const body = await readJson(c, statisticsImportOptionsSchema);
    if (!body.ok) return { response: body.response };
    return { id, options: body.data };
  };

  app.post('/:id/preview', requireRole('editor'), async (c) => {
    const req = await withOptions(c);
    if ('response' in req) return req.response;
    const preview = await previewStatisticsImport(db, req.id, req.options);
    return preview ? c.json(preview) : problem(c, 404, 'NOT_FOUND', `statistics import ${req.id}`);
  });

  app.post('/:id/commit', requireRole('editor'), async (c) => {
    const req = await withOptions(c);
    if ('response' in req) return req.response;
    const outcome = await commitStatisticsImport(db, c.get('user')!, bus, req.id, req.options);
    if (outcome.ok) return c.json(outcome, 201, { 'X-Edit-Id': String(outcome.editId) });
    if (outcome.code === 'ROWS_INVALID') return c.json({ ...problemBody(outcome.code), preview: outcome.preview }, 422);
    return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  });

  return app;
}
