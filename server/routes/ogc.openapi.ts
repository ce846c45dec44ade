/**
 * A compact OpenAPI 3.0 description of the /ogc endpoints (the oas30 class)
 * and of the ledger's own /api paths (api.openapi.ts), which are served from
 * the origin rather than /ogc.
 */
import { apiPathItems } from './api.openapi';
import { OGC_CRSS } from '../../domain/ogcCrs';
import { featureJsonSchema } from '../../domain/featureSchema';
import { COLLECTIONS } from '../store/collections';
import { SERVED_SCHEMAS } from '../../domain/servedFeatures.schema';
import { z } from 'zod';
import { problemSchema } from '../../domain/api/problem.schema';

/**
 * The error body as an OpenAPI component, from the schema the client reads
 * refusals with. Input mode leaves it open: some refusals add fields (an
 * import's line number) that readers may ignore.
 */
export function problemComponent(): unknown {
  const { $schema: _s, ...schema } = z.toJSONSchema(problemSchema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;
  return schema;
}

/**
 * A collection's feature properties as an OpenAPI component, from the same
 * zod-generated schema /collections/{id}/schema serves (id and geometry are
 * GeoJSON members, not properties).
 */
function propertiesComponent(id: keyof typeof SERVED_SCHEMAS): unknown {
  const { $schema: _s, $id: _i, properties, required, ...rest } = featureJsonSchema(SERVED_SCHEMAS[id], { id, title: COLLECTIONS[id].titleEn }) as {
    $schema: string;
    $id: string;
    properties: Record<string, unknown>;
    required: string[];
  };
  const { id: _id, geometry: _g, ...props } = properties;
  return { ...rest, properties: props, required: required.filter((r) => r !== 'id' && r !== 'geometry') };
}

/** The document but its server URLs, built once: its schemas are static, and generating them took ~65 ms a request. */
let template: { paths: Record<string, Record<string, unknown>>; schemas: Record<string, unknown> } | null = null;

export function openApiDocument(root: string): unknown {
  template ??= buildTemplate();
  // The /api paths are served from the origin; the OGC paths from the document's own server (root = origin + /ogc).
  const apiServer = root.replace(/\/ogc$/, '');
  const paths = Object.fromEntries(Object.entries(template.paths).map(([path, item]) => [path, path.startsWith('/api/') ? { ...item, servers: [{ url: apiServer }] } : item]));
  return {
    openapi: '3.0.3',
    info: { title: 'Land Ledger OGC API – Features and ledger API', version: '1.0.0' },
    servers: [{ url: root }],
    paths,
    components: { schemas: template.schemas },
  };
}

function buildTemplate(): { paths: Record<string, Record<string, unknown>>; schemas: Record<string, unknown> } {
  const json = { 'application/json': { schema: { type: 'object' } } };
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': { description: 'Landing page', content: json } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { '200': { description: 'Conformance', content: json } } } },
    '/collections': { get: { summary: 'Collections', operationId: 'getCollections', responses: { '200': { description: 'Collections', content: json } } } },
  };
  const crsUris = OGC_CRSS.map((c) => c.uri);
  const schemas: Record<string, unknown> = { Problem: problemComponent() };
  const problemContent = { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const featureOf = (id: string) => ({
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: COLLECTIONS[id as keyof typeof COLLECTIONS].featureIdColumn === 'code' ? 'string' : 'integer' },
      geometry: { type: 'object' },
      properties: { $ref: `#/components/schemas/${id}_properties` },
    },
  });
  for (const d of Object.values(COLLECTIONS)) {
    schemas[`${d.id}_properties`] = propertiesComponent(d.id);
    schemas[`${d.id}_feature`] = featureOf(d.id);
    const itemsContent = {
      'application/geo+json': {
        schema: { type: 'object', properties: { type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: { $ref: `#/components/schemas/${d.id}_feature` } } } },
      },
    };
    const featureContent = { 'application/geo+json': { schema: { $ref: `#/components/schemas/${d.id}_feature` } } };
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
        responses: { '200': { description: 'Features', content: itemsContent }, '400': { description: 'Bad query', content: problemContent } },
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
        responses: { '200': { description: 'Feature', content: featureContent }, '404': { description: 'Not found', content: problemContent } },
      },
    };
  }
  Object.assign(paths, apiPathItems({ $ref: '#/components/schemas/Problem' }));
  return { paths: paths as Record<string, Record<string, unknown>>, schemas };
}
