/**
 * The first-load bench's server, in its own process as in production:
 * `node --import tsx bench/firstLoad.server.ts DB CLIENT_DIR` migrates and
 * seeds DB when empty, serves the app with CLIENT_DIR as its client, and
 * prints `LISTENING <port>`.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../server/app';
import { openDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import { isEmpty, seedDatabase } from '../server/db/seed';

const { db } = openDatabase(process.argv[2]!);
await migrateToLatest(db);
if (await isEmpty(db)) await seedDatabase(db);
serve({ fetch: createApp(db, { clientDir: process.argv[3]! }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`LISTENING ${info.port}\n`);
});
