import { describe, expect, it } from 'vitest';
import { SignInLimiter, type SignInLimits } from './signInLimiter';

const LIMITS: SignInLimits = Object.freeze({ windowMs: 15 * 60_000, perUser: 10, perAddress: 50, maxKeys: 100 });

function clock() {
  let nowMs = 1_000_000;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

describe('SignInLimiter', () => {
  it('refuses the 11th failure for one user within 15 minutes, with the seconds left in the window', () => {
    const time = clock();
    const limiter = new SignInLimiter(LIMITS, time.now);
    for (let i = 0; i < 10; i++) {
      const ticket = limiter.begin('admin', `10.0.0.${i}`);
      expect(ticket.ok).toBe(true);
      if (ticket.ok) ticket.settle(false);
    }
    time.advance(60_000);
    const refused = limiter.begin('admin', '10.0.1.1');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 14 * 60 });
    expect(limiter.begin('someone-else', '10.0.1.1').ok).toBe(true);
    time.advance(14 * 60_000);
    expect(limiter.begin('admin', '10.0.1.1').ok).toBe(true);
  });

  it('counts attempts when they start, so a burst sent at once cannot all pass before the first fails', () => {
    const limiter = new SignInLimiter(LIMITS, clock().now);
    const tickets = Array.from({ length: 250 }, () => limiter.begin('admin', '203.0.113.9'));
    expect(tickets.filter((t) => t.ok)).toHaveLength(10);
  });

  it('refuses the 51st failure from one address whatever the user names', () => {
    const limiter = new SignInLimiter(LIMITS, clock().now);
    for (let i = 0; i < 50; i++) expect(limiter.begin(`user${i}`, '203.0.113.9').ok).toBe(true);
    expect(limiter.begin('user-new', '203.0.113.9').ok).toBe(false);
    expect(limiter.begin('user-new', '198.51.100.1').ok).toBe(true);
  });

  it("a success clears the user's failures but not the address's", () => {
    const limiter = new SignInLimiter({ ...LIMITS, perAddress: 12 }, clock().now);
    for (let i = 0; i < 9; i++) {
      const t = limiter.begin('wang', '203.0.113.9');
      if (t.ok) t.settle(false);
    }
    const good = limiter.begin('wang', '203.0.113.9');
    expect(good.ok).toBe(true);
    if (good.ok) good.settle(true);
    // The user starts over (10 more allowed) but the address had 9 failures of its 12.
    const more = Array.from({ length: 4 }, () => limiter.begin('wang', '203.0.113.9'));
    expect(more.map((t) => t.ok)).toEqual([true, true, true, false]);
  });

  it('remembers at most maxKeys names, dropping the oldest', () => {
    const limiter = new SignInLimiter({ ...LIMITS, perAddress: 1_000_000, maxKeys: 5 }, clock().now);
    for (let i = 0; i < 10; i++) limiter.begin('first', `a${i}`);
    expect(limiter.begin('first', 'b').ok).toBe(false);
    for (let i = 0; i < 10; i++) limiter.begin(`spray${i}`, 'c');
    expect(limiter.begin('first', 'b').ok).toBe(true);
  });
});
