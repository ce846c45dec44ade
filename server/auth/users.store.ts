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

export async function setPassword(db: Kysely<Database>, username: string, password: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ passwordHash: await hashPassword(password) }).where('username', '=', username).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  // A new password ends every open session of that user.
  await db.deleteFrom('sessions').where('userId', 'in', db.selectFrom('users').select('id').where('username', '=', username)).execute();
  return true;
}

export async function setRole(db: Kysely<Database>, username: string, role: Role): Promise<boolean> {
  const r = await db.updateTable('users').set({ role }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function removeUser(db: Kysely<Database>, username: string): Promise<boolean> {
  const r = await db.deleteFrom('users').where('username', '=', username).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listUsers(db: Kysely<Database>): Promise<(AuthUser & { disabled: number; createdAt: string })[]> {
  return db.selectFrom('users').select(['id', 'username', 'role', 'disabled', 'createdAt']).orderBy('username').execute();
}

/** Checks a user name and password; null when either is wrong or the user is disabled. */
export async function checkCredentials(db: Kysely<Database>, username: string, password: string): Promise<AuthUser | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row || row.disabled) {
    // Spend the same time as a real check, so timing does not reveal which user names exist.
    await verifyPassword(password, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return null;
  }
  if (!(await verifyPassword(password, row.passwordHash))) return null;
  return { id: row.id, username: row.username, role: row.role };
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

export async function createApiToken(db: Kysely<Database>, userId: number, name: string): Promise<string> {
  const token = `ll_${newToken()}`;
  await db.insertInto('apiTokens').values({ userId, name, tokenHash: hashToken(token), createdAt: nowIso(), lastUsedAt: null }).execute();
  return token;
}

export async function userForApiToken(db: Kysely<Database>, token: string): Promise<AuthUser | null> {
  const hash = hashToken(token);
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['users.id', 'users.username', 'users.role', 'users.disabled'])
    .where('apiTokens.tokenHash', '=', hash)
    .executeTakeFirst();
  if (!row || row.disabled) return null;
  await db.updateTable('apiTokens').set({ lastUsedAt: nowIso() }).where('tokenHash', '=', hash).execute();
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
