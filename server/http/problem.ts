/**
 * Error bodies a planner can read: a reason code (shared with the UI, from
 * domain/reasons.ts) plus its Chinese and English text and an optional detail.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../domain/api/problem.schema';
import { REASONS, type ReasonCode } from '../../domain/reasons';

/** The shared error body (domain/api/problem.schema.ts) with the code narrowed to the reasons the server knows. */
export type ProblemBody = Omit<Problem, 'code'> & { code: ReasonCode };

export function problemBody(code: ReasonCode, detail?: string): ProblemBody {
  const body: ProblemBody = { code, messageZh: REASONS[code].zh, messageEn: REASONS[code].en };
  if (detail !== undefined) body.detail = detail;
  return body;
}

export function problem(c: Context, status: ContentfulStatusCode, code: ReasonCode, detail?: string): Response {
  return c.json(problemBody(code, detail), status);
}
