/**
 * `npm run user -- <command>`: manage users of the database named by DATABASE_URL or LEDGER_DB.
 *
 *   add NAME --role viewer|editor|admin [--password P]   (else reads the password from stdin)
 *   passwd NAME [--password P]
 *   role NAME --role ROLE
 *   remove NAME
 *   list
 *   token NAME --name LABEL        prints a personal API token for scripts and QGIS
 */
import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import type { Role } from '../server/db/schema';
import { createApiToken, createUser, listUsers, removeUser, ROLES, setPassword, setRole } from '../server/auth/users.store';

async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
});
const [command, username] = positionals;
const role = values.role as Role | undefined;
if (role !== undefined && !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);

const { db } = openConfiguredDatabase();
await migrateToLatest(db);
try {
  switch (command) {
    case 'add': {
      if (!username || !role) fail('usage: add NAME --role ROLE [--password P]');
      const password = values.password ?? (await readPasswordFromStdin());
      if (password.length < 8) fail('password must have at least 8 characters');
      const user = await createUser(db, username, password, role);
      console.log(`added ${user.username} (${user.role})`);
      break;
    }
    case 'passwd': {
      if (!username) fail('usage: passwd NAME [--password P]');
      const password = values.password ?? (await readPasswordFromStdin());
      if (password.length < 8) fail('password must have at least 8 characters');
      if (!(await setPassword(db, username, password))) fail(`no user ${username}`);
      console.log(`password changed for ${username}; their sessions were ended`);
      break;
    }
    case 'role':
      if (!username || !role) fail('usage: role NAME --role ROLE');
      if (!(await setRole(db, username, role))) fail(`no user ${username}`);
      console.log(`${username} is now ${role}`);
      break;
    case 'remove':
      if (!username) fail('usage: remove NAME');
      if (!(await removeUser(db, username))) fail(`no user ${username}`);
      console.log(`removed ${username}`);
      break;
    case 'list':
      for (const u of await listUsers(db)) console.log(`${u.username}\t${u.role}${u.disabled ? '\t(disabled)' : ''}`);
      break;
    case 'token': {
      if (!username) fail('usage: token NAME --name LABEL');
      const user = (await listUsers(db)).find((u) => u.username === username);
      if (!user) fail(`no user ${username}`);
      console.log(await createApiToken(db, user.id, values.name ?? 'cli'));
      break;
    }
    default:
      fail('commands: add, passwd, role, remove, list, token');
  }
} finally {
  await db.destroy();
}
