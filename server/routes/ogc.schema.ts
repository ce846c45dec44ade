/**
 * OGC API – Features Part 5 schemas and Part 3 queryables and CQL2-text
 * filtering: `/collections/{id}/schema` and `/collections/{id}/queryables`,
 * generated from the zod schemas (domain/servedFeatures.schema.ts), so QGIS and
 * GDAL take the real field types and geometry type instead of guessing from
 * the first page, and filter on the server.
 */
import { Hono, type Context } from 'hono';
import { featureJsonSchema, queryablesJsonSchema } from '../../domain/featureSchema';
import { problem } from '../http/problem';
import { COLLECTIONS, isCollectionId, type CollectionDescriptor } from '../store/collections';
import { SERVED_SCHEMAS } from '../../domain/servedFeatures.schema';

const SCHEMA_JSON = 'application/schema+json';

export const SCHEMA_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas',
  'http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/returnables-and-receivables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
];

export function schemaLinks(root: string, d: CollectionDescriptor) {
  return [
    { href: `${root}/collections/${d.id}/schema`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/schema', type: SCHEMA_JSON, title: `${d.titleEn}: schema` },
    { href: `${root}/collections/${d.id}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: SCHEMA_JSON, title: `${d.titleEn}: queryables` },
  ];
}

export function collectionSchema(root: string, d: CollectionDescriptor) {
  return featureJsonSchema(SERVED_SCHEMAS[d.id], { id: `${root}/collections/${d.id}/schema`, title: `${d.titleZh} ${d.titleEn}` });
}

export function schemaRoutes(rootUrl: (c: Context) => string): Hono {
  const app = new Hono();
  const schemaResponse = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': SCHEMA_JSON } });

  app.get('/collections/:collectionId/schema', (c) => {
    const id = c.req.param('collectionId');
    if (!isCollectionId(id)) return problem(c, 404, 'NOT_FOUND', `collection ${id}`);
    return schemaResponse(collectionSchema(rootUrl(c), COLLECTIONS[id]));
  });

  app.get('/collections/:collectionId/queryables', (c) => {
    const id = c.req.param('collectionId');
    if (!isCollectionId(id)) return problem(c, 404, 'NOT_FOUND', `collection ${id}`);
    const d = COLLECTIONS[id];
    const root = rootUrl(c);
    return schemaResponse(
      queryablesJsonSchema(collectionSchema(root, d), Object.keys(d.queryables), { id: `${root}/collections/${id}/queryables`, title: `${d.titleZh} ${d.titleEn}` }),
    );
  });

  return app;
}
