/**
 * Reading the server's error bodies (domain/api/problem.schema.ts, built by
 * server/http/problem.ts): a reason code with its Chinese and English text,
 * and for rule failures the findings, each naming the other parcel or
 * constraint and the area involved.
 */
import { problemSchema, type Problem } from '$domain/api/problem.schema';

export { findingSchema, problemSchema, type Finding, type Problem } from '$domain/api/problem.schema';

/** Reads a problem body; anything else becomes a generic one carrying the HTTP status. */
export async function readProblem(response: Response): Promise<Problem> {
  let text = '';
  try {
    text = await response.text();
    const parsed = problemSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through.
  }
  return {
    code: 'INVALID_REQUEST',
    messageZh: `请求失败（HTTP ${response.status}）`,
    messageEn: `Request failed (HTTP ${response.status})`,
    detail: text.slice(0, 300) || undefined,
  };
}

/** A network failure, shaped like a problem so the UI has one thing to show. */
export function networkProblem(cause: unknown): Problem {
  return {
    code: 'NETWORK',
    messageZh: '网络错误，未能连接服务器',
    messageEn: 'Network error: the server could not be reached',
    detail: cause instanceof Error ? cause.message : String(cause),
  };
}

export type PutOutcome<T> = { ok: true; body: T } | { ok: false; status: number; problem: Problem };

/**
 * PUT a JSON body with If-Match (the settings-style resources: basemaps, the
 * intensity table): a network failure, a refusal (412 and the rest) or the
 * read response, never an exception.
 */
export async function putWithIfMatch<T>(url: string, etag: string, payload: unknown, read: (response: Response) => Promise<T>): Promise<PutOutcome<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': etag },
      body: JSON.stringify(payload),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  return { ok: true, body: await read(response) };
}
