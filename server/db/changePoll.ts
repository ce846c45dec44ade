/**
 * Several server processes on one SQLite file (LEDGER_WORKERS > 1) share no
 * memory, so a write in one process would reach only that process's live
 * streams. Each process polls the newest change id (one indexed max(), every
 * 250 ms) and wakes its streams when it moved; the streams then read the
 * changes table as usual. PostgreSQL uses LISTEN/NOTIFY instead (changeSignal.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { ChangeBus } from '../store/history';
import { latestChangeId } from '../store/changes.query';

export const CHANGE_POLL_MS = 250;

export function pollForChanges(db: Kysely<Database>, bus: ChangeBus, intervalMs: number = CHANGE_POLL_MS): { close(): void } {
  let last = -1;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    latestChangeId(db)
      .then((id) => {
        if (last >= 0 && id !== last) bus.emit('change', { id });
        last = id;
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
