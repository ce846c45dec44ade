/**
 * A large save whose pooled checks go past the job time limit is refused
 * (422 JOB_TIME_LIMIT, zh/en) and nothing of it is written: the checks run
 * before the save's transaction opens, so an ended job leaves no row, no
 * history entry and no deleted neighbour behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { createApp } from '../../server/app';
import { listUsers } from '../../server/auth/users.store';
import { runJob } from '../../server/pool/pool';
import { ChangeBus } from '../../server/store/history';
import { createParcel } from '../../server/store/parcels.write';
import { BASE, rowCounts } from '../support/importClient';
import { emptySpotInZone, loadSeedLayers, squareAt } from '../support/places';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';

// Read when the pool is first used: far below the ~1–4 s a 20,000-vertex parcel's checks take.
process.env.LEDGER_JOB_MS = '250';
afterAll(() => {
  delete process.env.LEDGER_JOB_MS;
});

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let spot: Polygon;
let big: { id: number; version: number };
let small: { id: number; version: number };

function circle(n: number, scale: number): Polygon {
  const [[x0, y0], [x1, y1]] = [spot.coordinates[0]![0]!, spot.coordinates[0]![2]!] as [[number, number], [number, number]];
  const r = (Math.abs(x1 - x0) / 2) * scale;
  const ring = Array.from({ length: n }, (_, i) => [(x0 + x1) / 2 + r * Math.cos((2 * Math.PI * i) / n), (y0 + y1) / 2 + r * Math.sin((2 * Math.PI * i) / n)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

const props = (name: string) => ({ name, landUseCode: '1001', status: 'planned' });

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  app = createApp(t.db);
  spot = emptySpotInZone(await loadSeedLayers(async (p) => app.request(BASE + p)), 'A2', 0.002);
  // Written through the store directly (its checks on this thread, no pool): the set-up, not the attack.
  const editor = (await listUsers(t.db)).find((u) => u.role === 'editor')!;
  const ctx = { db: t.db, user: { id: editor.id, username: editor.username, role: editor.role }, bus: new ChangeBus() };
  const created = await createParcel(ctx, { type: 'Feature', geometry: circle(20_000, 0.9), properties: props('大圆') }, new Set());
  const [[x0, y0]] = spot.coordinates[0]! as [[number, number]];
  const corner = await createParcel(ctx, { type: 'Feature', geometry: squareAt(x0 + 0.00015, y0 + 0.00015, 0.0002), properties: props('角地') }, new Set());
  if (!created.ok || !corner.ok) throw new Error('set-up parcels refused');
  big = { id: created.id, version: created.version };
  small = { id: corner.id, version: corner.version };
  // The worker's first job loads its code (~1 s): not what the limit is for.
  await runJob('ping', null, { timeLimitMs: 120_000 });
}, 180_000);

afterAll(async () => t?.dispose());

async function refusedWithTimeLimit(res: Response): Promise<void> {
  expect(res.status).toBe(422);
  const body = (await res.json()) as { code: string; messageZh: string; messageEn: string };
  expect(body.code).toBe('JOB_TIME_LIMIT');
  expect(body.messageZh).toMatch(/超出时间上限/);
  expect(body.messageEn).toMatch(/time limit/);
}

describe('a large save past the job time limit', () => {
  it('a PUT of a 20,000-vertex shape: 422 JOB_TIME_LIMIT; the parcel keeps its version and shape, no history entry', async () => {
    const before = await rowCounts(t.db);
    const stored = await t.db.selectFrom('parcels').select(['geometry', 'version']).where('id', '=', big.id).executeTakeFirstOrThrow();
    const res = await app.request(`${BASE}/ogc/collections/parcels/items/${big.id}`, {
      method: 'PUT',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/json', 'If-Match': `"parcels-${big.id}-v${big.version}"` },
      body: JSON.stringify({ type: 'Feature', geometry: circle(20_000, 0.8), properties: props('改小') }),
    });
    await refusedWithTimeLimit(res);
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await t.db.selectFrom('parcels').select(['geometry', 'version']).where('id', '=', big.id).executeTakeFirstOrThrow()).toEqual(stored);
  }, 60_000);

  it('a merge absorbing a neighbour: 422 JOB_TIME_LIMIT; the neighbour is still there, nothing recorded', async () => {
    const before = await rowCounts(t.db);
    const res = await app.request(`${BASE}/api/parcels/edits`, {
      method: 'POST',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: big, feature: { type: 'Feature', geometry: circle(20_000, 0.95), properties: props('合并') }, absorb: [small] }),
    });
    await refusedWithTimeLimit(res);
    expect(await rowCounts(t.db)).toEqual(before);
    const rows = await t.db.selectFrom('parcels').select(['id', 'version']).where('id', 'in', [big.id, small.id]).orderBy('id').execute();
    expect(rows).toEqual([big, small].sort((a, b) => a.id - b.id));
  }, 60_000);

  it('the pool keeps working after the ended jobs', async () => {
    // Ending a job ends its worker; the new one loads its code first (~1 s), hence the longer limit here.
    expect(await runJob('ping', null, { timeLimitMs: 120_000 })).toBe('pong');
  }, 60_000);
});
