/**
 * Why a parcel operation (cut a hole, split, merge, clip) was refused. Codes
 * are shown to planners in Chinese and English, like domain/reasons.ts.
 */
export const OP_REASONS = {
  HOLE_NOT_INSIDE: { zh: '洞必须完全位于地块之内', en: 'The hole must lie wholly inside the parcel' },
  LINE_DOES_NOT_SPLIT: { zh: '分割线必须从一侧边界完整穿过地块到另一侧', en: 'The line must cross the parcel from one edge to another' },
  LINE_SELF_INTERSECTS: { zh: '分割线不能自相交', en: 'The split line must not cross itself' },
  NOT_ADJACENT: { zh: '地块不相邻（没有公共边），无法合并', en: 'The parcels share no edge, so they cannot be merged' },
  TOO_FEW_PARCELS: { zh: '合并至少需要两个地块', en: 'Merging needs at least two parcels' },
  NOTHING_LEFT: { zh: '操作后没有剩余面积', en: 'Nothing is left after this operation' },
  INVALID_RESULT: { zh: '操作结果不是有效的面', en: 'The result is not a valid polygon' },
} as const;

export type OpReason = keyof typeof OP_REASONS;

export type OpResult<T> = { ok: true; value: T } | { ok: false; reason: OpReason };

export const opFailure = (reason: OpReason): { ok: false; reason: OpReason } => ({ ok: false, reason });
