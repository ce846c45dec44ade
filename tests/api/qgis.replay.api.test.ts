/**
 * QGIS 3.34's OGC API – Features requests, replayed over HTTP against a real
 * listening server on a fresh store (SQLite, or PostgreSQL with
 * DATABASE_URL). The client below does what QGIS's OAPIF provider does
 * (src/providers/wfs/oapif/ in the QGIS repository):
 * - on opening a layer: landing page, /api, collection, conformance,
 *   items?limit=10 (fields are taken from those features' properties; a field
 *   null on all of them becomes String), OPTIONS on /items and on the first
 *   item, whose Allow decides POST / PUT / PATCH / DELETE;
 * - create (qgsoapifcreatefeaturerequest.cpp): POST application/geo+json of
 *   QgsJsonExporter's feature — every layer field, unset ones null, top-level
 *   id and bbox removed, coordinates at 6 decimals — then the id from
 *   Location and GET /items/{id} to refresh the feature;
 * - attribute and geometry edits: without PATCH in Allow, PUT of the whole
 *   cached feature with the change applied and `"id": "<id>"`
 *   (qgsoapifputfeaturerequest.cpp); with PATCH, merge-patch of only the
 *   changed attributes, or of the geometry alone
 *   (qgsoapifpatchfeaturerequest.cpp). The cache takes the changed values,
 *   not the new version;
 * - delete: DELETE with no body and no precondition;
 * - no If-Match on any write; a failure is reported as Qt's
 *   "Error transferring <url> - server replied: <reason phrase>"
 *   (qgsbasenetworkrequest.cpp), never the body.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Feature, Geometry, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../domain/area';
import { createApp } from '../../server/app';
import { keepConnectionsLonger } from '../../server/http/keepAlive';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { emptySpotInZone, loadSeedLayers, squareAt, type SeedLayers } from '../support/places';

const QGIS_UA = 'Mozilla/5.0 QGIS/33400/Debian GNU/Linux 12 (bookworm)';

let t: TestDatabase;
let server: ServerType;
let base: string;
let auth: Awaited<ReturnType<typeof addUsers>>;
let layers: SeedLayers;
const spots: Polygon[] = [];

/** QgsJsonExporter's default precision: 6 decimals. */
const round6 = (g: Geometry): Geometry => {
  const r = (c: unknown): unknown => (typeof c === 'number' ? Number(c.toFixed(6)) : (c as unknown[]).map(r));
  return { ...g, coordinates: r((g as { coordinates: Position[] }).coordinates) } as Geometry;
};

class QgisLayer {
  fields: string[] = [];
  /** Fields QGIS typed as String because every sampled feature had null there. */
  guessedText = new Set<string>();
  allow: string[] = [];
  cache = new Map<string, Feature>();
  /** What QGIS puts in its message log for the last failed request. */
  lastError = '';
  requests: { method: string; path: string; ifMatch: string | null }[] = [];

  constructor(private readonly authorization: string) {}

