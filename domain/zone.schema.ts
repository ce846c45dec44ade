/** Zones (园区/片区): the areas a plan's targets are scoped to. */
import { z } from 'zod';

export const ZONE_KINDS = ['expansion_area', 'featured_park', 'other'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const zonePropertiesSchema = z.object({
  /** Stable short code used by targets' zone scopes, e.g. "A2", "B3". */
  code: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,32}$/),
  nameZh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  kind: z.enum(ZONE_KINDS),
  illustrative: z.boolean().default(false),
});
export type ZoneProperties = z.output<typeof zonePropertiesSchema>;
