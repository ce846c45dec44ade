/**
 * Failed sign-ins counted per user name and per caller address, in a fixed
 * window: past the limit the answer is 429 with Retry-After, decided before
 * any password is hashed, so a flood of wrong passwords costs at most
 * `perUser` scrypt runs per name and `perAddress` per address and cannot
 * queue hashing work in front of everyone else's sign-in.
 *
 * An attempt is counted when it starts (not when its hash is done): 250
 * wrong passwords sent at once would otherwise all pass the check before
 * the first one failed. A success takes its own count back and clears the
 * user's failures; the address keeps its failures (an attacker signing in to
 * their own account must not reset their address).
 *
 * An address may also have only a few checks running at once: a burst from
 * one address waits behind at most that many of its own hashes instead of
 * queueing hundreds in front of everyone else (it is told to retry in 1 s).
 *
 * Counts live in this process: with several server processes each counts
 * on its own, so the effective limit is the per-process limit × processes.
 */

export interface SignInLimits {
  windowMs: number;
  perUser: number;
  perAddress: number;
  /** Checks one address may have running at once. */
  perAddressRunning: number;
  /** Most names or addresses remembered at once; the oldest window is dropped past it. */
  maxKeys: number;
}

/** 10 failures per user and 50 per address in 15 minutes; 4 checks at once per address. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, perUser: 10, perAddress: 50, perAddressRunning: 4, maxKeys: 10_000 };

interface Window {
  count: number;
  startedAtMs: number;
}

/** A check's result, or how long to wait when it was refused without running. */
export type Attempt<T> = { limited: false; value: T | null } | { limited: true; retryAfterSeconds: number };

class Counter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly limits: SignInLimits,
  ) {}

  /** Seconds until the window ends when the limit is reached; 0 when an attempt may start. */
  blockedForSeconds(key: string, nowMs: number): number {
    const w = this.current(key, nowMs);
    return w && w.count >= this.limit ? Math.max(1, Math.ceil((w.startedAtMs + this.limits.windowMs - nowMs) / 1000)) : 0;
  }

  add(key: string, nowMs: number, delta: number): void {
    const w = this.current(key, nowMs);
    if (w) {
      w.count = Math.max(0, w.count + delta);
      return;
    }
    if (delta <= 0) return;
    if (this.windows.size >= this.limits.maxKeys) this.prune(nowMs);
    this.windows.set(key, { count: delta, startedAtMs: nowMs });
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, nowMs: number): Window | undefined {
    const w = this.windows.get(key);
    if (w && nowMs - w.startedAtMs >= this.limits.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private prune(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.startedAtMs >= this.limits.windowMs) this.windows.delete(key);
    // Still full: drop the oldest windows (Map keeps insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.limits.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

export class SignInLimiter {
  private readonly users: Counter;
  private readonly addresses: Counter;
  private readonly running = new Map<string, number>();

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.users = new Counter(limits.perUser, limits);
    this.addresses = new Counter(limits.perAddress, limits);
  }

  /**
   * Runs `check` (the password check: null when it fails) unless `username`
   * or `address` is over its limit; a refused attempt must be answered 429
   * with Retry-After, and no hashing happened.
   */
  async attempt<T>(username: string, address: string, check: () => Promise<T | null>): Promise<Attempt<T>> {
    const now = this.nowMs();
    const userKey = username.slice(0, 200);
    const wait = Math.max(this.users.blockedForSeconds(userKey, now), this.addresses.blockedForSeconds(address, now));
    if (wait > 0) return { limited: true, retryAfterSeconds: wait };
    const running = this.running.get(address) ?? 0;
    if (running >= this.limits.perAddressRunning) return { limited: true, retryAfterSeconds: 1 };
    this.users.add(userKey, now, 1);
    this.addresses.add(address, now, 1);
    this.running.set(address, running + 1);
    let value: T | null = null;
    try {
      value = await check();
    } finally {
      const left = (this.running.get(address) ?? 1) - 1;
      if (left > 0) this.running.set(address, left);
      else this.running.delete(address);
      if (value !== null) {
        this.users.clear(userKey);
        this.addresses.add(address, this.nowMs(), -1);
      }
    }
    return { limited: false, value };
  }
}
