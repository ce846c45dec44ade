/**
 * The error body every refusal carries (server/http/problem.ts builds it, the
 * client reads it): a reason code with its Chinese and English text, an
 * optional free-text detail, the rule findings, and — for an edit of several
 * parcels — which part was refused, so a reader branches on a field rather
 * than on the wording of `detail`.
 */
import { z } from 'zod';

export const findingSchema = z.object({
  code: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
  otherId: z.union([z.string(), z.number()]).optional(),
  otherName: z.string().optional(),
  areaSquareMeters: z.number().optional(),
});
export type Finding = z.output<typeof findingSchema>;

/**
 * The part of a multi-parcel edit (POST /api/parcels/edits) a refusal is
 * about: `target` (the parcel being edited, as read), `feature` (its new
 * content), `absorb[i]` (a parcel merged in), `pieces[i]` (a piece of a split).
 */
export const editPartSchema = z.union([
  z.literal('target'),
  z.literal('feature'),
  z.templateLiteral(['absorb[', z.number().int().nonnegative(), ']']),
  z.templateLiteral(['pieces[', z.number().int().nonnegative(), ']']),
]);
export type EditPart = z.output<typeof editPartSchema>;

export const problemSchema = z.object({
  code: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
  detail: z.string().optional(),
  part: editPartSchema.optional(),
  errors: z.array(findingSchema).optional(),
  warnings: z.array(findingSchema).optional(),
});
export type Problem = z.output<typeof problemSchema>;
