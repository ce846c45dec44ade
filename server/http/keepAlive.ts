import type { Server } from 'node:http';
import type { Http2SecureServer, Http2Server } from 'node:http2';

/**
 * How long an idle kept-alive connection stays open, ms. Node's default (5 s)
 * is shorter than the idle time of the clients and proxies in front of us
 * (undici 4 s but delayed by a busy event loop, nginx's upstream keepalive
 * 60 s): when the server closes a socket just as a client reuses it, that
 * request fails with ECONNRESET although nothing was wrong with it. Keeping
 * the server's side longer than any client's means the client always closes
 * first.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Applies the keep-alive and header timeouts to a server made by @hono/node-server's `serve`. */
export function keepConnectionsLonger(server: Server | Http2Server | Http2SecureServer): void {
  if (!('keepAliveTimeout' in server)) return;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // The header timeout must outlast the keep-alive one, or a reused socket's next request can be cut off.
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
}
