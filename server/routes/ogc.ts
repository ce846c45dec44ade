/**
 * OGC API – Features Part 1 (Core + GeoJSON) under /ogc. Links are absolute:
 * GDAL 3.6's OAPIF driver mis-resolves relative hrefs.
 */
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { problem, problemBody } from '../http/problem';
import { publicOrigin } from '../http/publicOrigin';
import { COLLECTIONS, isCollectionId, type CollectionDescriptor } from '../store/collections';
import { collectionExtent, getFeature, queryFeatures, type Bbox } from '../store/features.query';
import { featureCollectionBody } from './ogc.items';
import { openApiDocument } from './ogc.openapi';
import { SCHEMA_CONFORMANCE, schemaLinks, schemaRoutes } from './ogc.schema';
import { ogcWriteRoutes, WRITE_CONFORMANCE } from './ogc.writes';
import { zoneWriteRoutes } from './zones.writes';
import { energyWriteRoutes } from './energy.writes';
import type { ChangeBus } from '../store/history';
import { latestChangeId } from '../store/changes.query';
import type { AuthVariables } from '../auth/middleware';
import { parseCql2Text, type Cql2Expr, type QueryableKind } from '../../domain/cql2';
import { bboxToCrs84, CRS84_URI, geometryToCrs, OGC_CRSS, ogcCrsOf, type OgcCrs } from '../../domain/ogcCrs';
import { recordEtag } from '../../domain/api/etags';

/** The `crs` parameter's CRS (CRS84 when absent), or null when not one offered. */
function requestedCrs(params: URLSearchParams): OgcCrs | null {
  const text = params.get('crs');
  return text === null ? OGC_CRSS[0]! : ogcCrsOf(text);
}

const CRS_LIST_DETAIL = `crs must be one of ${OGC_CRSS.map((c) => c.uri).join(', ')}`;

function queryableKinds(d: CollectionDescriptor): Record<string, QueryableKind> {
  return Object.fromEntries(Object.entries(d.queryables).map(([name, q]) => [name, q.type]));
}

const GEOJSON = 'application/geo+json';
const CRS84 = CRS84_URI;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
/**
 * Largest offset: far past any collection, and small enough that every
 * database takes it (offset=1e20 overflowed SQLite's 64-bit integer: 500).
 */
export const MAX_OFFSET = 1_000_000_000;
/** Most ids one `ids=` request may name (a client re-reading a burst of changes asks in chunks of this). */
export const MAX_IDS = 500;

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  ...WRITE_CONFORMANCE,
  ...SCHEMA_CONFORMANCE,
];

/** The service root at the public origin, e.g. "https://ledger.example.gov.cn/ogc" (see server/http/publicOrigin.ts). */
export function rootUrl(c: Context): string {
  return `${publicOrigin(c)}/ogc`;
}

function jsonWithType(body: unknown, contentType: string, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType, ...extra } });
}

async function collectionDocument(db: Kysely<Database>, d: CollectionDescriptor, root: string) {
  const extent = await collectionExtent(db, d);
  return {
    id: d.id,
    title: `${d.titleZh} ${d.titleEn}`,
    description: d.descriptionEn,
    itemType: 'feature',
    crs: OGC_CRSS.map((c) => c.uri),
    storageCrs: CRS84,
    extent: extent ? { spatial: { bbox: [extent], crs: CRS84 } } : undefined,
    links: [
      { href: `${root}/collections/${d.id}`, rel: 'self', type: 'application/json', title: d.titleEn },
      { href: `${root}/collections/${d.id}/items`, rel: 'items', type: GEOJSON, title: `${d.titleEn} (GeoJSON)` },
      ...schemaLinks(root, d),
    ],
  };
}

type ParsedItemsQuery =
  | { ok: true; bbox: Bbox | null; limit: number; offset: number; filters: Record<string, string | number>; zone: string | null; ids: (string | number)[] | null; cql: Cql2Expr | null }
  | { ok: false; detail: string };

