/**
 * Opens the embedded SQLite store through Kysely. WAL lets readers run while
 * a write commits; synchronous=FULL makes every commit durable before the
 * server answers, so a 200 means saved (even across a power cut).
 */
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The raw handle, for backups and pragmas Kysely does not wrap. */
  sqlite: SQLite.Database;
}

export function openDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, sqlite };
}
