/**
 * Online backup and restore of the SQLite store. The backup uses SQLite's
 * online backup API (better-sqlite3's `backup()`), which copies a consistent
 * snapshot while the server keeps reading and writing; restore checks the
 * backup's integrity first and refuses to overwrite a database in use.
 */
import SQLite from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export async function backupDatabase(sourcePath: string, destinationPath: string): Promise<{ pages: number }> {
  if (!existsSync(sourcePath)) throw new Error(`no database at ${sourcePath}`);
  mkdirSync(dirname(destinationPath), { recursive: true });
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  try {
    // All pages in one step: a step holds a read snapshot, so the copy is consistent even
    // while the server writes. (Small steps restart whenever another connection writes,
    // and under a steady stream of edits never finish.)
    const result = await source.backup(destinationPath, { progress: () => 0x7fffffff });
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}

export function integrityCheck(path: string): string {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** Replaces `targetPath` with the backup, atomically (rename), after checking both. */
export function restoreDatabase(backupPath: string, targetPath: string): void {
  const check = integrityCheck(backupPath);
  if (check !== 'ok') throw new Error(`backup ${backupPath} failed its integrity check: ${check}`);
  if (existsSync(targetPath)) {
    // Another connection (a running server) holds at least a shared lock in WAL mode;
    // an exclusive lock that cannot be had means the database is in use.
    const target = new SQLite(targetPath, { timeout: 0 });
    try {
      target.pragma('journal_mode = DELETE');
      target.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch {
      target.close();
      throw new Error(`${targetPath} is in use: stop the server before restoring`);
    }
    target.close();
  }
  mkdirSync(dirname(targetPath), { recursive: true });
  const staging = `${targetPath}.restoring`;
  copyFileSync(backupPath, staging);
  for (const suffix of ['-wal', '-shm']) rmSync(`${targetPath}${suffix}`, { force: true });
  renameSync(staging, targetPath);
}