function parseItemsQuery(d: CollectionDescriptor, params: URLSearchParams): ParsedItemsQuery {
  const limitText = params.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  // Larger limits are served as MAX_LIMIT (OGC API – Features §7.15.3); only the integer itself must be sane.
  if (!Number.isSafeInteger(limit) || limit < 1) return { ok: false, detail: 'limit must be a positive integer' };
  const offsetText = params.get('offset');
  const offset = offsetText === null ? 0 : Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    return { ok: false, detail: `offset must be an integer from 0 to ${MAX_OFFSET} / 偏移量须为 0 至 ${MAX_OFFSET} 的整数` };
  }

  let ids: (string | number)[] | null = null;
  const idsText = params.get('ids');
  if (idsText !== null) {
    const parts = idsText.split(',').map((s) => s.trim()).filter(Boolean);
    const idPattern = d.featureIdColumn === 'code' ? /^[A-Za-z0-9_.-]{1,40}$/ : /^\d{1,15}$/;
    if (parts.length > MAX_IDS || !parts.every((p) => idPattern.test(p))) {
      return { ok: false, detail: `ids must be up to ${MAX_IDS} comma-separated feature ids / ids 须为至多 ${MAX_IDS} 个以逗号分隔的要素编号` };
    }
    ids = [...new Set(parts)].map((p) => (d.featureIdColumn === 'code' ? p : Number(p)));
  }

  let bbox: Bbox | null = null;
  const bboxText = params.get('bbox');
  if (bboxText !== null) {
    const n = bboxText.split(',').map((s) => Number(s.trim()));
    if ((n.length !== 4 && n.length !== 6) || n.some((v) => !Number.isFinite(v))) {
      return { ok: false, detail: 'bbox must be minLon,minLat,maxLon,maxLat' };
    }
    // A 6-number bbox carries heights (minLon,minLat,minH,maxLon,maxLat,maxH); heights are ignored.
    const [minX, minY, maxX, maxY] = n.length === 4 ? n : [n[0]!, n[1]!, n[3]!, n[4]!];
    if (minY! > maxY! || minX! > maxX!) return { ok: false, detail: 'bbox minimum exceeds maximum' };
    bbox = [minX!, minY!, maxX!, maxY!];
  }
  const bboxCrsText = params.get('bbox-crs');
  if (bboxCrsText !== null) {
    const bboxCrs = ogcCrsOf(bboxCrsText);
    if (!bboxCrs) return { ok: false, detail: `bbox-${CRS_LIST_DETAIL}` };
    if (bbox) bbox = bboxToCrs84(bbox, bboxCrs);
  }

  const filters: Record<string, string | number> = {};
  for (const [param, queryable] of Object.entries(d.queryables)) {
    const value = params.get(param);
    if (value === null) continue;
    if (queryable.type === 'integer') {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) return { ok: false, detail: `${param} must be an integer` };
      filters[param] = n;
    } else if (queryable.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return { ok: false, detail: `${param} must be a number` };
      filters[param] = n;
    } else {
      filters[param] = value;
    }
  }
  let cql: Cql2Expr | null = null;
  const filterText = params.get('filter');
  if (filterText !== null) {
    const lang = params.get('filter-lang');
    if (lang !== null && lang !== 'cql2-text') return { ok: false, detail: `filter-lang must be cql2-text / 仅支持 cql2-text 过滤语言` };
    const parsed = parseCql2Text(filterText, queryableKinds(d));
    if (!parsed.ok) return { ok: false, detail: `filter: ${parsed.reason} / 过滤条件无效` };
    cql = parsed.expr;
  }
  return { ok: true, bbox, limit: Math.min(limit, MAX_LIMIT), offset, filters, zone: params.get('zone'), ids, cql };
}

