/**
 * /api/auth bodies (server/routes/auth.ts), read by client/api/auth.ts and
 * client/api/tokens.ts: who is signed in, and personal API tokens.
 */
import { z } from 'zod';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const sessionUserSchema = z.object({ id: z.number(), username: z.string(), role: z.enum(ROLES) });
export type SessionUser = z.output<typeof sessionUserSchema>;

/** GET /api/auth/me: null when nobody is signed in. */
export const meSchema = z.object({ user: sessionUserSchema.nullable() });
/** POST /api/auth/login, done. */
export const signedInSchema = z.object({ user: sessionUserSchema });

export const apiTokenSchema = z.object({
  id: z.number(),
  userId: z.number(),
  username: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type ApiToken = z.output<typeof apiTokenSchema>;

/** GET /api/auth/tokens and /api/auth/admin/tokens. */
export const tokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });

/** POST /api/auth/tokens: the token itself, shown this once. */
export const createdTokenSchema = z.object({ token: z.string(), id: z.number(), name: z.string(), expiresAt: z.string().nullable() });
export type CreatedToken = z.output<typeof createdTokenSchema>;
