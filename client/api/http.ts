/** JSON over fetch with errors a planner can read. */
import type { z } from 'zod';

/** A failed API call: which URL, what HTTP status (0 = network/parse). */
export class ApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * GET `url` and validate the body with `schema`. Network failures, non-2xx
 * statuses, non-JSON bodies and unexpected shapes all become ApiError so the
 * UI has one thing to show.
 */
export async function getJson<S extends z.ZodType>(url: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json, application/geo+json' },
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(url, 0, `network error: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!response.ok) {
    const detail = await readErrorDetail(response);
    throw new ApiError(url, response.status, `HTTP ${response.status}${detail ? ` – ${detail}` : ''}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(url, response.status, 'response is not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new ApiError(url, response.status, `unexpected response shape at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The server's error body, if it sent one we can show ({ error } or { message }). */
async function readErrorDetail(response: Response): Promise<string> {
  try {
    const text = await response.text();
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object') {
        const record = json as Record<string, unknown>;
        const message = record.message ?? record.error;
        if (typeof message === 'string') return message.slice(0, 300);
      }
    } catch {
      // Not JSON; fall through to the raw text.
    }
    return text.slice(0, 300);
  } catch {
    return '';
  }
}

/** The version one of the server's strong ETags names (domain/api/etags.ts), or null. */
export { versionOfEtag } from '$domain/api/etags';