export function ogcRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.route('/', ogcWriteRoutes(db, bus, rootUrl));
  app.route('/', zoneWriteRoutes(db, bus, rootUrl));
  app.route('/', energyWriteRoutes(db, bus, rootUrl));
  // Only parcels are writable here; other collections say so instead of 404.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], ['/collections/:collectionId/items', '/collections/:collectionId/items/:featureId'], (c) =>
    c.json(problemBody('FORBIDDEN', `collection ${c.req.param('collectionId')} is read-only`), 405, { Allow: 'GET, HEAD, OPTIONS' }),
  );

  app.get('/', (c) => {
    const root = rootUrl(c);
    return c.json({
      title: '园区用地与能源一张图 Land Ledger',
      description:
        'Parcels, zones, energy layer and planning constraints of the Wansheng ETDZ (万盛经开区). Seed geometry is illustrative; see geodata/PROVENANCE.md.',
      links: [
        { href: root, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${root}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI definition' },
        { href: `${root}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${root}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      ],
    });
  });

  app.get('/api', (c) => jsonWithType(openApiDocument(rootUrl(c)), 'application/vnd.oai.openapi+json;version=3.0'));

  app.get('/conformance', (c) => c.json({ conformsTo: CONFORMANCE }));

  app.get('/collections', async (c) => {
    const root = rootUrl(c);
    const collections = await Promise.all(Object.values(COLLECTIONS).map((d) => collectionDocument(db, d, root)));
    return c.json({
      links: [{ href: `${root}/collections`, rel: 'self', type: 'application/json', title: 'Collections' }],
      collections,
    });
  });

  app.get('/collections/:collectionId', async (c) => {
    const id = c.req.param('collectionId');
    if (!isCollectionId(id)) return problem(c, 404, 'NOT_FOUND', `collection ${id}`);
    return c.json(await collectionDocument(db, COLLECTIONS[id], rootUrl(c)));
  });

  app.route('/', schemaRoutes(rootUrl));

  app.get('/collections/:collectionId/items', async (c) => {
    const id = c.req.param('collectionId');
    if (!isCollectionId(id)) return problem(c, 404, 'NOT_FOUND', `collection ${id}`);
    const d = COLLECTIONS[id];
    const url = new URL(c.req.url);
    const parsed = parseItemsQuery(d, url.searchParams);
    if (!parsed.ok) return problem(c, 400, 'INVALID_REQUEST', parsed.detail);
    const crs = requestedCrs(url.searchParams);
    if (!crs) return problem(c, 400, 'INVALID_REQUEST', CRS_LIST_DETAIL);
    // Read before the features: a client resuming the change stream from this id re-reads
    // anything committed meanwhile (re-applying a change it already has is harmless).
    const changeId = await latestChangeId(db);
    const page = await queryFeatures(db, d, parsed);
    const root = rootUrl(c);
    const pageUrl = (offset: number) => {
      const u = new URL(`${root}/collections/${id}/items`);
      for (const [k, v] of url.searchParams) if (k !== 'offset' && k !== 'limit') u.searchParams.append(k, v);
      u.searchParams.set('limit', String(parsed.limit));
      u.searchParams.set('offset', String(offset));
      return u.toString();
    };
    const links = [
      { href: pageUrl(parsed.offset), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${root}/collections/${id}`, rel: 'collection', type: 'application/json', title: d.titleEn },
    ];
    const numberReturned = page.rows.length;
    if (parsed.offset + numberReturned < page.numberMatched) {
      links.push({ href: pageUrl(parsed.offset + parsed.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
    }
    if (parsed.offset > 0) {
      links.push({ href: pageUrl(Math.max(0, parsed.offset - parsed.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
    }
    // Assembled as bytes so each feature's stored geometry is copied, not parsed and re-serialised (ogc.items.ts).
    const head =
      `{"type":"FeatureCollection","timeStamp":${JSON.stringify(new Date().toISOString())},` +
      `"numberMatched":${page.numberMatched},"numberReturned":${numberReturned},"features":[`;
    const body = featureCollectionBody(d, page, crs, head, `],"links":${JSON.stringify(links)}}`);
    return new Response(body, { status: 200, headers: { 'Content-Type': GEOJSON, 'X-Change-Id': String(changeId), 'Content-Crs': `<${crs.uri}>` } });
  });

  app.get('/collections/:collectionId/items/:featureId', async (c) => {
    const id = c.req.param('collectionId');
    if (!isCollectionId(id)) return problem(c, 404, 'NOT_FOUND', `collection ${id}`);
    const crs = requestedCrs(new URL(c.req.url).searchParams);
    if (!crs) return problem(c, 400, 'INVALID_REQUEST', CRS_LIST_DETAIL);
    const found = await getFeature(db, COLLECTIONS[id], c.req.param('featureId'));
    if (!found) return problem(c, 404, 'NOT_FOUND', `feature ${c.req.param('featureId')} in ${id}`);
    const root = rootUrl(c);
    const etag = recordEtag(id, String(found.feature.id), found.version);
    if (c.req.header('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
    return jsonWithType(
      {
        ...found.feature,
        geometry: geometryToCrs(found.feature.geometry, crs),
        links: [
          { href: `${root}/collections/${id}/items/${encodeURIComponent(String(found.feature.id))}`, rel: 'self', type: GEOJSON },
          { href: `${root}/collections/${id}`, rel: 'collection', type: 'application/json' },
        ],
      },
      GEOJSON,
      200,
      { ETag: etag, 'Content-Crs': `<${crs.uri}>` },
    );
  });

  return app;
}
