/**
 * Password hashing with scrypt from node:crypto (memory-hard; no native
 * dependency). Stored as `scrypt$N$r$p$salt$hash`, base64, so the cost can be
 * raised later without invalidating old hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** N = 2^15, r = 8, p = 1: ~32 MiB and ~50 ms per hash on the 2-core machines here. */
const COST = { N: 32768, r: 8, p: 1 };
const KEY_BYTES = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES, { ...COST, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

let verifications = 0;

/** How many password checks ran scrypt in this process (tests bound the work an attack causes). */
export function passwordVerifications(): number {
  return verifications;
}

/** Async scrypt: the hash runs on libuv's thread pool, never on the request thread. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  verifications += 1;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts;
  const expected = Buffer.from(keyText!, 'base64');
  const key = await scrypt(password, Buffer.from(saltText!, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** New random token (session or API), URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed, so a leaked database does not leak sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
