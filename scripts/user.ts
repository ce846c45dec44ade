/**
 * `npm run user -- <command>`: manage users of the database named by DATABASE_URL or LEDGER_DB.
 *
 *   add NAME --role viewer|editor|admin [--password P]   (else reads the password from stdin)
 *   passwd NAME [--password P]
 *   role NAME --role ROLE
 *   remove NAME
 *   list
 *   disable NAME | enable NAME     refuse (or allow again) every sign-in, session and token of NAME at once
 *   token NAME --name LABEL [--expires-days N]   prints a personal API token for scripts and QGIS
 *   tokens [NAME]                  lists tokens (id, user, name, created, last used, expires); never the token
 *   revoke-token ID                revokes a token at once
 */
import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import type { Role } from '../server/db/schema';
import {
  createApiToken,
  createUser,
  listApiTokens,
  listUsers,
  MAX_TOKEN_DAYS,
  removeUser,
  revokeApiToken,
  ROLES,
  setDisabled,
  setPassword,
  setRole,
} from '../server/auth/users.store';

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
  options: { role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, 'expires-days': { type: 'string' } },
});
const [command, username] = positionals;
const role = values.role as Role | undefined;
if (role !== undefined && !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
const expiresDaysText = values['expires-days'];
const expiresDays = expiresDaysText === undefined ? undefined : Number(expiresDaysText);
if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays >= 1 && expiresDays <= MAX_TOKEN_DAYS)) {
  fail(`--expires-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
}

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
      console.log(`password changed for ${username}; their sessions were ended and their API tokens revoked`);
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
    case 'disable':
    case 'enable':
      if (!username) fail(`usage: ${command} NAME`);
      if (!(await setDisabled(db, username, command === 'disable'))) fail(`no user ${username}`);
      console.log(`${username} is ${command}d`);
      break;
    case 'token': {
      if (!username) fail('usage: token NAME --name LABEL [--expires-days N]');
      const user = (await listUsers(db)).find((u) => u.username === username);
      if (!user) fail(`no user ${username}`);
      const created = await createApiToken(db, user.id, values.name ?? 'cli', expiresDays);
      console.log(created.token);
      console.error(`token id ${created.id}${created.expiresAt ? `, expires ${created.expiresAt}` : ', no expiry'}`);
      break;
    }
    case 'tokens': {
      const user = username ? (await listUsers(db)).find((u) => u.username === username) : undefined;
      if (username && !user) fail(`no user ${username}`);
      console.log('id\tuser\tname\tcreated\tlast used\texpires');
      for (const t of await listApiTokens(db, user?.id)) {
        console.log([t.id, t.username, t.name, t.createdAt, t.lastUsedAt ?? '-', t.expiresAt ?? 'never'].join('\t'));
      }
      break;
    }
    case 'revoke-token': {
      const id = Number(username);
      if (!Number.isInteger(id) || id <= 0) fail('usage: revoke-token ID (see `tokens`)');
      if (!(await revokeApiToken(db, id))) fail(`no token ${id}`);
      console.log(`token ${id} revoked`);
      break;
    }
    default:
      fail('commands: add, passwd, role, remove, disable, enable, list, token, tokens, revoke-token');
  }
} finally {
  await db.destroy();
}
