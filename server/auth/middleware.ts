/**
 * Who is calling, and may they? Three ways in:
 * - the session cookie set by POST /api/auth/login (browsers);
 * - HTTP Basic (QGIS, scripts);
 * - `Authorization: Bearer ll_…` personal API tokens.
 * CSRF: a cookie is sent by the browser whatever page made the request, so
 * every unsafe request riding on the cookie must come from our own origin
 * (Origin, else Referer, must match). That covers JSON bodies too, which
 * Hono's csrf() (form content types only) does not. Basic and token clients
 * are not ambient credentials and need no such check.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import { problem } from '../http/problem';
import { checkCredentials, roleAtLeast, userForApiToken, userForSession, type AuthUser } from './users.store';
import { hashToken } from './password';

export const SESSION_COOKIE = 'll_session';

/**
 * Basic auth runs scrypt (~50 ms) per check; QGIS sends the header on every
 * request. A verified header is remembered for a minute (keyed by its SHA-256,
 * never the password) so a session of edits does not pay scrypt each time.
 */
const BASIC_CACHE_MS = 60_000;
const basicCache = new Map<string, { user: AuthUser; until: number }>();

async function basicUser(db: Kysely<Database>, header: string): Promise<AuthUser | null> {
  const key = hashToken(header);
  const hit = basicCache.get(key);
  if (hit && hit.until > Date.now()) return hit.user;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon > 0 ? await checkCredentials(db, decoded.slice(0, colon), decoded.slice(colon + 1)) : null;
  if (user) {
    if (basicCache.size > 1000) basicCache.clear();
    basicCache.set(key, { user, until: Date.now() + BASIC_CACHE_MS });
  }
  return user;
}

export type AuthMethod = 'cookie' | 'basic' | 'token';

export interface AuthVariables {
  user: AuthUser | null;
  authMethod: AuthMethod | null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameOrigin(c: Context): boolean {
  const own = new URL(c.req.url).origin;
  const origin = c.req.header('Origin');
  if (origin) return origin === own;
  const referer = c.req.header('Referer');
  if (referer) {
    try {
      return new URL(referer).origin === own;
    } catch {
      return false;
    }
  }
  return false;
}

export function authenticate(db: Kysely<Database>): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    c.set('user', null);
    c.set('authMethod', null);
    const header = c.req.header('Authorization');
    if (header?.startsWith('Basic ')) {
      const user = await basicUser(db, header);
      if (!user) return problem(c, 401, 'BAD_CREDENTIALS');
      c.set('user', user);
      c.set('authMethod', 'basic');
    } else if (header?.startsWith('Bearer ')) {
      const user = await userForApiToken(db, header.slice(7).trim());
      if (!user) return problem(c, 401, 'BAD_CREDENTIALS');
      c.set('user', user);
      c.set('authMethod', 'token');
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const user = await userForSession(db, token);
        if (user) {
          c.set('user', user);
          c.set('authMethod', 'cookie');
        }
      }
    }
    if (c.get('authMethod') === 'cookie' && UNSAFE.has(c.req.method) && !sameOrigin(c)) {
      return problem(c, 403, 'CSRF_REJECTED');
    }
    await next();
  };
}

/** 401 without a user, 403 with one whose role is below `role`. */
export function requireRole(role: Role): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) {
      c.header('WWW-Authenticate', 'Basic realm="Land Ledger", charset="UTF-8"');
      return problem(c, 401, 'UNAUTHENTICATED');
    }
    if (!roleAtLeast(user.role, role)) return problem(c, 403, 'FORBIDDEN', `requires ${role}`);
    await next();
  };
}
