/**
 * One contract (domain/api/): what the server sends is exactly what the
 * shared schemas the client reads with describe. Each body is parsed and the
 * parse must give back the body unchanged: a field the server adds and the
 * schema lacks is stripped, a field the server drops is defaulted or refused —
 * either way the comparison fails. And the client's reading of a refused merge
 * is checked on the server's own answer, not on a hand-made body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { z } from 'zod';
import { parcelEditResultSchema, parcelHistorySchema, searchResponseSchema, tablePageSchema } from '../../domain/api/parcels.schema';
import { bulkRefusalSchema, bulkResultSchema, editListSchema, undoResultSchema } from '../../domain/api/edits.schema';
import { createdTokenSchema, meSchema, signedInSchema, tokenListSchema } from '../../domain/api/auth.schema';
import { coverageSchema, demandSchema, sitingSchema } from '../../domain/api/energy.schema';
import { changeEventSchema, changeHeadSchema, metaSchema } from '../../domain/api/changes.schema';
import { assumptionsBodySchema, intensityTableBodySchema } from '../../domain/api/energySettings.schema';
import { problemSchema } from '../../domain/api/problem.schema';
import { drillDownSchema, ledgerHealthSchema, timelineSchema } from '../../domain/api/review.schema';
import { plansListSchema, tallySchema } from '../../domain/api/tally.schema';
import { basemapSettingsAnswerSchema } from '../../domain/api/basemaps.schema';
import { planEtag, recordEtag, settingsEtag, targetEtag, versionOfEtag } from '../../domain/api/etags';
import { commitBodySchema, importCommittedSchema, importDryRunSchema, importProblemSchema } from '../../domain/api/imports.schema';
import { readProblem } from '../../client/api/problem';
import { editRefusal } from '../../client/editing/saveDraft';
import { createApp } from '../../server/app';
import { problemComponent } from '../../server/routes/ogc.openapi';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers, PASSWORD } from '../support/users';
import { cut } from '../support/parcelEdits';
import { commit, featureCollection, upload } from '../support/importClient';
import { emptySpotInZone, loadSeedLayers, type SeedLayers } from '../support/places';
import { BASE, PLAN, planApi } from './planApi';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof planApi>;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  api = planApi(app);
  auth = await addUsers(t.db);
  layers = await loadSeedLayers(async (path) => app.request(`${BASE}${path}`));
});
afterAll(async () => t.dispose());

/** The body parsed with the shared schema equals the body as sent: nothing unknown, nothing missing. */
function expectExactly(schema: z.ZodType, body: unknown, what: string): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success, `${what}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
  expect(parsed.data, what).toEqual(body);
}

describe('read bodies match domain/api schemas exactly', () => {
  it('plans and the tally, now and as of a past year', async () => {
    expectExactly(plansListSchema, await api.json('/api/plans'), 'plans');
    const now = await api.tally();
    expect(now.targets.length).toBeGreaterThan(0);
    expectExactly(tallySchema, now, 'tally');
    const past = await api.tally(PLAN, '?year=2023');
    expect(past.asOf).toBeTruthy();
    expectExactly(tallySchema, past, 'tally ?year=2023');
  });

  it('drill-down and timeline of every target (parcels and stations)', async () => {
    const tally = await api.tally();
    const metrics = new Set<string>();
    for (const target of tally.targets) {
      const code = encodeURIComponent(target.code);
      expectExactly(drillDownSchema, await api.json(`/api/plans/${PLAN}/targets/${code}/parcels`), `drill ${target.code}`);
      expectExactly(timelineSchema, await api.json(`/api/plans/${PLAN}/targets/${code}/timeline`), `timeline ${target.code}`);
      metrics.add(target.metric);
    }
    // Both drill shapes were exercised.
    expect(metrics.has('station_count')).toBe(true);
    expect(metrics.has('land_mu')).toBe(true);
  });

  it('meta', async () => {
    expectExactly(metaSchema, await api.json('/api/meta'), 'meta');
  });

  it('ledger health', async () => {
    const health = await api.json('/api/health/ledger');
    expect(health.items.length).toBeGreaterThan(0);
    expectExactly(ledgerHealthSchema, health, 'ledger health');
  });

  it('the attribute table, search and a parcel history', async () => {
    const page = await api.json('/api/parcels/table?limit=20&sort=name');
    expect(page.rows.length).toBe(20);
    expectExactly(tablePageSchema, page, 'table page');
    const found = await api.json(`/api/search?q=${encodeURIComponent(page.rows[0].name)}&limit=5`);
    expect(found.results.length).toBeGreaterThan(0);
    expectExactly(searchResponseSchema, found, 'search');
    const history = await api.json(`/api/parcels/${page.rows[0].id}/history`);
    expect(history.versions.length).toBeGreaterThan(0);
    expectExactly(parcelHistorySchema, history, 'history');
  });

  it('a rule refusal (422 with findings)', async () => {
    const res = await api.send('POST', '/ogc/collections/parcels/items', auth.editor, {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] },
      properties: { name: '自交', landUseCode: '100102', status: 'planned' },
    });
    expect(res.status).toBe(422);
    expectExactly(problemSchema, await res.json(), 'problem');
  });
});

describe('a merge done', () => {
  it('answers with the shared edit result, and the merged parcel’s history has before and after', async () => {
    const spot = emptySpotInZone(layers, 'A2');
    layers.parcels.features.push({ type: 'Feature', id: 'reserved-done', geometry: spot, properties: { name: 'reserved' } });
    const [west, east] = cut(spot, 0.5);
    const ids: number[] = [];
    for (const [g, n] of [[west, '契约-合并-西'], [east, '契约-合并-东']] as const) {
      const res = await api.send('POST', '/ogc/collections/parcels/items', auth.editor, { type: 'Feature', geometry: g, properties: { name: n, landUseCode: '100102', status: 'planned' } });
      ids.push((await res.json()).id);
    }
    const res = await api.send('POST', '/api/parcels/edits', auth.editor, {
      target: { id: ids[0], version: 1 },
      feature: { type: 'Feature', geometry: spot, properties: { name: '契约-合并', landUseCode: '100102', status: 'planned' } },
      absorb: [{ id: ids[1], version: 1 }],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expectExactly(parcelEditResultSchema, await res.json(), 'edit result');
    expectExactly(parcelHistorySchema, await api.json(`/api/parcels/${ids[1]}/history`), 'history of a deleted parcel');
  });
});

describe('the edit log, undo and bulk edits', () => {
  it('a bulk edit done and one refused for a moved parcel, the edit list, and an undo', async () => {
    const rows = (await api.json('/api/parcels/table?limit=2&sort=id')).rows as { id: number; version: number }[];
    const items = rows.map((r) => ({ id: r.id, version: r.version }));
    const done = await api.send('POST', '/api/parcels/bulk', auth.editor, { items, set: { notes: '契约批量' } });
    expect(done.status, await done.clone().text()).toBe(200);
    const result = await done.json();
    expectExactly(bulkResultSchema, result, 'bulk result');
    const stale = await api.send('POST', '/api/parcels/bulk', auth.editor, { items, set: { notes: '过期批量' } });
    expect(stale.status).toBe(412);
    const refusal = await stale.json();
    expect(refusal.moved.length).toBe(2);
    expectExactly(bulkRefusalSchema, refusal, 'bulk refusal');
    expectExactly(editListSchema, await api.json('/api/edits?limit=5'), 'edit list');
    const undone = await api.send('POST', `/api/edits/${result.editId}/undo`, auth.editor);
    expect(undone.status, await undone.clone().text()).toBe(200);
    expectExactly(undoResultSchema, await undone.json(), 'undo');
  });
});

describe('signing in and API tokens', () => {
  it('me (signed out and in), sign-in, a token created and listed', async () => {
    expectExactly(meSchema, await api.json('/api/auth/me'), 'me, signed out');
    const me = await (await api.get('/api/auth/me', { Authorization: auth.editor })).json();
    expect(me.user.role).toBe('editor');
    expectExactly(meSchema, me, 'me, signed in');
    const login = await api.send('POST', '/api/auth/login', null, { username: 'editor', password: PASSWORD });
    expect(login.status, await login.clone().text()).toBe(200);
    expectExactly(signedInSchema, await login.json(), 'sign-in');
    const created = await api.send('POST', '/api/auth/tokens', auth.editor, { name: '契约令牌', expiresDays: 30 });
    expect(created.status, await created.clone().text()).toBe(201);
    expectExactly(createdTokenSchema, await created.json(), 'token created');
    const list = await (await api.get('/api/auth/tokens', { Authorization: auth.editor })).json();
    expect(list.tokens.length).toBe(1);
    expectExactly(tokenListSchema, list, 'tokens');
  });
});

describe('energy', () => {
  it('demand, coverage and a siting result', async () => {
    const demand = await api.json('/api/energy/demand?includePipeline=true');
    expect(demand.parcels.length).toBeGreaterThan(0);
    expectExactly(demandSchema, demand, 'demand');
    const coverage = await api.json('/api/energy/coverage?includePipeline=true');
    expect(coverage.stations.length).toBeGreaterThan(0);
    expectExactly(coverageSchema, coverage, 'coverage');
    const siting = await api.send('POST', '/api/energy/siting', auth.editor, { k: 2, radiusMeters: 2500, objective: 'max_covering', gridSpacingMeters: 400 });
    expect(siting.status, await siting.clone().text()).toBe(200);
    expectExactly(sitingSchema, await siting.json(), 'siting');
  });

  it('the intensity table with its norms and the scenario assumptions', async () => {
    const table = await api.json('/api/energy/intensities');
    expect(table.norms.length).toBe(table.intensities.length);
    expect(table.norms.some((n: { power: { range: unknown } }) => n.power.range !== null)).toBe(true);
    expectExactly(intensityTableBodySchema, table, 'intensities');
    expectExactly(assumptionsBodySchema, await api.json('/api/energy/assumptions'), 'assumptions');
  });
});

describe('the change feed', () => {
  it('the head, and a change event on the stream', async () => {
    const head = await api.json('/api/changes/head');
    expectExactly(changeHeadSchema, head, 'head');
    const controller = new AbortController();
    const res = await app.request(`${BASE}/api/changes/stream?since=${head.last - 1}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 5000;
    while (!/event: change\ndata: .*\n/.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const data = /event: change\ndata: (.*)\n/.exec(text)![1]!;
    const event = JSON.parse(data);
    expect(event.id).toBe(head.last);
    expectExactly(changeEventSchema, event, 'change event');
  });
});

