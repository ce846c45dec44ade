/**
 * The /api paths in the published OpenAPI document (GET /ogc/api), built from
 * the zod schemas the routes validate with and the domain/api schemas their
 * answers are typed by — the same objects, so the document cannot describe a
 * body the server would not take. tests/api/openapi.api.test.ts checks that
 * every /api route the app registers is here and that each documented body
 * accepts a valid example and refuses an invalid one.
 */
import { z } from 'zod';
import { basemapSettingsAnswerSchema, basemapSettingsSchema } from '../../domain/api/basemaps.schema';
import { createdTokenSchema, meSchema, signedInSchema, tokenListSchema } from '../../domain/api/auth.schema';
import { changeHeadSchema, metaSchema } from '../../domain/api/changes.schema';
import { bulkResultSchema, editListSchema, undoResultSchema } from '../../domain/api/edits.schema';
import { coverageSchema, demandSchema, sitingRequestSchema, sitingSchema } from '../../domain/api/energy.schema';
import { assumptionsBodySchema, intensityTableBodySchema } from '../../domain/api/energySettings.schema';
import { commitBodySchema, importCommittedSchema, importDryRunSchema } from '../../domain/api/imports.schema';
import { parcelEditResultSchema, parcelHistorySchema, searchResponseSchema, tablePageSchema } from '../../domain/api/parcels.schema';
import { drillDownSchema, ledgerHealthSchema, timelineSchema } from '../../domain/api/review.schema';
import { plansListSchema, tallySchema } from '../../domain/api/tally.schema';
import { enterprisePatchSchema, enterpriseSchema, parcelLinkSchema, statisticsSchema } from '../../domain/enterprise';
import { projectPatchSchema, projectSchema } from '../../domain/project';
import { targetDefinitionSchema } from '../../domain/target.schema';
import { bulkEditSchema } from '../store/parcels.bulk';
import { parcelEditSchema } from '../store/parcels.edit';
import { newPlanSchema, planCopySchema, planPatchSchema } from '../store/plans.write';
import { statisticsImportOptionsSchema } from '../store/statisticsImports';
import { zoneFromParcelsSchema } from '../store/zones.write';
import { loginSchema, tokenSchema } from './auth';
import { methodPutSchema } from './efficiency';
import { assumptionsPutSchema, intensitiesPutSchema } from './energy';
import { restoreSchema } from './parcels';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Role = 'viewer' | 'editor' | 'admin';

/** A file upload (multipart/form-data); its fields are read by hand (server/routes/imports.ts, statisticsImports.ts), not by zod. */
export interface MultipartBody {
  multipart: Record<string, { type: 'string'; format?: 'binary'; description: string }>;
  required: string[];
}

export interface ApiOperation {
  method: Method;
  /** Hono's form (`:id`); the document writes `{id}`. */
  path: string;
  summary: string;
  /** The least role that may call it; absent: anyone, signed in or not. */
  role?: Role;
  /** JSON body, validated with exactly this schema. */
  body?: z.ZodType | MultipartBody;
  /** If-Match naming the stored version is required (428 without, 412 when stale). */
  ifMatch?: boolean;
  /** The success answer's schema, where the client reads it with one (domain/api). */
  answer?: z.ZodType;
  /** Success status; 200 unless stated. */
  status?: number;
  /** Success content type other than JSON. */
  produces?: string;
}

const file = (description: string) => ({ type: 'string', format: 'binary', description }) as const;
const text = (description: string) => ({ type: 'string', description }) as const;

