/**
 * The published OpenAPI document (GET /ogc/api) describes the ledger's own
 * /api: every route the app registers is in it (and nothing it does not
 * register), and each documented request body — the JSON Schema generated
 * from the zod schema the route validates with — accepts a valid example and
 * refuses an invalid one, checked both with a JSON Schema validator on the
 * served document and with the server's zod schema. A few documented answers
 * are checked against live bodies too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import type { z } from 'zod';
import { DEFAULT_EFFICIENCY_METHOD } from '../../domain/efficiency';
import { DEFAULT_DEMAND_INTENSITIES } from '../../domain/siting/demandIntensities';
import { DEFAULT_ENERGY_ASSUMPTIONS } from '../../domain/siting/energyAssumptions';
import { createApp } from '../../server/app';
import { API_OPERATIONS, isMultipart, openApiPath } from '../../server/routes/api.openapi';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { BASE, PLAN, targetDef } from './planApi';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let doc: any;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  const res = await app.request(`${BASE}/ogc/api`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => t.dispose());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The /api routes the app answers (middleware and the JSON 404 catch-all are `ALL` or wildcards). */
function registeredApiRoutes(): string[] {
  const out = new Set<string>();
  for (const r of app.routes) {
    if (!r.path.startsWith('/api/') || r.path.includes('*') || !METHODS.includes(r.method.toLowerCase())) continue;
    out.add(`${r.method.toLowerCase()} ${r.path}`);
  }
  return [...out].sort();
}

/**
 * OpenAPI 3.0 schema objects as JSON Schema draft-07 for Ajv: `nullable`
 * becomes a null branch, boolean exclusive bounds become numeric ones.
 */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (!node || typeof node !== 'object') return node;
  const { nullable, exclusiveMinimum, exclusiveMaximum, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = k === 'properties' || k === 'patternProperties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, toDraft7(s)])) : toDraft7(v);
  if (exclusiveMinimum === true) {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (typeof exclusiveMinimum === 'number') out.exclusiveMinimum = exclusiveMinimum;
  if (exclusiveMaximum === true) {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  } else if (typeof exclusiveMaximum === 'number') out.exclusiveMaximum = exclusiveMaximum;
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function resolveRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveRefs);
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref?.startsWith('#/components/schemas/')) return resolveRefs(doc.components.schemas[ref.slice('#/components/schemas/'.length)]);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(v)]));
}

// The two formats the document uses: an upload's bytes (not checkable here) and an ISO calendar date.
const ajv = new Ajv({ strict: false, allErrors: true, formats: { binary: true, date: /^\d{4}-\d{2}-\d{2}$/ } });
const validatorOf = (schema: unknown) => ajv.compile(toDraft7(resolveRefs(schema)) as object);

const polygon = { type: 'Polygon', coordinates: [[[106.9, 28.96], [106.91, 28.96], [106.91, 28.97], [106.9, 28.96]]] };
const feature = { type: 'Feature', geometry: polygon, properties: { name: '示例', landUseCode: '100102', status: 'planned' } };
const milestonesOk = { signed: { planned: '2025-03-01', actual: null } };

/**
 * One valid and one invalid body per documented request body, keyed
 * "METHOD path". The invalid one breaks something the JSON Schema states
 * (a type, a required field, a bound, an enum), not only a zod refinement.
 */
