/**
 * Error bodies a planner can read: a reason code (shared with the UI, from
 * domain/reasons.ts) plus its Chinese and English text and an optional detail.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { REASONS, type ReasonCode } from '../../domain/reasons';

export interface ProblemBody {
  code: ReasonCode;
  messageZh: string;
  messageEn: string;
  detail?: string;
}

export function problemBody(code: ReasonCode, detail?: string): ProblemBody {
  const body: ProblemBody = { code, messageZh: REASONS[code].zh, messageEn: REASONS[code].en };
  if (detail !== undefined) body.detail = detail;
  return body;
}

export function problem(c: Context, status: ContentfulStatusCode, code: ReasonCode, detail?: string): Response {
  return c.json(problemBody(code, detail), status);
}
