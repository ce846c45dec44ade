/**
 * Opens the store through Kysely: the embedded SQLite file by default, or
 * PostgreSQL + PostGIS when DATABASE_URL=postgres://… is set (the scale-out
 * path; see README "When to switch to PostgreSQL").
 *
 * SQLite: WAL lets readers run while a write commits; synchronous=FULL makes
 * every commit durable before the server answers, so a 200 means saved.
 */
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The raw SQLite handle (backups, generator); absent on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** What was opened, for log lines: a file path or the URL without its password. */
  description: string;
}

/**
 * better-sqlite3 compiles a statement on every prepare(), and Kysely's driver
 * prepares each query afresh (11% of a bbox request in the load bench's
 * profile). Queries repeat with different parameters, so statements are
 * cached by SQL text. Kysely runs one query at a time per connection and never
 * leaves an iterator open (no streaming here), so reuse is safe.
 */
function withStatementCache(sqlite: SQLite.Database, capacity = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, key, receiver) {
      if (key === 'prepare') return prepare;
      // Kysely's destroy() closes the handle: the snapshot reader on the same file goes with it.
      if (key === 'close') return closeWithReader(target);
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The raw SQLite handle behind a Kysely instance, for the few hot paths that bypass Kysely. */
const rawHandles = new WeakMap<object, SQLite.Database>();

export function rawSqliteHandle(db: object): SQLite.Database | undefined {
  return rawHandles.get(db);
}

/** Each handle's read-only second connection (null: an in-memory database has none). */
const snapshotReaders = new WeakMap<SQLite.Database, SQLite.Database | null>();

/**
 * A read-only second connection on the same SQLite file, for a read that must
 * not wait for, nor look into, a write transaction open on the first (a batch
 * write gives the event loop turns while its transaction is open:
 * store/batchWrite.ts). In WAL mode it reads the last committed state. Null
 * for an in-memory database.
 */
export function snapshotReader(sqlite: SQLite.Database): SQLite.Database | null {
  let reader = snapshotReaders.get(sqlite);
  if (reader === undefined) {
    reader = sqlite.memory ? null : new SQLite(sqlite.name, { readonly: true, fileMustExist: true });
    reader?.pragma('busy_timeout = 5000');
    snapshotReaders.set(sqlite, reader);
  }
  return reader;
}

function closeWithReader(sqlite: SQLite.Database) {
  return () => {
    snapshotReaders.get(sqlite)?.close();
    snapshotReaders.delete(sqlite);
    return sqlite.close();
  };
}

export function openDatabase(path: string): OpenedDatabase & { sqlite: SQLite.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
  rawHandles.set(db, sqlite);
  return { db, sqlite, description: path };
}

export function openPostgres(url: string, options: { max?: number } = {}): OpenedDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle pooled connection can be cut by the server (restart, failover, an admin's
  // pg_terminate_backend). pg reports that as an 'error' event, which would crash the
  // process if nobody listened: log it; the pool replaces the connection on next use.
  pool.on('error', (err) => console.warn(`PostgreSQL connection lost (${err.message}); the pool will reconnect`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return { db, description: shown.toString() };
}

/** True for a postgres:// (or postgresql://) URL, the form DATABASE_URL takes to select PostgreSQL. */
export function isPostgresUrl(url: string | undefined | null): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** DATABASE_URL (postgres://…) if set, else the SQLite file LEDGER_DB (default data/ledger.db). */
export function openConfiguredDatabase(env: NodeJS.ProcessEnv = process.env): OpenedDatabase {
  const url = env.DATABASE_URL;
  if (isPostgresUrl(url)) return openPostgres(url);
  return openDatabase(env.LEDGER_DB ?? 'data/ledger.db');
}
