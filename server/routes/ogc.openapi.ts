/** A compact OpenAPI 3.0 description of the /ogc endpoints (the oas30 class). */
import { OGC_CRSS } from '../../domain/ogcCrs';
import { COLLECTIONS } from '../store/collections';

export function openApiDocument(root: string): unknown {
  const geojson = { 'application/geo+json': { schema: { type: 'object' } } };
  const json = { 'application/json': { schema: { type: 'object' } } };
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': { description: 'Landing page', content: json } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { '200': { description: 'Conformance', content: json } } } },
    '/collections': { get: { summary: 'Collections', operationId: 'getCollections', responses: { '200': { description: 'Collections', content: json } } } },
  };
  const crsUris = OGC_CRSS.map((c) => c.uri);
  for (const d of Object.values(COLLECTIONS)) {
    const filterParams = Object.entries(d.queryables).map(([name, q]) => ({
      name,
      in: 'query',
      required: false,
      description: q.titleEn,
      schema: { type: q.type },
    }));
    paths[`/collections/${d.id}`] = {
      get: { summary: d.titleEn, operationId: `describe_${d.id}`, responses: { '200': { description: d.titleEn, content: json } } },
    };
    paths[`/collections/${d.id}/items`] = {
      get: {
        summary: `${d.titleEn}: features`,
        operationId: `getFeatures_${d.id}`,
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 100 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 } },
          { name: 'ids', in: 'query', description: 'Only these feature ids (codes for zones), comma-separated, at most 500', schema: { type: 'string' } },
          { name: 'bbox', in: 'query', style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
          { name: 'bbox-crs', in: 'query', schema: { type: 'string', format: 'uri', enum: crsUris } },
          { name: 'crs', in: 'query', schema: { type: 'string', format: 'uri', enum: crsUris } },
          { name: 'filter', in: 'query', description: 'CQL2-text over the queryables', schema: { type: 'string' } },
          { name: 'filter-lang', in: 'query', schema: { type: 'string', enum: ['cql2-text'] } },
          ...filterParams,
        ],
        responses: { '200': { description: 'Features', content: geojson }, '400': { description: 'Bad query' } },
      },
    };
    for (const [doc, title] of [['schema', 'schema (Part 5)'], ['queryables', 'queryables (Part 3)']] as const) {
      paths[`/collections/${d.id}/${doc}`] = {
        get: {
          summary: `${d.titleEn}: ${title}`,
          operationId: `get${doc}_${d.id}`,
          responses: { '200': { description: title, content: { 'application/schema+json': { schema: { type: 'object' } } } } },
        },
      };
    }
    paths[`/collections/${d.id}/items/{featureId}`] = {
      get: {
        summary: `${d.titleEn}: one feature`,
        operationId: `getFeature_${d.id}`,
        parameters: [
          { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'crs', in: 'query', schema: { type: 'string', format: 'uri', enum: crsUris } },
        ],
        responses: { '200': { description: 'Feature', content: geojson }, '404': { description: 'Not found' } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Land Ledger OGC API – Features', version: '1.0.0' },
    servers: [{ url: root }],
    paths,
  };
}
