/**
 * 三区三线 constraint layers: the ecological protection red line (生态保护红线),
 * permanent basic farmland (永久基本农田) and the urban development boundary
 * (城镇开发边界).
 */
import { z } from 'zod';

export const CONSTRAINT_KINDS = ['ecological_red_line', 'permanent_basic_farmland', 'urban_development_boundary'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

export const CONSTRAINT_KIND_LABELS: Record<ConstraintKind, { zh: string; en: string }> = {
  ecological_red_line: { zh: '生态保护红线', en: 'Ecological protection red line' },
  permanent_basic_farmland: { zh: '永久基本农田', en: 'Permanent basic farmland' },
  urban_development_boundary: { zh: '城镇开发边界', en: 'Urban development boundary' },
};

export const constraintPropertiesSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(CONSTRAINT_KINDS),
  illustrative: z.boolean().default(false),
});
export type ConstraintProperties = z.output<typeof constraintPropertiesSchema>;
