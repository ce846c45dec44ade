/** Users, sessions and personal API tokens. */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import { nowIso } from '../store/spatial';
import { hashPassword, hashToken, newToken, verifyPassword } from './password';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

/** Sessions last 12 hours: a working day, then sign in again. */
export const SESSION_HOURS = 12;

export async function createUser(db: Kysely<Database>, username: string, password: string, role: Role): Promise<AuthUser> {
  const row = await db
    .insertInto('users')
    .values({ username, passwordHash: await hashPassword(password), role, disabled: 0, createdAt: nowIso() })
    .returning(['id', 'username', 'role'])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * A new password ends every session and revokes every API token of that user
 * at once: whoever held the old password may have made them.
 */
export async function setPassword(db: Kysely<Database>, username: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) return false;
    await trx.updateTable('users').set({ passwordHash }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('userId', '=', user.id).execute();
    await trx.deleteFrom('apiTokens').where('userId', '=', user.id).execute();
    return true;
  });
}

export async function setRole(db: Kysely<Database>, username: string, role: Role): Promise<boolean> {
  const r = await db.updateTable('users').set({ role }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A disabled user keeps their sessions and tokens on file, but every one is refused until enabled again. */
export async function setDisabled(db: Kysely<Database>, username: string, disabled: boolean): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Sessions and tokens go with the user (foreign keys cascade). */
export async function removeUser(db: Kysely<Database>, username: string): Promise<boolean> {
  const r = await db.deleteFrom('users').where('username', '=', username).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listUsers(db: Kysely<Database>): Promise<(AuthUser & { disabled: number; createdAt: string })[]> {
  return db.selectFrom('users').select(['id', 'username', 'role', 'disabled', 'createdAt']).orderBy('username').execute();
}

/** Checks a user name and password; null when either is wrong or the user is disabled. */
export async function checkCredentials(db: Kysely<Database>, username: string, password: string): Promise<AuthUser | null> {
  return (await verifyCredentials(db, username, password))?.user ?? null;
}

/**
 * Like checkCredentials, with the stored hash the password was checked
 * against: a cache of verified credentials is only good while it is unchanged.
 */
export async function verifyCredentials(db: Kysely<Database>, username: string, password: string): Promise<{ user: AuthUser; passwordHash: string } | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row || row.disabled) {
    // Spend the same time as a real check, so timing does not reveal which user names exist.
    await verifyPassword(password, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return null;
  }
  if (!(await verifyPassword(password, row.passwordHash))) return null;
  return { user: { id: row.id, username: row.username, role: row.role }, passwordHash: row.passwordHash };
}

/** The user as stored now (role, disabled, password hash): one indexed read, no hashing. */
export async function currentUser(db: Kysely<Database>, id: number): Promise<{ user: AuthUser; passwordHash: string; disabled: boolean } | null> {
  const row = await db.selectFrom('users').select(['id', 'username', 'role', 'disabled', 'passwordHash']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return { user: { id: row.id, username: row.username, role: row.role }, passwordHash: row.passwordHash, disabled: Boolean(row.disabled) };
}

export async function createSession(db: Kysely<Database>, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.insertInto('sessions').values({ tokenHash: hashToken(token), userId, createdAt: nowIso(), expiresAt: expiresAt.toISOString() }).execute();
  return { token, expiresAt };
}

export async function userForSession(db: Kysely<Database>, token: string): Promise<AuthUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['users.id', 'users.username', 'users.role', 'users.disabled', 'sessions.expiresAt'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expiresAt < nowIso()) return null;
  return { id: row.id, username: row.username, role: row.role };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).execute();
}

/** Longest expiry a token may be given, days (ten years). */
export const MAX_TOKEN_DAYS = 3650;

export interface ApiTokenInfo {
  id: number;
  userId: number;
  username: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export async function createApiToken(
  db: Kysely<Database>,
  userId: number,
  name: string,
  expiresDays?: number,
): Promise<{ token: string; id: number; expiresAt: string | null }> {
  const token = `ll_${newToken()}`;
  const expiresAt = expiresDays === undefined ? null : new Date(Date.now() + expiresDays * 86_400_000).toISOString();
  const row = await db
    .insertInto('apiTokens')
    .values({ userId, name, tokenHash: hashToken(token), createdAt: nowIso(), lastUsedAt: null, expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: row.id, expiresAt };
}

/** Tokens (never their hashes), newest first; only `userId`'s when given. */
export async function listApiTokens(db: Kysely<Database>, userId?: number): Promise<ApiTokenInfo[]> {
  let q = db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['apiTokens.id', 'apiTokens.userId', 'users.username', 'apiTokens.name', 'apiTokens.createdAt', 'apiTokens.lastUsedAt', 'apiTokens.expiresAt'])
    .orderBy('apiTokens.id', 'desc');
  if (userId !== undefined) q = q.where('apiTokens.userId', '=', userId);
  return q.execute();
}

/** Deletes a token (only one of `userId`'s when given); false when there was none. Takes effect on the next request. */
export async function revokeApiToken(db: Kysely<Database>, id: number, userId?: number): Promise<boolean> {
  let q = db.deleteFrom('apiTokens').where('id', '=', id);
  if (userId !== undefined) q = q.where('userId', '=', userId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function userForApiToken(db: Kysely<Database>, token: string): Promise<AuthUser | null> {
  const hash = hashToken(token);
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['users.id', 'users.username', 'users.role', 'users.disabled', 'apiTokens.expiresAt'])
    .where('apiTokens.tokenHash', '=', hash)
    .executeTakeFirst();
  if (!row || row.disabled) return null;
  const now = nowIso();
  if (row.expiresAt !== null && row.expiresAt <= now) return null;
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('tokenHash', '=', hash).execute();
  return { id: row.id, username: row.username, role: row.role };
}

/** A fresh database with LEDGER_ADMIN_PASSWORD set gets user `admin` with that password. */
export async function ensureBootstrapAdmin(db: Kysely<Database>, password: string | undefined): Promise<boolean> {
  if (!password) return false;
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await createUser(db, 'admin', password, 'admin');
  return true;
}
