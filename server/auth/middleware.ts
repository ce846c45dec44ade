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
import { clientAddress, isOwnOrigin, type ProxyVariables } from '../http/publicOrigin';
import { currentUser, roleAtLeast, userForApiToken, userForSession, verifyCredentials, type AuthUser } from './users.store';
import { hashToken } from './password';
import { SignInLimiter } from './signInLimiter';

export const SESSION_COOKIE = 'll_session';

/**
 * Basic auth runs scrypt (~50 ms) per check; QGIS sends the header on every
 * request. A verified header is remembered (keyed by its SHA-256, never the
 * password) with the user id and the password hash it was checked against.
 * Each request still reads the user row (one indexed read, no hashing): a
 * changed password, a new role, a disabled or removed user count at once,
 * even when another process (the user CLI, another server) made the change.
 */
const BASIC_CACHE_MS = 60_000;
const basicCache = new Map<string, { userId: number; passwordHash: string; until: number }>();

type BasicOutcome = { user: AuthUser } | { user: null; retryAfterSeconds?: number };

async function basicUser(db: Kysely<Database>, limiter: SignInLimiter, header: string, address: string): Promise<BasicOutcome> {
  const key = hashToken(header);
  const hit = basicCache.get(key);
  if (hit && hit.until > Date.now()) {
    const now = await currentUser(db, hit.userId);
    if (now && !now.disabled && now.passwordHash === hit.passwordHash) return { user: now.user };
    basicCache.delete(key);
  }
  // QGIS opens several requests at once with the same header: they share one check (one scrypt, one
  // sign-in ticket), so parallel reads by a good client are never counted as a guessing burst.
  const pending = basicInFlight.get(key);
  if (pending) return pending;
  const check = verifyBasic(db, limiter, header, key, address).finally(() => basicInFlight.delete(key));
  basicInFlight.set(key, check);
  return check;
}

const basicInFlight = new Map<string, Promise<BasicOutcome>>();

async function verifyBasic(db: Kysely<Database>, limiter: SignInLimiter, header: string, key: string, address: string): Promise<BasicOutcome> {
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { user: null };
  const username = decoded.slice(0, colon);
  const attempt = await limiter.attempt(username, address, () => verifyCredentials(db, username, decoded.slice(colon + 1)));
  if (attempt.limited) return { user: null, retryAfterSeconds: attempt.retryAfterSeconds };
  const verified = attempt.value;
  if (!verified) return { user: null };
  if (basicCache.size > 1000) basicCache.clear();
  basicCache.set(key, { userId: verified.user.id, passwordHash: verified.passwordHash, until: Date.now() + BASIC_CACHE_MS });
  return { user: verified.user };
}

/** 429 with Retry-After and a bilingual reason: too many failed sign-ins for this user or address. */
export function tooManySignIns(c: Context, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds));
  return problem(c, 429, 'TOO_MANY_SIGN_INS', `retry after ${retryAfterSeconds} s`);
}

export type AuthMethod = 'cookie' | 'basic' | 'token';

export interface AuthVariables extends ProxyVariables {
  user: AuthUser | null;
  authMethod: AuthMethod | null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('Origin');
  if (origin) return isOwnOrigin(c, origin);
  const referer = c.req.header('Referer');
  if (referer) {
    try {
      return isOwnOrigin(c, new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return false;
}

export function authenticate(db: Kysely<Database>, limiter: SignInLimiter): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    c.set('user', null);
    c.set('authMethod', null);
    const header = c.req.header('Authorization');
    if (header?.startsWith('Basic ')) {
      const outcome = await basicUser(db, limiter, header, clientAddress(c));
      if (!outcome.user) {
        if ('retryAfterSeconds' in outcome && outcome.retryAfterSeconds) return tooManySignIns(c, outcome.retryAfterSeconds);
        return problem(c, 401, 'BAD_CREDENTIALS');
      }
      c.set('user', outcome.user);
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