describe('the OpenAPI document states the same error body', () => {
  it('components.schemas.Problem is the shared schema, and a 404 body conforms to it', async () => {
    const doc = await api.json('/ogc/api');
    expect(doc.components.schemas.Problem).toEqual(problemComponent());
    expect(doc.components.schemas.Problem.required).toEqual(['code', 'messageZh', 'messageEn']);
    expect(doc.paths['/collections/parcels/items/{featureId}'].get.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    const res = await app.request(`${BASE}/ogc/collections/parcels/items/999999999`);
    expect(res.status).toBe(404);
    expectExactly(problemSchema, await res.json(), '404');
  });
});

describe('a refused merge names its part as a field, and the editor branches on it', () => {
  const props = (name: string) => ({ name, landUseCode: '100102', status: 'supplied', supplyYear: 2024 });
  const feature = (geometry: Polygon, name: string) => ({ type: 'Feature', geometry, properties: props(name) });

  async function pair(name: string) {
    const spot = emptySpotInZone(layers, 'A2');
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${name}`, geometry: spot, properties: { name } });
    const [west, east] = cut(spot, 0.5);
    const ids: number[] = [];
    for (const [g, n] of [[west, `${name}-西`], [east, `${name}-东`]] as const) {
      const res = await api.send('POST', '/ogc/collections/parcels/items', auth.editor, feature(g, n));
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push((await res.json()).id);
    }
    return { spot, a: { id: ids[0]!, version: 1 }, b: { id: ids[1]!, version: 1 } };
  }
  const touch = async (id: number) => {
    const res = await api.send('PATCH', `/ogc/collections/parcels/items/${id}`, auth.admin, { properties: { notes: '他人修改' } }, { 'If-Match': `"parcels-${id}-v1"` });
    expect(res.status).toBe(200);
  };

  it('someone else changed the edited parcel: part "target", the editor opens the conflict view', async () => {
    const { spot, a, b } = await pair('契约-目标');
    await touch(a.id);
    const res = await api.send('POST', '/api/parcels/edits', auth.editor, { target: a, feature: feature(spot, '契约-目标-整'), absorb: [b] });
    expect(res.status).toBe(412);
    const problem = await readProblem(res.clone());
    expectExactly(problemSchema, await res.json(), 'problem');
    expect(problem.part).toBe('target');
    // The old wording stays for clients that read it.
    expect(problem.detail).toMatch(/^target/);
    expect(editRefusal(412, problem, true)).toEqual({ kind: 'conflict' });
  });

  it('someone else changed a parcel merged in: part "absorb[0]", the editor shows the refusal', async () => {
    const { spot, a, b } = await pair('契约-并入');
    await touch(b.id);
    const res = await api.send('POST', '/api/parcels/edits', auth.editor, { target: a, feature: feature(spot, '契约-并入-整'), absorb: [b] });
    expect(res.status).toBe(412);
    const problem = await readProblem(res);
    expect(problem.part).toBe('absorb[0]');
    expect(editRefusal(412, problem, true)).toMatchObject({ kind: 'refused', status: 412, problem: { code: 'PRECONDITION_FAILED', part: 'absorb[0]' } });
  });

  it('a detail that merely starts with "target" is not taken for a conflict on the edited parcel', () => {
    const problem = { code: 'PRECONDITION_FAILED', messageZh: '', messageEn: '', detail: 'target: as worded by another server' };
    expect(editRefusal(412, problem, true).kind).toBe('refused');
  });
});

describe('basemap settings, imports and ETags: the bodies and tags the client writes and reads', () => {
  it('basemap settings read and replaced: the answer is the shared schema, the ETag the shared format', async () => {
    const read = await api.get('/api/settings/basemaps');
    const body = await read.json();
    expectExactly(basemapSettingsAnswerSchema, body, 'basemap settings');
    expect(read.headers.get('ETag')).toBe(settingsEtag('basemaps', body.version));
    const put = await api.send('PUT', '/api/settings/basemaps', auth.admin, { osm: false }, { 'If-Match': settingsEtag('basemaps', body.version) });
    expect(put.status, await put.clone().text()).toBe(200);
    const saved = await put.json();
    expectExactly(basemapSettingsAnswerSchema, saved, 'basemap settings saved');
    expect(saved.settings.osm).toBe(false);
    expect(put.headers.get('ETag')).toBe(settingsEtag('basemaps', body.version + 1));
  });

  it('energy settings, plans, targets and features carry the ETags the client builds', async () => {
    for (const [path, name] of [['/api/energy/intensities', 'intensities'], ['/api/energy/assumptions', 'assumptions']] as const) {
      const res = await api.get(path);
      expect(res.headers.get('ETag'), path).toBe(settingsEtag(name, (await res.json()).version));
    }
    const listed = await api.get(`/api/plans/${PLAN}/targets`);
    const { plan, targets } = await listed.json();
    expect(listed.headers.get('ETag')).toBe(planEtag(PLAN, plan.version));
    const code = targets[0].code as string;
    const one = await api.get(`/api/plans/${PLAN}/targets/${encodeURIComponent(code)}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('ETag')).toBe(targetEtag(PLAN, code, targets[0].version));
    const zone = await app.request(`${BASE}/ogc/collections/zones/items/A2`);
    expect(zone.headers.get('ETag')).toBe(recordEtag('zones', 'A2', versionOfEtag(zone.headers.get('ETag'))!));
    const parcel = (await api.json('/api/parcels/table?limit=1&sort=id')).rows[0];
    const item = await app.request(`${BASE}/ogc/collections/parcels/items/${parcel.id}`);
    expect(item.headers.get('ETag')).toBe(recordEtag('parcels', parcel.id, parcel.version));
  });

  it('an import refused, dry-run and committed: the problem, dry run and commit bodies are the shared ones', async () => {
    const refused = await upload(app, auth.editor, 'broken.geojson', '{"type":"FeatureCollection","features":[');
    expect(refused.status).toBe(422);
    expectExactly(importProblemSchema, await refused.json(), 'import problem');
    const spot = emptySpotInZone(layers, 'A2');
    layers.parcels.features.push({ type: 'Feature', id: 'reserved-import', geometry: spot, properties: { name: 'reserved' } });
    const file = featureCollection([{ type: 'Feature', geometry: spot, properties: { name: '契约-导入', landUseCode: '100102', status: 'planned' } }]);
    const uploaded = await upload(app, auth.editor, 'contract.geojson', file);
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const preview = await uploaded.json();
    const request = commitBodySchema.parse({ confirmWarnings: [] });
    const dry = await app.request(`${BASE}/api/imports/${preview.id}/commit?dryRun=1`, {
      method: 'POST',
      headers: { Authorization: auth.editor, 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(dry.status, await dry.clone().text()).toBe(200);
    const dryBody = await dry.json();
    expect(dryBody.targets.length).toBeGreaterThan(0);
    expectExactly(importDryRunSchema, dryBody, 'dry run');
    const done = await commit(app, auth.editor, preview.id, request);
    expect(done.status, await done.clone().text()).toBe(201);
    expectExactly(importCommittedSchema, await done.json(), 'commit');
    const again = await commit(app, auth.editor, preview.id, request);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expectExactly(importProblemSchema, await again.json(), 'commit refused');
  });
});