const EXAMPLES: Record<string, { valid: unknown; invalid: unknown }> = {
  'post /api/auth/login': { valid: { username: 'editor', password: 'secret' }, invalid: { username: '', password: 'x' } },
  'post /api/auth/tokens': { valid: { name: 'QGIS', expiresDays: 30 }, invalid: { name: 'QGIS', expiresDays: 0 } },
  'post /api/parcels/bulk': { valid: { items: [{ id: 1, version: 2 }], set: { notes: '批量' } }, invalid: { items: [], set: { notes: '批量' } } },
  'post /api/parcels/:id/restore': { valid: { version: 3 }, invalid: { version: 0 } },
  'post /api/parcels/edits': { valid: { target: { id: 1, version: 1 }, feature, absorb: [{ id: 2, version: 1 }] }, invalid: { target: { id: 1 }, feature } },
  'put /api/energy/assumptions': { valid: { assumptions: DEFAULT_ENERGY_ASSUMPTIONS }, invalid: { assumptions: { ...DEFAULT_ENERGY_ASSUMPTIONS, simultaneityFactor: 'high' } } },
  'put /api/energy/intensities': { valid: { intensities: DEFAULT_DEMAND_INTENSITIES }, invalid: { intensities: [{ industryChain: 'steel', landUseClass: null }] } },
  'post /api/energy/siting': { valid: { k: 2, radiusMeters: 2500, objective: 'p_median', candidates: [[106.9, 28.96]] }, invalid: { k: 11 } },
  'post /api/imports': { valid: { file: 'parcels.geojson', crs: 'EPSG:4490' }, invalid: { crs: 'EPSG:4490' } },
  'post /api/imports/:id/commit': { valid: { acceptedIndices: [0, 2], confirmWarnings: ['SLIVER_PART'], mapping: { 名称: 'name' } }, invalid: { acceptedIndices: [-1] } },
  'put /api/settings/basemaps': { valid: { tiandituKey: 'abc123', osm: false }, invalid: { osm: 'yes' } },
  'post /api/plans': {
    valid: { id: 'plan-2026', nameZh: '规划', nameEn: 'Plan', periodStart: 2026, periodEnd: 2030, targets: [targetDef('T1', {})] },
    invalid: { id: 'plan-2026', nameZh: '规划', nameEn: 'Plan', periodStart: 1800, periodEnd: 2030 },
  },
  'patch /api/plans/:planId': { valid: { nameEn: 'Renamed' }, invalid: { periodEnd: 'soon' } },
  'post /api/plans/:planId/copy': { valid: { id: 'copy-1', name: '副本', periodStart: 2026, periodEnd: 2028 }, invalid: { id: 'copy-1', periodStart: 2026, periodEnd: 2028 } },
  'post /api/plans/:planId/targets': { valid: targetDef('T2', {}), invalid: targetDef('T2', { metric: 'happiness' }) },
  'put /api/plans/:planId/targets/:code': { valid: targetDef('T2', { floor: 3 }), invalid: targetDef('T2', { zoneCodes: 'A1' }) },
  'post /api/zones/from-parcels': { valid: { code: 'Z9', nameZh: '新片区', nameEn: 'New zone', kind: 'featured_park', parcelIds: [1, 2] }, invalid: { code: 'Z9', nameZh: '新片区', nameEn: 'New zone', kind: 'featured_park', parcelIds: [] } },
  'post /api/enterprises': {
    valid: { name: '示例企业', creditCode: null, industryChain: 'new_energy', scale: 'above_scale', tags: ['high_tech'], notes: null, rentedFloorSquareMeters: null },
    invalid: { name: '示例企业', creditCode: null, industryChain: 'new_energy', scale: 'huge', tags: [], notes: null, rentedFloorSquareMeters: null },
  },
  'patch /api/enterprises/:id': { valid: { notes: '更新' }, invalid: { tags: ['famous'] } },
  'put /api/enterprises/:id/parcels': { valid: { parcelIds: [1, 2] }, invalid: { parcelIds: [0] } },
  'put /api/enterprises/:id/statistics/:year': { valid: { outputYi: 1.2, employees: 300 }, invalid: { employees: 'many' } },
  'post /api/enterprise-statistics/imports': { valid: { file: 'stats.xlsx', moneyUnit: 'wan' }, invalid: { moneyUnit: 'wan' } },
  'post /api/enterprise-statistics/imports/:id/preview': { valid: { moneyUnit: 'wan', defaultYear: 2024 }, invalid: { moneyUnit: 'dollars' } },
  'post /api/enterprise-statistics/imports/:id/commit': { valid: { mapping: { '0': 'name' } }, invalid: { defaultYear: 1800 } },
  'put /api/efficiency/method': { valid: { method: DEFAULT_EFFICIENCY_METHOD }, invalid: { method: 'weighted' } },
  'post /api/projects': { valid: { name: '示例项目', milestones: milestonesOk, parcelIds: [3] }, invalid: { milestones: milestonesOk } },
  'patch /api/projects/:id': { valid: { milestones: { started: { actual: '2025-06-01' } } }, invalid: { milestones: { started: { actual: '1 June' } } } },
};

describe('the OpenAPI document lists the ledger API', () => {
  it('every /api route the app registers is documented, and every documented /api operation is registered', () => {
    const registered = registeredApiRoutes();
    expect(registered.length).toBeGreaterThan(60);
    const documented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of METHODS) if (item[method]) documented.push(`${method} ${path}`);
    }
    expect(documented.sort()).toEqual(registered.map((r) => { const [m, p] = r.split(' '); return `${m} ${openApiPath(p!)}`; }).sort());
  });

  it('the /api paths are served from the origin, not from /ogc, and refusals are the shared problem body', () => {
    const tally = doc.paths['/api/plans/{planId}/tally'];
    expect(tally.servers).toEqual([{ url: BASE }]);
    expect(tally.get.parameters).toEqual([{ name: 'planId', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/api/settings/basemaps'].put.responses['412'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.paths['/api/settings/basemaps'].put.parameters.map((p: { name: string }) => p.name)).toEqual(['If-Match']);
    expect(doc.servers).toEqual([{ url: `${BASE}/ogc` }]);
  });
});

describe('each documented request body accepts a valid example and refuses an invalid one', () => {
  const withBodies = API_OPERATIONS.filter((op) => op.body);

  it('every documented body has its examples (a new body needs them)', () => {
    expect(withBodies.map((op) => `${op.method} ${op.path}`).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const op of withBodies) {
    const key = `${op.method} ${op.path}`;
    it(key, () => {
      const { valid, invalid } = EXAMPLES[key]!;
      const content = doc.paths[openApiPath(op.path)][op.method].requestBody.content;
      const mediaType = isMultipart(op.body) ? 'multipart/form-data' : 'application/json';
      const check = validatorOf(content[mediaType].schema);
      expect(check(valid), `${key} valid: ${ajv.errorsText(check.errors)}`).toBe(true);
      expect(check(invalid), `${key} invalid example passed the documented schema`).toBe(false);
      if (isMultipart(op.body)) return;
      // The server validates with the very schema the document was generated from.
      const schema = op.body as z.ZodType;
      const parsed = schema.safeParse(valid);
      expect(parsed.success, `${key} zod: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      expect(schema.safeParse(invalid).success, `${key} invalid example passed zod`).toBe(false);
    });
  }
});

describe('documented answers describe the live bodies', () => {
  for (const [path, url] of [
    ['/api/plans', '/api/plans'],
    ['/api/plans/{planId}/tally', `/api/plans/${PLAN}/tally`],
    ['/api/meta', '/api/meta'],
    ['/api/settings/basemaps', '/api/settings/basemaps'],
    ['/api/energy/intensities', '/api/energy/intensities'],
    ['/api/auth/me', '/api/auth/me'],
  ] as const) {
    it(`GET ${path}`, async () => {
      const res = await app.request(`${BASE}${url}`);
      expect(res.status).toBe(200);
      const check = validatorOf(doc.paths[path].get.responses['200'].content['application/json'].schema);
      expect(check(await res.json()), ajv.errorsText(check.errors)).toBe(true);
    });
  }
});
