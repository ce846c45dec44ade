/**
 * Changes committed by any app server reach every server's live stream. With
 * several servers on one PostgreSQL database (read replicas, a load balancer),
 * each holds one LISTEN connection on the change channel; recordChange sends
 * a NOTIFY in the writing transaction, which PostgreSQL delivers on commit.
 * A notification wakes this server's SSE streams, which then read the changes
 * table as usual, so a lost or duplicated signal costs only latency (the
 * streams also re-read on their 25 s heartbeat). SQLite has one server per
 * file and needs none of this.
 */
import pg from 'pg';
import { CHANGE_CHANNEL, type ChangeBus } from '../store/history';

export interface ChangeSignal {
  close(): Promise<void>;
}

/** How long to wait before reconnecting a dropped LISTEN connection. */
const RECONNECT_MS = 2000;

export async function listenForChanges(url: string, bus: ChangeBus, log: (message: string) => void = console.warn): Promise<ChangeSignal> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (message) => {
      const id = Number(message.payload);
      if (message.channel === CHANGE_CHANNEL && Number.isInteger(id)) bus.emit('change', { id });
    });
    c.on('error', (err) => {
      log(`change signal: PostgreSQL connection lost (${err.message}); reconnecting`);
      c.end().catch(() => undefined);
      if (client === c) client = null;
      schedule();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    // Changes committed while reconnecting: wake the streams so they re-read the table.
    bus.emit('change', { id: 0 });
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((err: Error) => {
        log(`change signal: cannot LISTEN (${err.message}); retrying`);
        schedule();
      });
    }, RECONNECT_MS);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
