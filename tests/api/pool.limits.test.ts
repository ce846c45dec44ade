/**
 * The worker pool's limits (server/pool/pool.ts): a job past its time limit
 * is ended and refused 422 with a zh/en reason; beyond the queue, 503 with
 * Retry-After; the pool keeps working after either.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { JobRefusal, runJob } from '../../server/pool/pool';

// Read when the pool is first used, i.e. by the first test below.
process.env.LEDGER_POOL_THREADS = '1';
process.env.LEDGER_POOL_QUEUE = '1';
afterAll(() => {
  delete process.env.LEDGER_POOL_THREADS;
  delete process.env.LEDGER_POOL_QUEUE;
});

function circle(n: number) {
  const ring = Array.from({ length: n }, (_, i) => [106.9 + 0.01 * Math.cos((2 * Math.PI * i) / n), 28.95 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

describe('worker pool limits', () => {
  it('ends a job past its time limit: 422 JOB_TIME_LIMIT with zh/en text; the next job still runs', async () => {
    expect(await runJob('ping', null)).toBe('pong');
    const refused = await runJob('validateGeometry', { geometry: circle(45_000) }, { timeLimitMs: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JobRefusal);
    const response = (refused as JobRefusal).getResponse();
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; messageZh: string; messageEn: string };
    expect(body.code).toBe('JOB_TIME_LIMIT');
    expect(body.messageZh).toMatch(/超出时间上限/);
    expect(body.messageEn).toMatch(/time limit/);
    const after = await runJob('validateGeometry', { geometry: circle(1000) });
    expect(after.valid).toBe(true);
  }, 60_000);

  it('refuses beyond the queue: 503 SERVER_BUSY with Retry-After; the running and queued jobs finish', async () => {
    const jobs = [0, 1, 2].map(() => runJob('validateGeometry', { geometry: circle(30_000) }).then((v) => v, (e: unknown) => e));
    const outcomes = await Promise.all(jobs);
    const busy = outcomes.filter((o) => o instanceof JobRefusal) as JobRefusal[];
    expect(busy).toHaveLength(1);
    const response = busy[0]!.getResponse();
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('5');
    expect(((await response.json()) as { code: string }).code).toBe('SERVER_BUSY');
    expect(outcomes.filter((o) => !(o instanceof JobRefusal) && (o as { valid: boolean }).valid)).toHaveLength(2);
  }, 60_000);
});
