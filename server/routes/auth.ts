/** Sign in and out, who am I, personal API tokens: /api/auth. */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, SESSION_COOKIE, type AuthVariables } from '../auth/middleware';
import { checkCredentials, createApiToken, createSession, deleteSession } from '../auth/users.store';
import type { Database } from '../db/schema';
import { problem } from '../http/problem';
import { readJson } from '../http/body';

const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });
const tokenSchema = z.object({ name: z.string().trim().min(1).max(100) });

export function authRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.post('/login', async (c) => {
    // Login CSRF: a cross-site page must not sign the browser in as someone else.
    const origin = c.req.header('Origin');
    if (origin && origin !== new URL(c.req.url).origin) return problem(c, 403, 'CSRF_REJECTED');
    const body = await readJson(c, loginSchema);
    if (!body.ok) return body.response;
    const user = await checkCredentials(db, body.data.username, body.data.password);
    if (!user) return problem(c, 401, 'BAD_CREDENTIALS');
    const session = await createSession(db, user.id);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: session.expiresAt,
    });
    return c.json({ user });
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.get('/me', (c) => c.json({ user: c.get('user') }));

  app.post('/tokens', requireRole('viewer'), async (c) => {
    const body = await readJson(c, tokenSchema);
    if (!body.ok) return body.response;
    const token = await createApiToken(db, c.get('user')!.id, body.data.name);
    return c.json({ token, name: body.data.name }, 201);
  });

  return app;
}
