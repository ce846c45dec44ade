/** Serves an app on a random loopback port for tests that need real HTTP (GDAL, browser). */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { keepConnectionsLonger } from '../../server/http/keepAlive';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function listen(app: Hono<any>): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    keepConnectionsLonger(server);
  });
}