/** Every /api route the app registers (server/app.ts). */
export const API_OPERATIONS: readonly ApiOperation[] = [
  { method: 'post', path: '/api/auth/login', summary: 'Sign in (sets the session cookie)', body: loginSchema, answer: signedInSchema },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out', status: 204 },
  { method: 'get', path: '/api/auth/me', summary: 'Who is signed in', answer: meSchema },
  { method: 'post', path: '/api/auth/tokens', summary: 'Create a personal API token (shown once)', role: 'viewer', body: tokenSchema, answer: createdTokenSchema, status: 201 },
  { method: 'get', path: '/api/auth/tokens', summary: 'My API tokens', role: 'viewer', answer: tokenListSchema },
  { method: 'delete', path: '/api/auth/tokens/:id', summary: 'Revoke one of my tokens', role: 'viewer', status: 204 },
  { method: 'get', path: '/api/auth/admin/tokens', summary: 'Every API token', role: 'admin', answer: tokenListSchema },
  { method: 'delete', path: '/api/auth/admin/tokens/:id', summary: 'Revoke any token', role: 'admin', status: 204 },
  { method: 'get', path: '/api/changes', summary: 'Changes after an id' },
  { method: 'get', path: '/api/changes/head', summary: 'Newest change id', answer: changeHeadSchema },
  { method: 'get', path: '/api/changes/stream', summary: 'Change events (Server-Sent Events)', produces: 'text/event-stream' },
  { method: 'get', path: '/api/parcels/table', summary: 'Attribute table page', answer: tablePageSchema },
  { method: 'post', path: '/api/parcels/bulk', summary: 'Set fields on many parcels at their versions (one edit)', role: 'editor', body: bulkEditSchema, answer: bulkResultSchema },
  { method: 'get', path: '/api/parcels/:id/history', summary: 'A parcel’s versions', answer: parcelHistorySchema },
  { method: 'post', path: '/api/parcels/:id/restore', summary: 'Restore a parcel to an earlier version', role: 'editor', body: restoreSchema },
  { method: 'post', path: '/api/parcels/edits', summary: 'Merge or split parcels in one edit', role: 'editor', body: parcelEditSchema, answer: parcelEditResultSchema },
  { method: 'get', path: '/api/edits', summary: 'The edit log', answer: editListSchema },
  { method: 'post', path: '/api/edits/:id/undo', summary: 'Undo an edit', role: 'editor', answer: undoResultSchema },
  { method: 'get', path: '/api/energy/demand', summary: 'Each parcel’s demand, kW', answer: demandSchema },
  { method: 'get', path: '/api/energy/coverage', summary: 'Station coverage and scenario loads', answer: coverageSchema },
  { method: 'get', path: '/api/energy/intensities', summary: 'Demand intensity table', answer: intensityTableBodySchema },
  { method: 'get', path: '/api/energy/assumptions', summary: 'Scenario assumptions', answer: assumptionsBodySchema },
  { method: 'put', path: '/api/energy/assumptions', summary: 'Replace the scenario assumptions', role: 'admin', ifMatch: true, body: assumptionsPutSchema, answer: assumptionsBodySchema },
  { method: 'put', path: '/api/energy/intensities', summary: 'Replace the intensity table', role: 'admin', ifMatch: true, body: intensitiesPutSchema, answer: intensityTableBodySchema },
  { method: 'post', path: '/api/energy/siting', summary: 'Suggest station sites', role: 'editor', body: sitingRequestSchema, answer: sitingSchema },
  {
    method: 'post',
    path: '/api/imports',
    summary: 'Upload a parcel file for preview',
    role: 'editor',
    status: 201,
    body: {
      multipart: {
        file: file('GeoJSON, Shapefile (.zip), KML, DXF, CSV or TXT'),
        crs: text('The file’s CRS when it does not say (EPSG code)'),
        matchField: text('id or name: update stored parcels matched on it'),
        matchAttribute: text('The file’s attribute holding the match value'),
      },
      required: ['file'],
    },
  },
  { method: 'post', path: '/api/imports/:id/commit', summary: 'Commit an import preview (?dryRun=1: how targets would move)', role: 'editor', body: commitBodySchema, answer: importCommittedSchema, status: 201 },
  { method: 'get', path: '/api/exports', summary: 'Download parcels (GeoJSON, Shapefile, KML, CSV, TXT)', produces: 'application/octet-stream' },
  { method: 'get', path: '/api/settings/basemaps', summary: 'Basemap options and settings', answer: basemapSettingsAnswerSchema },
  { method: 'put', path: '/api/settings/basemaps', summary: 'Replace the basemap settings', role: 'admin', ifMatch: true, body: basemapSettingsSchema, answer: basemapSettingsAnswerSchema },
  { method: 'post', path: '/api/plans', summary: 'Create a plan with its targets', role: 'admin', body: newPlanSchema, status: 201 },
  { method: 'patch', path: '/api/plans/:planId', summary: 'Change a plan’s name, period or source', role: 'admin', ifMatch: true, body: planPatchSchema },
  { method: 'post', path: '/api/plans/:planId/copy', summary: 'Copy a plan to a new period', role: 'admin', body: planCopySchema, status: 201 },
  { method: 'get', path: '/api/plans/:planId/targets', summary: 'A plan’s stored targets with versions' },
  { method: 'post', path: '/api/plans/:planId/targets', summary: 'Add a target', role: 'admin', body: targetDefinitionSchema, status: 201 },
  { method: 'get', path: '/api/plans/:planId/targets/:code', summary: 'One stored target' },
  { method: 'put', path: '/api/plans/:planId/targets/:code', summary: 'Redefine a target', role: 'admin', ifMatch: true, body: targetDefinitionSchema },
  { method: 'delete', path: '/api/plans/:planId/targets/:code', summary: 'Retire a target', role: 'admin', ifMatch: true },
  { method: 'get', path: '/api/plans/:planId/tally', summary: 'The plan’s tally (now or ?year=)', answer: tallySchema },
  { method: 'get', path: '/api/plans/:planId/targets/:code/parcels', summary: 'What a target counts', answer: drillDownSchema },
  { method: 'get', path: '/api/plans/:planId/targets/:code/timeline', summary: 'A target’s figures year by year', answer: timelineSchema },
  { method: 'get', path: '/api/plans/:planId/report', summary: 'The plan report (HTML)', produces: 'text/html' },
  { method: 'get', path: '/api/plans/:planId/report.xlsx', summary: 'The plan report (XLSX)', produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { method: 'get', path: '/api/plans/:planId/report.csv', summary: 'The plan report (CSV)', produces: 'text/csv' },
  { method: 'get', path: '/api/plans', summary: 'Plans', answer: plansListSchema },
  { method: 'get', path: '/api/plans/:planId', summary: 'One plan' },
  { method: 'post', path: '/api/zones/from-parcels', summary: 'A zone outline from parcels', role: 'admin', body: zoneFromParcelsSchema },
  { method: 'get', path: '/api/snapshot', summary: 'The whole ledger at a date (GeoJSON)' },
  { method: 'get', path: '/api/health/ledger', summary: 'Ledger health checks', answer: ledgerHealthSchema },
  { method: 'get', path: '/api/meta', summary: 'Whether the data is illustrative, and its provenance', answer: metaSchema },
  { method: 'get', path: '/api/search', summary: 'Search parcels, zones and stations', answer: searchResponseSchema },
  { method: 'get', path: '/api/enterprises', summary: 'Enterprises' },
  { method: 'get', path: '/api/enterprises/:id', summary: 'One enterprise with its statistics' },
  { method: 'post', path: '/api/enterprises', summary: 'Register an enterprise', role: 'editor', body: enterpriseSchema, status: 201 },
  { method: 'patch', path: '/api/enterprises/:id', summary: 'Change an enterprise', role: 'editor', ifMatch: true, body: enterprisePatchSchema },
  { method: 'put', path: '/api/enterprises/:id/parcels', summary: 'Set the parcels an enterprise occupies', role: 'editor', ifMatch: true, body: parcelLinkSchema },
  { method: 'put', path: '/api/enterprises/:id/statistics/:year', summary: 'Set a year’s statistics', role: 'editor', body: statisticsSchema },
  {
    method: 'post',
    path: '/api/enterprise-statistics/imports',
    summary: 'Upload annual statistics (CSV or XLSX) for preview',
    role: 'editor',
    status: 201,
    body: {
      multipart: {
        file: file('CSV (UTF-8 or GBK) or XLSX'),
        mapping: text('JSON: column → field'),
        moneyUnit: text('The unit of money columns'),
        defaultYear: text('The year of every row when there is no year column'),
      },
      required: ['file'],
    },
  },
  { method: 'post', path: '/api/enterprise-statistics/imports/:id/preview', summary: 'Preview again with other options', role: 'editor', body: statisticsImportOptionsSchema },
  { method: 'post', path: '/api/enterprise-statistics/imports/:id/commit', summary: 'Commit the statistics (one edit)', role: 'editor', body: statisticsImportOptionsSchema, status: 201 },
  { method: 'get', path: '/api/efficiency', summary: '亩均 evaluation for a year' },
  { method: 'get', path: '/api/efficiency/parcels', summary: 'Each linked parcel with its enterprise’s 亩均 class for a year (year=YYYY), for the map' },
  { method: 'get', path: '/api/efficiency/method', summary: 'The evaluation method' },
  { method: 'put', path: '/api/efficiency/method', summary: 'Replace the evaluation method', role: 'admin', ifMatch: true, body: methodPutSchema },
  { method: 'get', path: '/api/projects', summary: 'Projects with milestones' },
  { method: 'get', path: '/api/projects/:id', summary: 'One project' },
  { method: 'post', path: '/api/projects', summary: 'Create a project', role: 'editor', body: projectSchema, status: 201 },
  { method: 'patch', path: '/api/projects/:id', summary: 'Change a project', role: 'editor', ifMatch: true, body: projectPatchSchema },
  { method: 'get', path: '/api/land-status', summary: 'Idle and overdue land (闲置土地)' },
  { method: 'get', path: '/api/enterprise-targets', summary: 'D-targets counted from the enterprise register' },
  { method: 'get', path: '/api/health', summary: 'Liveness' },
];

/** A dry run answers another shape than a commit (same path, ?dryRun=1). */
export const DRY_RUN_ANSWER = importDryRunSchema;

/** `/api/plans/:planId` → `/api/plans/{planId}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export const isMultipart = (body: ApiOperation['body']): body is MultipartBody => body !== undefined && 'multipart' in body;

/** A zod schema as OpenAPI 3.0 (`io`: what a client sends, or what it reads back). Refinements JSON Schema cannot state stay with zod. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** The documented request body's schema of an operation (JSON or multipart), or null. */
export function requestSchemaOf(op: ApiOperation): Record<string, unknown> | null {
  if (!op.body) return null;
  if (isMultipart(op.body)) return { type: 'object', required: op.body.required, properties: op.body.multipart };
  return jsonSchemaOf(op.body, 'input');
}

const ROLE_TEXT: Record<Role, string> = { viewer: 'any signed-in user', editor: 'editor or admin', admin: 'admin' };

/** The /api path items; openApiDocument adds each one's server (the ledger's origin: the document's own server is /ogc). */
export function apiPathItems(problemRef: unknown): Record<string, Record<string, unknown>> {
  const problem = { 'application/json': { schema: problemRef } };
  const items: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const path = openApiPath(op.path);
    const item = (items[path] ??= {});
    const params = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (op.ifMatch) params.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } } as (typeof params)[number]);
    const requestSchema = requestSchemaOf(op);
    const answer = op.answer ? { 'application/json': { schema: jsonSchemaOf(op.answer, 'output') } } : op.produces ? { [op.produces]: {} } : { 'application/json': { schema: { type: 'object' } } };
    const status = String(op.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: status === '204' ? { description: 'Done' } : { description: 'Done', content: answer },
      '400': { description: 'Invalid request (reason code, zh + en)', content: problem },
    };
    if (op.role) Object.assign(responses, { '401': { description: 'Not signed in', content: problem }, '403': { description: `Needs ${ROLE_TEXT[op.role]}`, content: problem } });
    if (op.ifMatch) Object.assign(responses, { '412': { description: 'Changed meanwhile', content: problem }, '428': { description: 'If-Match required', content: problem } });
    if (op.path === '/api/imports/:id/commit') responses['200'] = { description: 'Dry run (?dryRun=1)', content: { 'application/json': { schema: jsonSchemaOf(DRY_RUN_ANSWER, 'output') } } };
    item[op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(op.role ? { description: `Needs ${ROLE_TEXT[op.role]} (session cookie, Basic auth or Bearer token).` } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(requestSchema
        ? { requestBody: { required: true, content: { [op.body && isMultipart(op.body) ? 'multipart/form-data' : 'application/json']: { schema: requestSchema } } } }
        : {}),
      responses,
    };
  }
  return items;
}
