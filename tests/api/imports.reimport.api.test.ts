/**
 * Re-importing what the ledger exported (issue 15): the preview matches each
 * feature to its parcel (by the export's `id`, or the TXT's 地块编号) and
 * classifies it as an update or unchanged instead of refusing it as an
 * overlap; a dry run says how each target would move; the commit updates at
 * the versions the preview saw (412 when a parcel moved on), keeps every
 * field the file lacks, creates no duplicate, and is one undoable edit.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { BASE, commit, upload } from '../support/importClient';

const ITEMS = '/ogc/collections/parcels/items';
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (p) => app.request(`${BASE}${p}`));
});
afterAll(async () => t.dispose());

const count = async () => Number((await t.db.selectFrom('parcels').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const row = (id: number) => t.db.selectFrom('parcels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function create(name: string, zone: string): Promise<number> {
  const geometry = emptySpotInZone(layers, zone);
  layers.parcels.features.push({ type: 'Feature', id: name, geometry, properties: { name } });
  const res = await app.request(`${BASE}${ITEMS}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth.editor },
    body: JSON.stringify({ type: 'Feature', geometry, properties: { name, landUseCode: '100102', status: 'supplied', supplyYear: 2024, investmentYi: 2.5, enterprise: '某企业' } }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).id;
}

async function exported(format: 'geojson' | 'txt', ids: number[]): Promise<Uint8Array> {
  const res = await app.request(`${BASE}/api/exports?format=${format}&ids=${ids.join(',')}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('re-import of an exported GeoJSON', () => {
  let ids: number[];
  beforeAll(async () => {
    ids = [await create('回传-甲', 'A2'), await create('回传-乙', 'A2'), await create('回传-丙', 'A2')];
  });

  it('matches every feature to its parcel: one edited field, one moved vertex, one unchanged; no overlap is reported', async () => {
    const file = JSON.parse(new TextDecoder().decode(await exported('geojson', ids))) as FeatureCollection<Polygon>;
    const [a, b] = file.features as Feature<Polygon>[];
    a!.properties!.investmentYi = 4;
    // Move one vertex of b 20 m east (and the closing vertex with it when it is the first).
    const ring = b!.geometry.coordinates[0]!;
    ring[1] = [ring[1]![0]! + 0.0002, ring[1]![1]!];
    const before = await count();
    const res = await upload(app, auth.editor, 'edited.geojson', JSON.stringify(file));
    expect(res.status, await res.clone().text()).toBe(201);
    const preview = await res.json();
    expect(preview.matchKey).toEqual({ attribute: 'id', field: 'id' });
    const byParcel = new Map(preview.features.map((f: any) => [f.match?.parcelId, f]));
    const fa: any = byParcel.get(ids[0]);
    const fb: any = byParcel.get(ids[1]);
    const fc: any = byParcel.get(ids[2]);
    expect(preview.features.every((f: any) => f.validation.valid)).toBe(true);
    expect(fa.match).toMatchObject({ kind: 'update', geometryChanged: false, areaChangeSquareMeters: 0, fieldChanges: [{ field: 'investmentYi', from: 2.5, to: 4 }] });
    expect(fb.match.kind).toBe('update');
    expect(fb.match.geometryChanged).toBe(true);
    expect(fb.match.areaChangeSquareMeters).not.toBe(0);
    expect(fc.match).toMatchObject({ kind: 'unchanged', fieldChanges: [] });

    const committed = await commit(app, auth.editor, preview.id, {});
    expect(committed.status).toBe(201);
    const body = await committed.json();
    expect(body.ids).toEqual([]);
    expect(body.updated.sort()).toEqual([ids[0], ids[1]].sort());
    expect(body.unchanged).toEqual([ids[2]]);
    expect(await count()).toBe(before);
    expect((await row(ids[0]!)).investmentYi).toBe(4);
    expect((await row(ids[0]!)).version).toBe(2);
    expect((await row(ids[2]!)).version).toBe(1);
    expect((await row(ids[1]!)).enterprise).toBe('某企业');
    // One edit, undone as one.
    const undo = await app.request(`${BASE}/api/edits/${body.editId}/undo`, { method: 'POST', headers: { Authorization: auth.editor } });
    expect(undo.status, await undo.clone().text()).toBe(200);
    expect((await row(ids[0]!)).investmentYi).toBe(2.5);
  });

  it('a dry run says how each target would move and writes nothing', async () => {
    const file = JSON.parse(new TextDecoder().decode(await exported('geojson', [ids[0]!]))) as FeatureCollection<Polygon>;
    file.features[0]!.properties!.status = 'planned';
    const preview = await (await upload(app, auth.editor, 'status.geojson', JSON.stringify(file))).json();
    const stored = await row(ids[0]!);
    const res = await app.request(`${BASE}/api/imports/${preview.id}/commit?dryRun=1`, {
      method: 'POST',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const dry = await res.json();
    expect(dry).toMatchObject({ dryRun: true, created: 0, updated: 1, unchanged: 0 });
    const a2 = dry.targets.find((x: any) => x.code === 'A2');
    const mu = stored.areaSquareMeters / (10000 / 15);
    expect(a2.secured.before - a2.secured.after).toBeCloseTo(mu, 6);
    expect(a2.pipeline.after - a2.pipeline.before).toBeCloseTo(mu, 6);
    expect(await row(ids[0]!)).toEqual(stored);
    // The preview can still be committed after its dry run.
    expect((await commit(app, auth.editor, preview.id, {})).status).toBe(201);
    expect((await row(ids[0]!)).status).toBe('planned');
  });

  it('refuses the commit with 412 when a parcel moved on after the preview, writing nothing', async () => {
    const file = JSON.parse(new TextDecoder().decode(await exported('geojson', [ids[2]!]))) as FeatureCollection<Polygon>;
    file.features[0]!.properties!.notes = 'from the file';
    const preview = await (await upload(app, auth.editor, 'late.geojson', JSON.stringify(file))).json();
    const v = (await row(ids[2]!)).version;
    const patch = await app.request(`${BASE}${ITEMS}/${ids[2]}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', Authorization: auth.editor, 'If-Match': `"parcels-${ids[2]}-v${v}"` },
      body: JSON.stringify({ properties: { notes: 'meanwhile' } }),
    });
    expect(patch.status).toBe(200);
    const res = await commit(app, auth.editor, preview.id, {});
    expect(res.status).toBe(412);
    const body = await res.json();
    expect(body.code).toBe('PRECONDITION_FAILED');
    expect(body.featureIndex).toBe(0);
    expect((await row(ids[2]!)).notes).toBe('meanwhile');
  });
});

describe('a 国土 TXT round trip', () => {
  it('keeps status and supply year (the TXT has neither): the parcel stays 已落实 and nothing is written', async () => {
    const id = await create('回传-TXT', 'A3');
    const stored = await row(id);
    const res = await upload(app, auth.editor, 'round.txt', await exported('txt', [id]));
    expect(res.status, await res.clone().text()).toBe(201);
    const preview = await res.json();
    expect(preview.matchKey).toEqual({ attribute: 'parcelCode', field: 'id' });
    const f = preview.features[0];
    expect(f.validation.valid).toBe(true);
    expect(f.match).toMatchObject({ parcelId: id, kind: 'unchanged', geometryChanged: false });
    const done = await commit(app, auth.editor, preview.id, {});
    expect(done.status, await done.clone().text()).toBe(201);
    expect((await done.json()).unchanged).toEqual([id]);
    const after = await row(id);
    expect(after).toEqual(stored);
    expect(after.status).toBe('supplied');
    expect(after.supplyYear).toBe(2024);
  });

  it('match=none takes every feature as new (and the overlap rule refuses it)', async () => {
    const id = await create('回传-新', 'A3');
    const res = await upload(app, auth.editor, 'again.txt', await exported('txt', [id]), { match: 'none' });
    const preview = await res.json();
    expect(preview.matchKey).toBeNull();
    expect(preview.features[0].match).toBeNull();
    expect(preview.features[0].validation.valid).toBe(false);
    expect(preview.features[0].validation.errors.map((e: any) => e.code)).toContain('OVERLAPS_PARCEL');
  });
});
