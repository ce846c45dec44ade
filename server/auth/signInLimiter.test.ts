import { describe, expect, it } from 'vitest';
import { SignInLimiter, type SignInLimits } from './signInLimiter';

const LIMITS: SignInLimits = Object.freeze({ windowMs: 15 * 60_000, perUser: 10, perAddress: 50, perAddressRunning: 4, maxKeys: 100 });

function clock() {
  let nowMs = 1_000_000;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

const wrong = () => Promise.resolve(null);
const right = () => Promise.resolve('user');

describe('SignInLimiter', () => {
  it('refuses the 11th failure for one user within 15 minutes, with the seconds left in the window, without running the check', async () => {
    const time = clock();
    const limiter = new SignInLimiter(LIMITS, time.now);
    for (let i = 0; i < 10; i++) expect(await limiter.attempt('admin', `10.0.0.${i}`, wrong)).toEqual({ limited: false, value: null });
    time.advance(60_000);
    let ran = false;
    const refused = await limiter.attempt('admin', '10.0.1.1', async () => {
      ran = true;
      return 'user';
    });
    expect(refused).toEqual({ limited: true, retryAfterSeconds: 14 * 60 });
    expect(ran).toBe(false);
    expect((await limiter.attempt('someone-else', '10.0.1.1', wrong)).limited).toBe(false);
    time.advance(14 * 60_000);
    expect((await limiter.attempt('admin', '10.0.1.1', right)).limited).toBe(false);
  });

  it('counts attempts when they start: of 250 sent at once from one address, at most 4 run, the rest are told to retry in 1 s', async () => {
    const limiter = new SignInLimiter(LIMITS, clock().now);
    const release: (() => void)[] = [];
    const slowWrong = () => new Promise<null>((resolve) => release.push(() => resolve(null)));
    const pending = Array.from({ length: 250 }, () => limiter.attempt('admin', '203.0.113.9', slowWrong));
    await Promise.resolve();
    expect(release).toHaveLength(4);
    release.forEach((r) => r());
    const answers = await Promise.all(pending);
    expect(answers.filter((a) => !a.limited)).toHaveLength(4);
    expect(answers.filter((a) => a.limited && a.retryAfterSeconds === 1)).toHaveLength(246);
  });

  it('one user across many addresses: the burst stops at 10 running checks', async () => {
    const limiter = new SignInLimiter(LIMITS, clock().now);
    const release: (() => void)[] = [];
    const slowWrong = () => new Promise<null>((resolve) => release.push(() => resolve(null)));
    const pending = Array.from({ length: 250 }, (_, i) => limiter.attempt('admin', `198.51.100.${i}`, slowWrong));
    await Promise.resolve();
    expect(release).toHaveLength(10);
    release.forEach((r) => r());
    expect((await Promise.all(pending)).filter((a) => a.limited)).toHaveLength(240);
  });

  it('refuses the 51st failure from one address whatever the user names', async () => {
    const limiter = new SignInLimiter(LIMITS, clock().now);
    for (let i = 0; i < 50; i++) expect((await limiter.attempt(`user${i}`, '203.0.113.9', wrong)).limited).toBe(false);
    expect((await limiter.attempt('user-new', '203.0.113.9', wrong)).limited).toBe(true);
    expect((await limiter.attempt('user-new', '198.51.100.1', wrong)).limited).toBe(false);
  });

  it("a success clears the user's failures but not the address's", async () => {
    const limiter = new SignInLimiter({ ...LIMITS, perAddress: 12 }, clock().now);
    for (let i = 0; i < 9; i++) await limiter.attempt('wang', '203.0.113.9', wrong);
    expect(await limiter.attempt('wang', '203.0.113.9', right)).toEqual({ limited: false, value: 'user' });
    // The user starts over (10 more allowed) but the address had 9 failures of its 12.
    const more = [];
    for (let i = 0; i < 4; i++) more.push((await limiter.attempt('wang', '203.0.113.9', wrong)).limited);
    expect(more).toEqual([false, false, false, true]);
  });

  it('a check that throws still frees its running slot', async () => {
    const limiter = new SignInLimiter({ ...LIMITS, perAddressRunning: 1 }, clock().now);
    await expect(limiter.attempt('wang', '203.0.113.9', () => Promise.reject(new Error('database gone')))).rejects.toThrow();
    expect((await limiter.attempt('wang', '203.0.113.9', right)).limited).toBe(false);
  });

  it('remembers at most maxKeys names, dropping the oldest', async () => {
    const limiter = new SignInLimiter({ ...LIMITS, perAddress: 1_000_000, maxKeys: 5 }, clock().now);
    for (let i = 0; i < 10; i++) await limiter.attempt('first', `a${i}`, wrong);
    expect((await limiter.attempt('first', 'b', wrong)).limited).toBe(true);
    for (let i = 0; i < 10; i++) await limiter.attempt(`spray${i}`, 'c', wrong);
    expect((await limiter.attempt('first', 'b', wrong)).limited).toBe(false);
  });
});
