/** Sign in and out, who am I, personal API tokens (own, and every user's for admins): /api/auth. */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, SESSION_COOKIE, tooManySignIns, type AuthVariables } from '../auth/middleware';
import type { SignInLimiter } from '../auth/signInLimiter';
import { checkCredentials, createApiToken, createSession, deleteSession, listApiTokens, MAX_TOKEN_DAYS, revokeApiToken } from '../auth/users.store';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { readJson } from '../http/body';
import { clientAddress, isHttps, isOwnOrigin } from '../http/publicOrigin';
import type { createdTokenSchema, signedInSchema, meSchema, tokenListSchema } from '../../domain/api/auth.schema';

export const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });
export const tokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  expiresDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
});
const tokenId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export function authRoutes(db: Kysely<Database>, limiter: SignInLimiter): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.post('/login', async (c) => {
    // Login CSRF: a cross-site page must not sign the browser in as someone else.
    const origin = c.req.header('Origin');
    if (origin && !isOwnOrigin(c, origin)) return problem(c, 403, 'CSRF_REJECTED');
    const body = await readJson(c, loginSchema);
    if (!body.ok) return body.response;
    // Refused before hashing: a flood of guesses must not queue scrypt work in front of other sign-ins.
    const attempt = await limiter.attempt(body.data.username, clientAddress(c), () => checkCredentials(db, body.data.username, body.data.password));
    if (attempt.limited) return tooManySignIns(c, attempt.retryAfterSeconds);
    const user = attempt.value;
    if (!user) return problem(c, 401, 'BAD_CREDENTIALS');
    const session = await createSession(db, user.id);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c),
      expires: session.expiresAt,
    });
    return c.json({ user } satisfies z.input<typeof signedInSchema>);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.body(null, 204);
  });

  app.get('/me', (c) => c.json({ user: c.get('user') ?? null } satisfies z.input<typeof meSchema>));

  app.post('/tokens', requireRole('viewer'), async (c) => {
    const body = await readJson(c, tokenSchema);
    if (!body.ok) return body.response;
    const created = await createApiToken(db, c.get('user')!.id, body.data.name, body.data.expiresDays);
    return c.json({ token: created.token, id: created.id, name: body.data.name, expiresAt: created.expiresAt } satisfies z.input<typeof createdTokenSchema>, 201);
  });

  app.get('/tokens', requireRole('viewer'), async (c) => c.json({ tokens: await listApiTokens(db, c.get('user')!.id) } satisfies z.input<typeof tokenListSchema>));

  app.delete('/tokens/:id', requireRole('viewer'), async (c) => {
    const id = tokenId.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 400, 'INVALID_REQUEST', 'token id');
    // Another user's token is "not found" here, not "forbidden": its existence is not this user's business.
    if (!(await revokeApiToken(db, id.data, c.get('user')!.id))) return problem(c, 404, 'NOT_FOUND', `token ${id.data}`);
    return c.body(null, 204);
  });

  app.get('/admin/tokens', requireRole('admin'), async (c) => c.json({ tokens: await listApiTokens(db) } satisfies z.input<typeof tokenListSchema>));

  app.delete('/admin/tokens/:id', requireRole('admin'), async (c) => {
    const id = tokenId.safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 400, 'INVALID_REQUEST', 'token id');
    if (!(await revokeApiToken(db, id.data))) return problem(c, 404, 'NOT_FOUND', `token ${id.data}`);
    return c.body(null, 204);
  });

  return app;
}
