/** Users for auth tests, created directly in the test's own database. */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../server/db/schema';
import { createUser } from '../../server/auth/users.store';

export const PASSWORD = 'correct horse battery staple';

export async function addUsers(db: Kysely<Database>): Promise<Record<Role, string>> {
  const headers = {} as Record<Role, string>;
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    await createUser(db, role, PASSWORD, role);
    headers[role] = `Basic ${Buffer.from(`${role}:${PASSWORD}`).toString('base64')}`;
  }
  return headers;
}
