/**
 * Where the public reached us: the origin absolute links and Location headers
 * are built from, whether the request came over HTTPS, and the caller's
 * address (for sign-in limits).
 *
 * The rule for the origin, in order:
 * 1. LEDGER_PUBLIC_URL, when set: always (the Host header is never used for links).
 * 2. With LEDGER_TRUST_PROXY, the X-Forwarded-Proto / X-Forwarded-Host the proxy sends.
 * 3. The request's own scheme and Host.
 * Whatever the source, a host that is not allowed is refused with 400 before
 * any route runs, so no link, Location or CSRF comparison ever carries a
 * host the operator did not name. Allowed: LEDGER_PUBLIC_URL's host, the
 * hosts in LEDGER_ALLOWED_HOSTS, and always this machine's own names and
 * addresses (localhost, loopback, its host name, its interface addresses);
 * LEDGER_ALLOWED_HOSTS=* turns the check off (only when a proxy in front
 * already filters Host). Refusing unknown names also defeats DNS rebinding.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { hostname as machineName, networkInterfaces } from 'node:os';
import { problemBody } from './problem';

export interface ProxySettings {
  /** Trust X-Forwarded-* from every peer (`true`), from these peer addresses, or never (`false`). */
  trustProxy: boolean | readonly string[];
  /** Origin of LEDGER_PUBLIC_URL, e.g. "https://ledger.example.gov.cn"; null when unset. */
  publicOrigin: string | null;
  /** Lower-case host names (no port) a request may name; 'any' skips the check. */
  allowedHosts: ReadonlySet<string> | 'any';
}

/** Any Host, no proxy: apps built without settings (tests, embedding). server/main.ts passes proxySettingsFromEnv(). */
export const OPEN_PROXY_SETTINGS: ProxySettings = { trustProxy: false, publicOrigin: null, allowedHosts: 'any' };

export interface ProxyVariables {
  /** Origin for absolute links, e.g. "https://ledger.example.gov.cn". */
  publicOrigin: string;
  /** Origin the browser used for this request (forwarded one when trusted); same-origin checks accept it too. */
  requestOrigin: string;
  /** True when the browser's connection is HTTPS, directly or as a trusted proxy says. */
  https: boolean;
  /** The caller's IP address ('unknown' when there is no socket, as in app.request()). */
  clientAddress: string;
}

function thisMachine(): string[] {
  const names = ['localhost', '127.0.0.1', '::1', machineName().toLowerCase()];
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.push(i.address.toLowerCase());
  return names;
}

/** Reads LEDGER_TRUST_PROXY, LEDGER_PUBLIC_URL and LEDGER_ALLOWED_HOSTS; throws on a malformed public URL. */
export function proxySettingsFromEnv(env: Record<string, string | undefined>): ProxySettings {
  const trustText = (env.LEDGER_TRUST_PROXY ?? '').trim();
  const trustProxy: ProxySettings['trustProxy'] = /^(1|true|yes)$/i.test(trustText)
    ? true
    : trustText === '' || /^(0|false|no)$/i.test(trustText)
      ? false
      : trustText.split(',').map((a) => a.trim()).filter(Boolean);
  let publicOrigin: string | null = null;
  if (env.LEDGER_PUBLIC_URL) {
    const url = new URL(env.LEDGER_PUBLIC_URL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('LEDGER_PUBLIC_URL must be an http(s) URL');
    publicOrigin = url.origin;
  }
  const listed = (env.LEDGER_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (listed.includes('*')) return { trustProxy, publicOrigin, allowedHosts: 'any' };
  const allowed = new Set([...thisMachine(), ...listed.map(hostWithoutPort)]);
  if (publicOrigin) allowed.add(new URL(publicOrigin).hostname);
  return { trustProxy, publicOrigin, allowedHosts: allowed };
}

/** "Example.org:8080" → "example.org"; "[::1]:80" → "::1". */
function hostWithoutPort(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** A host[:port] a header may carry: letters, digits, dots, dashes, or a bracketed IPv6 literal. */
const HOST_SYNTAX = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function firstValue(header: string | undefined): string | undefined {
  const v = header?.split(',')[0]?.trim();
  return v ? v : undefined;
}

function socketAddress(c: Context): string | undefined {
  // @hono/node-server passes the Node request as env.incoming; app.request() has none.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

function trusts(settings: ProxySettings, peer: string | undefined): boolean {
  if (settings.trustProxy === true) return true;
  if (settings.trustProxy === false || !peer) return false;
  return settings.trustProxy.includes(peer);
}

/** Sets the ProxyVariables for every request, and refuses a host that is not allowed. */
export function proxyContext(settings: ProxySettings): MiddlewareHandler<{ Variables: ProxyVariables }> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const peer = socketAddress(c);
    const trusted = trusts(settings, peer);
    const forwardedProto = trusted ? firstValue(c.req.header('X-Forwarded-Proto'))?.toLowerCase() : undefined;
    const forwardedHost = trusted ? firstValue(c.req.header('X-Forwarded-Host')) : undefined;
    // The proxy appends the address it saw last: with one trusted proxy that is the caller.
    const forwardedFor = trusted ? c.req.header('X-Forwarded-For')?.split(',').pop()?.trim() : undefined;
    const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : url.protocol.slice(0, -1);
    const host = forwardedHost && HOST_SYNTAX.test(forwardedHost) ? forwardedHost : url.host;
    if (settings.allowedHosts !== 'any' && !settings.allowedHosts.has(hostWithoutPort(host))) {
      return c.json(problemBody('HOST_NOT_ALLOWED', host.slice(0, 100)), 400);
    }
    const requestOrigin = `${proto}://${host.toLowerCase()}`;
    c.set('requestOrigin', requestOrigin);
    c.set('publicOrigin', settings.publicOrigin ?? requestOrigin);
    // A pinned https public URL means the browser talks TLS to whatever sits in front, whatever reached us.
    c.set('https', proto === 'https' || settings.publicOrigin?.startsWith('https:') === true);
    c.set('clientAddress', forwardedFor || peer || 'unknown');
    await next();
  };
}

/** The origin absolute links are built from (see the rule above). */
export function publicOrigin(c: Context): string {
  return (c.get('publicOrigin') as string | undefined) ?? new URL(c.req.url).origin;
}

/** Whether an Origin header names us: the public origin, or the (allowed) origin this request came to. */
export function isOwnOrigin(c: Context, origin: string): boolean {
  return origin === publicOrigin(c) || origin === ((c.get('requestOrigin') as string | undefined) ?? new URL(c.req.url).origin);
}

export function isHttps(c: Context): boolean {
  return (c.get('https') as boolean | undefined) ?? new URL(c.req.url).protocol === 'https:';
}

export function clientAddress(c: Context): string {
  return (c.get('clientAddress') as string | undefined) ?? 'unknown';
}
