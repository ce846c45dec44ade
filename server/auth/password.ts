/**
 * Password hashing with scrypt from node:crypto (memory-hard; no native
 * dependency). Stored as `scrypt$N$r$p$salt$hash`, base64, so the cost can be
 * raised later without invalidating old hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { availableParallelism } from 'node:os';

const scryptAsync = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * Hashes running at once. Async scrypt runs on libuv's pool (4 threads), so it
 * never blocks the request thread, but four CPU-bound hashes on a 2-core
 * machine still starve it: every request waited behind a burst of sign-ins.
 * Leaving one core to the request thread keeps it answering meanwhile.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let hashesRunning = 0;
const waiting: (() => void)[] = [];

async function scrypt(password: string, salt: Buffer, keylen: number, options: object): Promise<Buffer> {
  if (hashesRunning >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  hashesRunning += 1;
  try {
    return await scryptAsync(password, salt, keylen, options);
  } finally {
    hashesRunning -= 1;
    waiting.shift()?.();
  }
}

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