  private async send(method: string, path: string, body?: unknown, contentType?: string, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': QGIS_UA, Authorization: this.authorization, ...extra };
    if (contentType) headers['Content-Type'] = contentType;
    this.requests.push({ method, path, ifMatch: headers['If-Match'] ?? null });
    const url = `${base}${path}`;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 400) this.lastError = `Error transferring ${url} - server replied: ${res.statusText}`;
    return res;
  }

  async open(): Promise<void> {
    for (const path of ['/ogc', '/ogc/api', '/ogc/collections/parcels', '/ogc/conformance']) {
      expect((await this.send('GET', path, undefined, undefined, { Accept: 'application/json' })).status).toBe(200);
    }
    const sample = await (await this.send('GET', '/ogc/collections/parcels/items?limit=10')).json();
    this.fields = Object.keys(sample.features[0].properties);
    for (const f of this.fields) if (sample.features.every((x: Feature) => x.properties![f] === null)) this.guessedText.add(f);
    this.allow = (await this.send('OPTIONS', '/ogc/collections/parcels/items')).headers.get('Allow')!.split(',').map((s) => s.trim());
    const one = await this.send('OPTIONS', `/ogc/collections/parcels/items/${sample.features[0].id}`);
    this.allow.push(...one.headers.get('Allow')!.split(',').map((s) => `item:${s.trim()}`));
    const all = await (await this.send('GET', '/ogc/collections/parcels/items?limit=1000')).json();
    for (const f of all.features) this.cache.set(String(f.id), this.asRead(f));
  }

  /** A feature as QGIS holds it: every field, JSON values as text, guessed-text fields as strings. */
  private asRead(f: Feature): Feature {
    const properties: Record<string, unknown> = {};
    for (const name of this.fields) {
      const v = f.properties![name];
      properties[name] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v ?? null;
    }
    return { type: 'Feature', id: f.id, geometry: f.geometry, properties };
  }

  private typed(name: string, value: unknown): unknown {
    return this.guessedText.has(name) && typeof value === 'number' ? String(value) : value;
  }

  /** QgsOapifProvider::addFeatures. */
  async addFeature(attributes: Record<string, unknown>, geometry: Geometry): Promise<string | null> {
    const properties: Record<string, unknown> = {};
    for (const name of this.fields) properties[name] = Object.hasOwn(attributes, name) ? this.typed(name, attributes[name]) : null;
    const res = await this.send('POST', '/ogc/collections/parcels/items', { type: 'Feature', geometry: round6(geometry), properties }, 'application/geo+json');
    if (res.status >= 300) return null;
    const location = res.headers.get('Location') ?? '';
    const id = location.slice(location.lastIndexOf('/items/') + '/items/'.length);
    const refreshed = await this.send('GET', `/ogc/collections/parcels/items/${id}`);
    this.cache.set(id, this.asRead(await refreshed.json()));
    return id;
  }

  private async put(id: string, f: Feature): Promise<boolean> {
    const body = { type: 'Feature', id, geometry: round6(f.geometry), properties: f.properties };
    const res = await this.send('PUT', `/ogc/collections/parcels/items/${id}`, body, 'application/geo+json');
    return res.status < 300;
  }

  /** QgsOapifProvider::changeAttributeValues. */
  async changeAttributes(id: string, changed: Record<string, unknown>): Promise<boolean> {
    const cached = this.cache.get(id)!;
    let ok: boolean;
    if (this.allow.includes('item:PATCH')) {
      const properties = Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, this.typed(k, v)]));
      ok = (await this.send('PATCH', `/ogc/collections/parcels/items/${id}`, { properties }, 'application/merge-patch+json')).status < 300;
    } else {
      const properties = { ...cached.properties };
      for (const [k, v] of Object.entries(changed)) properties[k] = this.typed(k, v);
      ok = await this.put(id, { ...cached, properties });
    }
    if (ok) this.cache.set(id, { ...cached, properties: { ...cached.properties, ...changed } });
    return ok;
  }

  /** QgsOapifProvider::changeGeometryValues. */
  async changeGeometry(id: string, geometry: Geometry): Promise<boolean> {
    const cached = this.cache.get(id)!;
    const ok = this.allow.includes('item:PATCH')
      ? (await this.send('PATCH', `/ogc/collections/parcels/items/${id}`, { geometry: round6(geometry) }, 'application/merge-patch+json')).status < 300
      : await this.put(id, { ...cached, geometry });
    if (ok) this.cache.set(id, { ...cached, geometry });
    return ok;
  }

  /** QgsOapifProvider::deleteFeatures. */
  async deleteFeature(id: string): Promise<boolean> {
    const ok = (await this.send('DELETE', `/ogc/collections/parcels/items/${id}`)).status < 300;
    if (ok) this.cache.delete(id);
    return ok;
  }
}

const read = async (id: string) => {
  const res = await fetch(`${base}/ogc/collections/parcels/items/${id}`);
  return res.status === 200 ? ((await res.json()) as Feature) : null;
};
const historyOf = (id: string) =>
  t.db.selectFrom('changes').select(['action', 'username', 'version']).where('collection', '=', 'parcels').where('featureId', '=', id).orderBy('id').execute();

