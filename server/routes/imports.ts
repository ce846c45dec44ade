/**
 * Imports (issue 6), editors only:
 * - POST /api/imports: multipart/form-data with the file in `file` (and an
 *   optional `crs` override such as EPSG:4545). Answers 201 with the preview:
 *   every feature in lon/lat with its validation, the detected CRS and why,
 *   and the suggested field mapping. A file the readers refuse answers 422
 *   with the import reason (domain/io/importReasons.ts) and stores nothing.
 * - POST /api/imports/{id}/commit: JSON `{ mapping?, acceptedIndices?,
 *   confirmWarnings?, defaults? }` (`{}` = every valid feature, suggested
 *   mapping). 201 with the new parcel ids, or 422 and nothing written.
 * Uploads have their own body limit (MAX_IMPORT_BYTES), applied in app.ts.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { importCommittedSchema, importDryRunSchema, importProblemSchema } from '../../domain/api/imports.schema';
import { isSupportedCrs } from '../../domain/io/crs';
import { IMPORT_REASONS } from '../../domain/io/importReasons';
import type { ImportFailure } from '../../domain/io/importResult';
import { REASONS } from '../../domain/reasons';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { precomputeParcelChecks } from '../pool/parcelChecks';
import { shapesOfImport } from '../pool/parcelShapes';
import type { ChangeBus } from '../store/history';
import { commitBodySchema, commitImport } from '../store/imports.commit';
import { createImportPreview } from '../store/imports.preview';
import type { MatchKey } from '../../domain/io/importMatch';

type Env = { Variables: AuthVariables };

/** The 422 body for a refused file: the import reason in both languages, and where it went wrong. */
export function importFailureBody(failure: ImportFailure): z.input<typeof importProblemSchema> {
  const text = IMPORT_REASONS[failure.reason];
  const body: z.input<typeof importProblemSchema> = { code: failure.reason, messageZh: text.zh, messageEn: text.en };
  if (failure.detail !== undefined) body.detail = failure.detail;
  if (failure.line !== undefined) body.line = failure.line;
  if (failure.featureIndex !== undefined) body.featureIndex = failure.featureIndex;
  if (failure.geometryReason !== undefined) {
    body.geometryReason = failure.geometryReason;
    body.geometryMessageZh = REASONS[failure.geometryReason].zh;
    body.geometryMessageEn = REASONS[failure.geometryReason].en;
  }
  return body;
}

type Upload = { fileName: string; bytes: Uint8Array; crs?: string; matchKey?: MatchKey | 'none' };

/**
 * How features find the parcels they update: form fields `matchAttribute`
 * (an attribute of the file) and `matchField` (`id` or `name`), or
 * `match=none` to take every feature as new. Without them: the file's `id`,
 * else its `parcelCode`.
 */
function readMatchKey(form: Record<string, unknown>): MatchKey | 'none' | undefined | Response {
  if (form.match === 'none') return 'none';
  const attribute = typeof form.matchAttribute === 'string' ? form.matchAttribute.trim() : '';
  if (attribute === '') return undefined;
  const field = form.matchField === 'name' ? 'name' : form.matchField === undefined || form.matchField === 'id' ? 'id' : null;
  if (field === null || attribute.length > 100) return new Response(null, { status: 400 });
  return { attribute, field };
}

async function readUpload(c: Context): Promise<Upload | Response> {
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
  const crs = typeof form.crs === 'string' && form.crs.trim() !== '' ? form.crs.trim() : undefined;
  const matchKey = readMatchKey(form);
  if (matchKey instanceof Response) return problem(c, 400, 'INVALID_REQUEST', 'matchField is id or name; matchAttribute names one attribute of the file');
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Browsers send a bare name; strip any path a client might add anyway.
  const fileName = (file.name || 'upload').split(/[\\/]/).pop()!.slice(0, 200);
  return { fileName, bytes, ...(crs === undefined ? {} : { crs }), ...(matchKey === undefined ? {} : { matchKey }) };
}

export function importRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();

  app.post('/', requireRole('editor'), async (c) => {
    const upload = await readUpload(c);
    if (upload instanceof Response) return upload;
    if (upload.crs !== undefined && !isSupportedCrs(upload.crs)) {
      return c.json(importFailureBody({ ok: false, reason: 'UNSUPPORTED_CRS', detail: `${upload.crs} is not a supported CRS` }), 422);
    }
    const outcome = await createImportPreview(db, c.get('user')!, {
      fileName: upload.fileName,
      bytes: upload.bytes,
      ...(upload.crs !== undefined && isSupportedCrs(upload.crs) ? { crs: upload.crs } : {}),
      ...(upload.matchKey !== undefined ? { matchKey: upload.matchKey } : {}),
    });
    if (!outcome.ok) return c.json(importFailureBody(outcome.failure), 422);
    return c.json(outcome.preview, 201);
  });

  app.post('/:id/commit', requireRole('editor'), async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/.test(id)) return problem(c, 404, 'NOT_FOUND', `import ${id}`);
    const body = await readJson(c, commitBodySchema);
    if (!body.ok) return body.response;
    // Every feature is validated, cut by the zones and checked in the pool before the commit's transaction (thousands of small ones took seconds there).
    const pre = await precomputeParcelChecks(db, await shapesOfImport(db, c.get('user')!, id, body.data.acceptedIndices), { pooledAbove: 0 });
    if ('failure' in pre) {
      const { code, detail, errors, featureIndex } = pre.failure;
      return c.json({ ...problemBody(code, detail), featureIndex, errors }, 422);
    }
    // ?dryRun=1: the same commit, rolled back, answering how each target's figures would move.
    const dryRun = c.req.query('dryRun') === '1' || c.req.query('dryRun') === 'true';
    const outcome = await commitImport(db, bus, c.get('user')!, id, body.data, { dryRun, precomputed: pre.precomputed });
    if (!outcome.ok) {
      const { ok: _ok, status, code, detail, ...rest } = outcome;
      return c.json({ ...problemBody(code, detail), ...rest }, status);
    }
    if (outcome.dryRun) return c.json({ importId: id, dryRun: true, ...outcome.dryRun } satisfies z.input<typeof importDryRunSchema>, 200);
    return c.json(
      { importId: id, committed: outcome.ids.length, ids: outcome.ids, updated: outcome.updatedIds, unchanged: outcome.unchangedIds, editId: outcome.editId } satisfies z.input<typeof importCommittedSchema>,
      201,
      { 'X-Edit-Id': String(outcome.editId) },
    );
  });

  return app;
}
