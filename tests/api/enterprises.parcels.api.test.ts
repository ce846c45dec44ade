/**
 * Parcels link to the enterprise occupying them by id: the land figure
 * follows the link, not the parcel's free-text label, through a rename, a
 * relabelled parcel, a parcel held by another enterprise, and a parcel
 * deleted and brought back by undo. Every figure is recomputed here from the
 * served parcels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { migrateToLatest } from '../../server/db/migrations';
import { seedDatabase } from '../../server/db/seed';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { planApi } from './planApi';

let t: TestDatabase;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let parcels: any[];

beforeAll(async () => {
  t = await createTestDatabase();
  api = planApi(createApp(t.db));
  auth = await addUsers(t.db);
  parcels = (await api.json('/ogc/collections/parcels/items?limit=10000')).features;
});
afterAll(async () => t.dispose());

const SECURED = ['supplied', 'under_construction', 'in_production'];
const muOf = (features: any[]) => (features.filter((f) => SECURED.includes(f.properties.status)).reduce((s, f) => s + f.properties.areaSquareMeters, 0) * 15) / 10000;
const enterprise = (name: string) => ({ name, scale: 'above_scale', industryChain: 'new_energy' });

async function create(name: string) {
  const res = await api.send('POST', '/api/enterprises', auth.editor, enterprise(name));
  expect(res.status).toBe(201);
  return { id: (await res.json()).id as number, etag: res.headers.get('ETag')! };
}

const link = (id: number, etag: string | null, parcelIds: number[], who = auth.editor) =>
  api.send('PUT', `/api/enterprises/${id}/parcels`, who, { parcelIds }, etag ? { 'If-Match': etag } : {});

describe('linking parcels by id', () => {
  it('counts linked secured parcels only; a rename keeps the land; the parcel finds its enterprise', async () => {
    const secured = parcels.filter((f) => SECURED.includes(f.properties.status)).slice(0, 2);
    const planned = parcels.find((f) => !SECURED.includes(f.properties.status));
    expect(secured).toHaveLength(2);
    expect(planned).toBeDefined();
    const e = await create('示例链接企业甲');
    const res = await link(e.id, e.etag, [planned.id, secured[1].id, secured[0].id]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.parcelIds).toEqual([planned.id, secured[0].id, secured[1].id].sort((a, b) => a - b));
    expect(body.version).toBe(2);
    const etag = res.headers.get('ETag')!;
    expect(etag).toBe(`"enterprises-${e.id}-v2"`);

    const detail = await api.json(`/api/enterprises/${e.id}`);
    expect(detail.parcels.map((p: any) => p.id).sort()).toEqual(body.parcelIds);
    expect(detail.parcels.find((p: any) => p.id === planned.id).counted).toBe(false);
    expect(detail.landMu).toBeCloseTo(muOf([...secured, planned]), 9);
    // The parcels' labels name other enterprises (or none): listed as not matching, still counted.
    expect(detail.parcels.some((p: any) => !p.labelMatches)).toBe(true);

    const renamed = await api.send('PATCH', `/api/enterprises/${e.id}`, auth.editor, { name: '示例链接企业甲（更名）' }, { 'If-Match': etag });
    expect(renamed.status).toBe(200);
    const after = await api.json(`/api/enterprises/${e.id}`);
    expect(after.landMu).toBeCloseTo(detail.landMu, 9);
    const listed = (await api.json(`/api/enterprises?parcelId=${secured[0].id}`)).enterprises;
    expect(listed.map((x: any) => [x.id, x.name])).toEqual([[e.id, '示例链接企业甲（更名）']]);
    expect(listed[0].landMu).toBeCloseTo(detail.landMu, 9);
    expect((await api.json(`/api/enterprises?parcelId=${parcels.at(-1).id + 1000}`)).enterprises).toEqual([]);

    // History keeps the link: the enterprise's change shows the parcel ids before and after.
    const changes = await t.db.selectFrom('changes').select(['before', 'after']).where('collection', '=', 'enterprises').where('featureId', '=', String(e.id)).orderBy('id').execute();
    expect(JSON.parse(changes[1]!.before!).properties.parcelIds).toEqual([]);
    expect(JSON.parse(changes[1]!.after!).properties.parcelIds).toEqual(body.parcelIds);
    expect(JSON.parse(changes[2]!.after!).properties.parcelIds).toEqual(body.parcelIds);
  });

  it('refuses a parcel another enterprise holds (409, names it), an unknown parcel (422), a stale or missing If-Match, a viewer; saves nothing', async () => {
    const holder = (await api.json('/api/enterprises?q=示例链接企业甲')).enterprises[0];
    const heldIds: number[] = (await api.json(`/api/enterprises/${holder.id}`)).parcels.map((p: any) => p.id);
    const held = heldIds[0]!;
    const free = parcels.find((f) => !heldIds.includes(f.id))!;
    const e = await create('示例链接企业乙');

    const taken = await link(e.id, e.etag, [free.id, held]);
    expect(taken.status).toBe(409);
    const problem = await taken.json();
    expect(problem.code).toBe('PARCEL_OCCUPIED');
    expect(problem.messageZh).toContain('其他企业');
    expect(problem.detail).toContain(`parcel ${held}`);

    const unknown = await link(e.id, e.etag, [free.id, 99_999_999]);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe('UNKNOWN_PARCEL');
    expect((await link(e.id, null, [free.id])).status).toBe(428);
    expect((await link(e.id, `"enterprises-${e.id}-v7"`, [free.id])).status).toBe(412);
    expect((await link(e.id, e.etag, [free.id, free.id])).status).toBe(400);
    expect((await link(e.id, e.etag, [free.id], auth.viewer)).status).toBe(403);
    expect((await link(999_999, `"enterprises-999999-v1"`, [free.id])).status).toBe(404);

    const detail = await api.json(`/api/enterprises/${e.id}`);
    expect(detail.parcels).toEqual([]);
    expect(detail.enterprise.version).toBe(1);
    const links = await t.db.selectFrom('enterpriseParcels').select('parcelId').where('enterpriseId', '=', e.id).execute();
    expect(links).toEqual([]);
  });

  it('a deleted parcel stops counting and counts again when undo brings it back', async () => {
    const e = await create('示例链接企业丙');
    const target = parcels.filter((f) => SECURED.includes(f.properties.status)).at(-1);
    const other = (await api.json(`/api/enterprises?parcelId=${target.id}`)).enterprises;
    expect(other).toEqual([]);
    expect((await link(e.id, e.etag, [target.id])).status).toBe(200);
    expect((await api.json(`/api/enterprises/${e.id}`)).landMu).toBeCloseTo(muOf([target]), 9);

    const current = await api.json(`/ogc/collections/parcels/items/${target.id}`);
    const del = await api.send('DELETE', `/ogc/collections/parcels/items/${target.id}`, auth.editor, undefined, { 'If-Match': `"parcels-${target.id}-v${current.properties.version}"` });
    expect(del.status).toBe(204);
    expect((await api.json(`/api/enterprises/${e.id}`)).landMu).toBe(0);
    const undo = await api.send('POST', `/api/edits/${del.headers.get('X-Edit-Id')}/undo`, auth.editor, {});
    expect(undo.status).toBe(200);
    expect((await api.json(`/api/enterprises/${e.id}`)).landMu).toBeCloseTo(muOf([target]), 9);
  });
});

describe('0011 over an existing register', () => {
  it('links each parcel to the enterprise its label names exactly, and nothing else', async () => {
    const old = await createTestDatabase({ upTo: '0010_enterprises' });
    try {
      await seedDatabase(old.db);
      const labelled = await old.db.selectFrom('parcels').select(['id', 'enterprise']).where('enterprise', 'is not', null).orderBy('id').execute();
      const name = labelled[0]!.enterprise!;
      const now = new Date().toISOString();
      await old.db.insertInto('enterprises').values({ name, scale: 'above_scale', tags: '[]', updatedAt: now } as any).execute();
      await old.db.insertInto('enterprises').values({ name: `${name} `, scale: 'above_scale', tags: '[]', updatedAt: now } as any).execute();
      await migrateToLatest(old.db);
      const links = await old.db.selectFrom('enterpriseParcels as ep').innerJoin('enterprises as e', 'e.id', 'ep.enterpriseId').select(['ep.parcelId', 'e.name']).orderBy('ep.parcelId').execute();
      expect(links.map((l) => l.parcelId)).toEqual(labelled.filter((p) => p.enterprise === name).map((p) => p.id));
      expect(new Set(links.map((l) => l.name))).toEqual(new Set([name]));
    } finally {
      await old.dispose();
    }
  });
});