const attributes = (name: string) => ({ name, landUseCode: '100102', status: 'planned', supplyYear: 2025, enterprise: '重庆测试储能科技有限公司', industryChain: 'new_energy' });
/** A square well inside a spot (a vertex moved, not a new parcel). */
const shrunk = (spot: Polygon): Polygon => {
  const ring = spot.coordinates[0]!;
  const [x0, y0] = ring[0]!;
  const [x1, y1] = ring[2]!;
  return squareAt((x0! + x1!) / 2, (y0! + y1!) / 2, Math.abs(x1! - x0!) * 0.6);
};

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await addUsers(t.db);
  const app = createApp(t.db);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    // As in production (server/serve.ts): the server never closes an idle socket as fetch reuses it (ECONNRESET).
    keepConnectionsLonger(s);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  layers = await loadSeedLayers((p) => fetch(`${base}${p}`));
  for (let i = 0; i < 6; i++) {
    const spot = emptySpotInZone(layers, 'A2');
    spots.push(spot);
    layers.parcels.features.push({ type: 'Feature', id: `reserved-${i}`, geometry: spot, properties: { name: 'reserved' } });
  }
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.dispose();
});

describe('QGIS 3.34 edits parcels without If-Match', () => {
  it('opening the layer: QGIS is offered create, PUT and DELETE but not PATCH, so its edits carry the version it read', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    expect(qgis.allow).toEqual(expect.arrayContaining(['POST', 'item:PUT', 'item:DELETE']));
    expect(qgis.allow).not.toContain('item:PATCH');
    expect(qgis.fields).toEqual(expect.arrayContaining(['version', 'zoneCodes', 'powerDemandKilowatts']));
    // Another client is offered PATCH.
    const other = await fetch(`${base}/ogc/collections/parcels/items/1`, { method: 'OPTIONS' });
    expect(other.headers.get('Allow')).toContain('PATCH');
  });

  it('create → attribute edit → geometry edit → delete, each recorded in history', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    const spot = spots[0]!;

    // Create: every field, the server's ones null; a demand typed into a text-guessed field.
    // (QGIS 3.22–3.34 guess a field null on every sampled feature as String; the typed value is then text.)
    const demandField = 'powerDemandKilowatts';
    const id = await qgis.addFeature({ ...attributes('QGIS 新建地块'), [demandField]: '1200' }, spot);
    expect(id, qgis.lastError).toMatch(/^\d+$/);
    const post = qgis.requests.find((r) => r.method === 'POST')!;
    expect(post.ifMatch).toBeNull();
    const created = (await read(id!))!;
    expect(created.properties).toMatchObject({ name: 'QGIS 新建地块', status: 'planned', illustrative: false, version: 1 });
    expect(created.properties![demandField]).toBe(1200);
    expect(created.properties!.zoneCodes).toContain('A2');

    // Attribute edit: PUT of the cached feature (geometry at 6 decimals, version 1, zones as text).
    expect(await qgis.changeAttributes(id!, { status: 'supplied', notes: '已签约' }), qgis.lastError).toBe(true);
    const edited = (await read(id!))!;
    expect(edited.properties).toMatchObject({ status: 'supplied', notes: '已签约', version: 2, name: 'QGIS 新建地块' });
    // The geometry sent back at 6 decimals is the stored one: the area did not move.
    expect(edited.properties!.areaSquareMeters).toBe(created.properties!.areaSquareMeters);

    // Geometry edit: its cache still says version 1, but only this user wrote since.
    const moved = shrunk(spot);
    expect(await qgis.changeGeometry(id!, moved), qgis.lastError).toBe(true);
    const reshaped = (await read(id!))!;
    expect(reshaped.properties!.version).toBe(3);
    expect(reshaped.properties!.status).toBe('supplied');
    expect(reshaped.properties!.areaSquareMeters).toBeCloseTo(areaSquareMeters(round6(moved) as Polygon), 3);
    expect(reshaped.properties!.areaSquareMeters).toBeLessThan(created.properties!.areaSquareMeters as number);

    expect(await qgis.deleteFeature(id!), qgis.lastError).toBe(true);
    expect(await read(id!)).toBeNull();
    expect(qgis.requests.filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS').every((r) => r.ifMatch === null)).toBe(true);
    const history = await historyOf(id!);
    expect(history.map((h) => [h.action, h.username, h.version])).toEqual([
      ['create', 'editor', 1],
      ['update', 'editor', 2],
      ['update', 'editor', 3],
      ['delete', 'editor', 3],
    ]);
  });

  it('a conflict between two planners: the second QGIS gets 412 with a reason phrase QGIS shows, and nothing is overwritten', async () => {
    const first = new QgisLayer(auth.editor);
    const second = new QgisLayer(auth.admin);
    await first.open();
    const id = (await first.addFeature(attributes('两人同改'), spots[1]!))!;
    await second.open(); // both now hold version 1
    expect(await first.changeAttributes(id, { enterprise: '甲公司' }), first.lastError).toBe(true);

    expect(await second.changeAttributes(id, { enterprise: '乙公司' })).toBe(false);
    expect(second.lastError).toMatch(/server replied: Precondition Failed: parcel \d+ was changed by someone else; reload the layer/);
    expect(await second.changeGeometry(id, shrunk(spots[1]!))).toBe(false);
    const now = (await read(id))!;
    expect(now.properties).toMatchObject({ enterprise: '甲公司', version: 2 });

    // After reloading the layer the second planner's edit goes through.
    const reloaded = new QgisLayer(auth.admin);
    await reloaded.open();
    expect(await reloaded.changeAttributes(id, { enterprise: '乙公司' }), reloaded.lastError).toBe(true);
    expect((await read(id))!.properties).toMatchObject({ enterprise: '乙公司', version: 3 });
  });

  it('server-owned fields sent back changed are ignored; null optional fields are accepted; only clean number strings become numbers', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    const seeded = [...qgis.cache.entries()].find(([, f]) => f.properties!.illustrative === true)!;
    const [seededId, seededFeature] = seeded;
    const before = (await read(seededId))!;
    const cached = seededFeature.properties!;
    const res = await fetch(`${base}/ogc/collections/parcels/items/${seededId}`, {
      method: 'PUT',
      headers: { 'User-Agent': QGIS_UA, Authorization: auth.editor, 'Content-Type': 'application/geo+json' },
      body: JSON.stringify({
        type: 'Feature',
        id: seededId,
        geometry: round6(seededFeature.geometry),
        properties: { ...cached, illustrative: false, areaSquareMeters: 1, areaMu: null, zones: null, zoneCells: '[]', zoneCodes: 'Z9', updatedAt: null, notes: null },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = (await read(seededId))!;
    expect(after.properties).toMatchObject({ illustrative: true, notes: null, areaSquareMeters: before.properties!.areaSquareMeters, zoneCodes: before.properties!.zoneCodes });
    expect(after.properties!.version).toBe((before.properties!.version as number) + 1);

    const dirty = await fetch(`${base}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { 'User-Agent': QGIS_UA, Authorization: auth.editor, 'Content-Type': 'application/geo+json' },
      body: JSON.stringify({ type: 'Feature', geometry: round6(spots[2]!), properties: { ...attributes('脏数字'), powerDemandKilowatts: '12abc' } }),
    });
    expect(dirty.status).toBe(422);
    expect((await dirty.json()).code).toBe('INVALID_PROPERTIES');
    for (const text of [' 12', '1e3', '']) {
      const r = await fetch(`${base}/ogc/collections/parcels/items`, {
        method: 'POST',
        headers: { 'User-Agent': QGIS_UA, Authorization: auth.editor, 'Content-Type': 'application/geo+json' },
        body: JSON.stringify({ type: 'Feature', geometry: round6(spots[2]!), properties: { ...attributes('脏数字'), investmentYi: text } }),
      });
      expect(r.status, text).toBe(422);
    }
  });

  it('a refused create: the reason phrase QGIS shows names the rule and the other parcel', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    const [existingId, existing] = [...qgis.cache.entries()].find(([, f]) => f.geometry.type === 'Polygon')!;
    expect(await qgis.addFeature(attributes('重叠地块'), existing.geometry)).toBeNull();
    expect(qgis.lastError).toMatch(new RegExp(`server replied: Unprocessable Entity: Validation failed.*OVERLAPS_PARCEL \\(${existingId}\\)`));
  });

  it('with PATCH (QGIS offered it), attribute and geometry patches change only what they name', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    qgis.allow.push('item:PATCH');
    const id = (await qgis.addFeature({ ...attributes('补丁地块'), notes: '原备注' }, spots[3]!))!;
    expect(await qgis.changeAttributes(id, { supplyYear: 2026 }), qgis.lastError).toBe(true);
    const patched = (await read(id))!;
    expect(patched.properties).toMatchObject({ supplyYear: 2026, notes: '原备注', name: '补丁地块', enterprise: '重庆测试储能科技有限公司', version: 2 });
    expect(await qgis.changeGeometry(id, shrunk(spots[3]!)), qgis.lastError).toBe(true);
    const reshaped = (await read(id))!;
    expect(reshaped.properties).toMatchObject({ supplyYear: 2026, notes: '原备注', version: 3 });
    expect(reshaped.properties!.areaSquareMeters).toBeLessThan(patched.properties!.areaSquareMeters as number);
  });
});

describe('QGIS cannot confirm warnings', () => {
  it('a create outside every zone is saved over real HTTP, and X-Accepted-Warnings reaches the client (tests/api/qgis.warnings.api.test.ts has the rest)', async () => {
    const qgis = new QgisLayer(auth.editor);
    await qgis.open();
    const id = await qgis.addFeature(attributes('QGIS-区外'), squareAt(107.35, 29.35));
    expect(id, qgis.lastError).not.toBeNull();
    const res = await fetch(`${base}/ogc/collections/parcels/items`, {
      method: 'POST',
      headers: { 'User-Agent': QGIS_UA, Authorization: auth.editor, 'Content-Type': 'application/geo+json' },
      body: JSON.stringify({ type: 'Feature', geometry: round6(squareAt(107.36, 29.36)), properties: attributes('QGIS-区外-2') }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('X-Accepted-Warnings')?.split(',').sort()).toEqual(['OUTSIDE_URBAN_BOUNDARY', 'OUTSIDE_ZONES']);
  });
});

describe('clients that can send a precondition must', () => {
  const write = (method: string, id: string | number, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/ogc/collections/parcels/items/${id}`, {
      method,
      headers: { Authorization: auth.editor, 'Content-Type': 'application/merge-patch+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a script without If-Match and without a version property gets 428 (PATCH, PUT and DELETE)', async () => {
    expect((await write('PATCH', 1, { properties: { notes: 'x' } })).status).toBe(428);
    expect((await write('DELETE', 1, undefined)).status).toBe(428);
    const f = (await read('1'))!;
    expect((await write('PUT', 1, { type: 'Feature', geometry: f.geometry, properties: { ...f.properties, version: undefined } })).status).toBe(428);
  });

  it('the version property stands in for If-Match: current passes, another user’s newer write is a 412', async () => {
    const f = (await read('2'))!;
    const v = f.properties!.version as number;
    const ok = await write('PATCH', 2, { properties: { notes: '脚本写入', version: v } });
    expect(ok.status).toBe(200);
    const byAdmin = await write('PATCH', 2, { properties: { notes: '管理员写入' } }, { Authorization: auth.admin, 'If-Match': ok.headers.get('ETag')! });
    expect(byAdmin.status).toBe(200);
    const stale = await write('PATCH', 2, { properties: { notes: '过期写入', version: v + 1 } });
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe('PRECONDITION_FAILED');
    expect((await read('2'))!.properties!.notes).toBe('管理员写入');
  });
});
