/**
 * Basemap settings (GET/PUT /api/settings/basemaps, server/routes/basemaps.ts),
 * read and written by client/api/basemapSettings.ts: the body an admin PUTs
 * (validated with basemapSettingsSchema) and the answer to both, which adds the
 * options planners can pick and the GCJ-02 warning text.
 */
import { z } from 'zod';
import type { BasemapOption, BasemapSettings } from '../basemaps';

const tileTemplate = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u) && u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'an http(s) URL template with {z}, {x} and {y}')
  .refine((u) => {
    try {
      new URL(u.replace(/\{[a-z]+\}/gi, '0'));
      return true;
    } catch {
      return false;
    }
  }, 'a valid URL');

export const basemapSettingsSchema = z.strictObject({
  tiandituKey: z.string().trim().regex(/^[A-Za-z0-9]{1,64}$/, 'letters and digits').nullable().default(null),
  osm: z.boolean().default(true),
  custom: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/),
        nameZh: z.string().trim().min(1).max(100),
        nameEn: z.string().trim().min(1).max(100),
        url: tileTemplate,
        attribution: z.string().trim().max(300).default(''),
        maxZoom: z.number().int().min(1).max(24).default(18),
      }),
    )
    .max(20)
    .default([]),
  local: z
    .array(
      z.strictObject({
        file: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a .pmtiles file name without the extension'),
        nameZh: z.string().trim().min(1).max(100),
        nameEn: z.string().trim().min(1).max(100),
        attribution: z.string().trim().max(300).default(''),
      }),
    )
    .max(100)
    .refine((l) => new Set(l.map((x) => x.file)).size === l.length, 'a file is named once')
    .default([]),
}) satisfies z.ZodType<BasemapSettings>;

/** What an admin PUTs: every field may be left out for its default. */
export type BasemapSettingsBody = z.input<typeof basemapSettingsSchema>;

const basemapOptionSchema = z.object({
  id: z.string(),
  kind: z.enum(['offline', 'raster', 'pmtiles']),
  nameZh: z.string(),
  nameEn: z.string(),
  tiles: z.array(z.string()).optional(),
  annotationTiles: z.array(z.string()).optional(),
  url: z.string().optional(),
  tileType: z.enum(['raster', 'vector']).optional(),
  attribution: z.string(),
  maxZoom: z.number(),
  gcj02Warning: z.boolean(),
}) satisfies z.ZodType<BasemapOption>;

/** GET and PUT /api/settings/basemaps, answered with ETag "basemaps-v{version}". */
export const basemapSettingsAnswerSchema = z.object({
  version: z.number().int().nonnegative(),
  settings: basemapSettingsSchema,
  options: z.array(basemapOptionSchema),
  gcj02Warning: z.object({ zh: z.string(), en: z.string() }),
});
export type BasemapSettingsAnswer = z.output<typeof basemapSettingsAnswerSchema>;
