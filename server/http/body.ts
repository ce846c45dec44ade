/**
 * Reading and validating JSON request bodies: 415 for a body that is not
 * JSON, 400 for malformed JSON, 422-style reasons from zod for the shape.
 * Every route reads its body through here, so none trusts an unvalidated cast.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { problem } from './problem';

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/merge-patch+json'];

export function isJsonContentType(c: Context): boolean {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  return JSON_TYPES.includes(type);
}

export async function readRawJson(c: Context): Promise<BodyResult<unknown>> {
  if (!isJsonContentType(c)) return { ok: false, response: problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', c.req.header('Content-Type') ?? 'none') };
  let data: unknown;
  try {
    data = JSON.parse(await c.req.text());
  } catch {
    return { ok: false, response: problem(c, 400, 'INVALID_REQUEST', 'body is not valid JSON') };
  }
  return { ok: true, data };
}

export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<BodyResult<z.output<T>>> {
  const raw = await readRawJson(c);
  if (!raw.ok) return raw;
  const parsed = schema.safeParse(raw.data);
  if (!parsed.success) return { ok: false, response: problem(c, 400, 'INVALID_REQUEST', z.prettifyError(parsed.error)) };
  return { ok: true, data: parsed.data };
}
