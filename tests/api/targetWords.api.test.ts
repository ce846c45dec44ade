/**
 * The plan's words for each figure through the API: the seeded parks read 力争
 * in the tally and in the plan's definitions, a definition stored before
 * levels existed reads as it did (确保 / 力争), and an admin sets the word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { PLAN, planApi, targetDef } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

const PARKS = ['B1', 'B2', 'B3'].flatMap((park) => [`${park}.land`, `${park}.investment`, `${park}.output`]);

describe('the seeded plan’s words', () => {
  it('the tally serves B1–B3 as 力争 (strive), land 达到 and money 突破; A0 and C1 plain 以上; D1 确保/力争', async () => {
    const byCode = Object.fromEntries((await api.tally()).targets.map((x: any) => [x.code, x]));
    for (const code of PARKS) {
      expect(byCode[code], code).toMatchObject({ floorLevel: 'strive', floorWordZh: code.endsWith('.land') ? '达到' : '突破' });
    }
    expect(byCode.A0).toMatchObject({ floorLevel: 'plain', floorWordZh: '以上' });
    expect(byCode.A1).toMatchObject({ floorLevel: 'plain', floorWordZh: null });
    expect(byCode.C1).toMatchObject({ floorLevel: 'plain', floorWordZh: '以上' });
    // Only 工业总产值 is worded 确保 (§二: 确保突破500亿元、力争达到600亿元).
    expect(Object.values(byCode).filter((x: any) => x.floorLevel === 'ensure').map((x: any) => x.code)).toEqual(['D1']);
    expect(byCode.D1).toMatchObject({ floorWordZh: '突破', stretchLevel: 'strive', stretchWordZh: '达到' });
  });

  it('the plan’s stored definitions carry the same words', async () => {
    const { targets } = await api.json(`/api/plans/${PLAN}/targets`);
    const parks = targets.filter((x: any) => PARKS.includes(x.code));
    expect(parks).toHaveLength(9);
    for (const x of parks) expect(x.floorLevel, x.code).toBe('strive');
  });
});

describe('a definition stored before levels existed', () => {
  it('reads as before (确保 floor, 力争 stretch) until an admin sets the plan’s word', async () => {
    const res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('OLD1', { zoneCodes: ['A2'], floor: 10, stretch: 20 }));
    expect(res.status).toBe(201);
    // Strip the level fields from the stored JSON, as an older version wrote it.
    const row = await t.db.selectFrom('targets').select(['definition']).where('planId', '=', PLAN).where('code', '=', 'OLD1').executeTakeFirstOrThrow();
    const { floorLevel: _f, floorWordZh: _fw, stretchLevel: _s, stretchWordZh: _sw, ...older } = JSON.parse(row.definition);
    expect(_f).toBe('ensure');
    await t.db.updateTable('targets').set({ definition: JSON.stringify(older) }).where('planId', '=', PLAN).where('code', '=', 'OLD1').execute();

    expect(await api.tallyOf(PLAN, 'OLD1')).toMatchObject({ floorLevel: 'ensure', floorWordZh: null, stretchLevel: 'strive', stretchWordZh: null });

    const worded = targetDef('OLD1', { zoneCodes: ['A2'], floor: 10, stretch: 20, floorLevel: 'plain', floorWordZh: '以上', stretchLevel: 'strive', stretchWordZh: '突破' });
    const put = await api.send('PUT', `/api/plans/${PLAN}/targets/OLD1`, auth.admin, worded, { 'If-Match': `"targets-${PLAN}-OLD1-v1"` });
    expect(put.status).toBe(200);
    expect(await api.tallyOf(PLAN, 'OLD1')).toMatchObject({ floorLevel: 'plain', floorWordZh: '以上', stretchLevel: 'strive', stretchWordZh: '突破' });
  });

  it('a level or word outside the dictionary is refused (400), nothing written', async () => {
    for (const fields of [{ floorLevel: 'floor' }, { floorWordZh: '左右' }, { stretchLevel: 'Stretch' }]) {
      const res = await api.send('POST', `/api/plans/${PLAN}/targets`, auth.admin, targetDef('BAD1', fields));
      expect(res.status, JSON.stringify(fields)).toBe(400);
    }
    expect(await api.tallyOf(PLAN, 'BAD1')).toBeUndefined();
  });
});
