/**
 * The attack from issue 11: 250 wrong passwords at once. Over real HTTP (so
 * each caller has its own socket address: the attacker 127.0.0.2, everyone
 * else 127.0.0.1), the flood is answered 429 with Retry-After (only 4 checks
 * of one address run at once; 10 failures lock a name, 50 an address), the
 * number of scrypt runs it causes is bounded, and another user's correct
 * sign-in during the flood is answered.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { passwordVerifications } from '../../server/auth/password';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { listen, type RunningServer } from '../support/httpServer';
import { addUsers, PASSWORD } from '../support/users';

let t: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  await addUsers(t.db);
  server = await listen(createApp(t.db));
});
afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { code?: string; messageZh?: string; messageEn?: string };
  elapsedMs: number;
}

/** One HTTP request from a chosen loopback address (the server sees it as the caller's address). */
function send(from: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const url = new URL(path, server.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method, localAddress: from, agent: false, headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body: text ? JSON.parse(text) : {}, elapsedMs: performance.now() - started });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const login = (from: string, username: string, password: string, headers: Record<string, string> = {}) =>
  send(from, 'POST', '/api/auth/login', headers, { username, password });

describe('a flood of wrong passwords', () => {
  it("250 wrong passwords at once: at most 10 are checked, the rest answered 429 before hashing; another user's sign-in is answered meanwhile", async () => {
    const hashesBefore = passwordVerifications();
    const flood = Promise.all(Array.from({ length: 250 }, (_, i) => login('127.0.0.2', 'editor', `guess-${i}`)));
    const other = await login('127.0.0.1', 'viewer', PASSWORD);
    const answers = await flood;
    const hashes = passwordVerifications() - hashesBefore;

    expect(other.status).toBe(200);
    const refused = answers.filter((a) => a.status === 429);
    // 4 run at once; a guess that finishes before the last request arrives frees its slot, up to the name's 10.
    const checked = answers.filter((a) => a.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(checked).toBeLessThanOrEqual(10);
    expect(refused).toHaveLength(250 - checked);
    for (const a of refused) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(15 * 60);
      expect(a.body.code).toBe('TOO_MANY_SIGN_INS');
      expect(a.body.messageZh).toBeTruthy();
      expect(a.body.messageEn).toBeTruthy();
    }
    // The guesses let through and the other user's one sign-in: nothing else was hashed.
    expect(hashes).toBe(checked + 1);
    // A refusal costs no hashing, so the slowest refusal comes back no later than the slowest checked guess.
    const slowestRefusal = Math.max(...refused.map((a) => a.elapsedMs));
    console.log(
      `flood: other user's sign-in ${other.elapsedMs.toFixed(0)} ms; slowest 429 ${slowestRefusal.toFixed(0)} ms; guesses checked ${checked}; scrypt runs ${hashes}`,
    );
    // Sent one after another, the guesses lock the name after 10 failures; then even its right password waits.
    let status = 0;
    for (let i = 0; i < 6 && status !== 429; i++) status = (await login('127.0.0.2', 'editor', `again-${i}`)).status;
    expect(status).toBe(429);
    const locked = await login('127.0.0.1', 'editor', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(60);
  }, 120_000);

  it('Basic auth failures count too: the 11th wrong Basic header is 429 with Retry-After', async () => {
    const header = (i: number) => ({ Authorization: `Basic ${Buffer.from(`admin:wrong-${i}`).toString('base64')}` });
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await send('127.0.0.3', 'GET', '/api/auth/me', header(i)));
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
    expect(answers.slice(10).map((a) => a.status)).toEqual([429, 429]);
    expect(Number(answers[10]!.retryAfter)).toBeGreaterThan(0);
  });

  it('one address is limited to 50 failures whatever the names, and a forged X-Forwarded-For does not change the address without a trusted proxy', async () => {
    const answers = [];
    for (let i = 0; i < 52; i++) answers.push(await login('127.0.0.4', `nobody-${i}`, 'x', { 'X-Forwarded-For': `198.51.100.${i}` }));
    expect(answers.slice(0, 50).every((a) => a.status === 401)).toBe(true);
    expect(answers.slice(50).map((a) => a.status)).toEqual([429, 429]);
  }, 120_000);
});
