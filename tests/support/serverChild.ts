/**
 * A server in a child process for crash tests: `tsx tests/support/serverChild.ts DB`.
 * Prints `LISTENING <port>` once it accepts requests.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db/connection';
import { migrateToLatest } from '../../server/db/migrations';

const { db } = openDatabase(process.argv[2]!);
await migrateToLatest(db);
serve({ fetch: createApp(db).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`LISTENING ${info.port}\n`);
});
