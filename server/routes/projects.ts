/**
 * Projects (项目库) under /api/projects and the land status under
 * /api/land-status. Reads open: GET /api/projects?asOf=YYYY-MM-DD (each with
 * its overdue milestones and idle state as of that date, today by default),
 * GET /api/projects/{id}; GET /api/land-status?asOf= → idle, reclaimable
 * and supplied-not-used projects with the rule. Editors: POST /api/projects,
 * PATCH /api/projects/{id} (If-Match "projects-{id}-v{n}", 428 without).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { isoDateSchema, MILESTONE_LABELS, projectPatchSchema, projectSchema } from '../../domain/project';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem, problemBody } from '../http/problem';
import { publicOrigin } from '../http/publicOrigin';
import type { WriteOutcome } from '../store/enterprises.write';
import type { ChangeBus } from '../store/history';
import { versionFromEtag } from '../store/plans.write';
import { createProject, landStatus, listProjects, patchProject, projectEtag, projectStatus, readProject } from '../store/projects';

type Env = { Variables: AuthVariables };

/** The rule served with the land status, so a reader can check every entry. */
export const IDLE_LAND_RULE = {
  zh: '闲置土地：已签出让合同（供地实际日期不晚于查询日），自约定开工日期起满一年（次年同月同日，2 月 29 日按 2 月 28 日）仍未开工的为闲置；满两年可无偿收回。依据《闲置土地处置办法》（国土资源部令第 53 号）第二条、第十四条；政府原因造成的延期未建模。供而未用：已供地且查询日前未开工。批而未供需农转用/征收批复数据，本台账暂无，不列出。',
  en: 'Idle land: supplied (the contract date on or before the date asked) and not started one full year after the agreed start date (same month and day a year later; 29 February → 28 February) is idle; after two full years it may be taken back without compensation. Source: Measures on the Disposal of Idle Land (MLR Order 53, 2012), Articles 2 and 14; delays caused by the government are not modelled. Supplied-not-used: supplied and not started by the date. Approved-not-supplied needs land-approval data the ledger does not hold, so it is not listed.',
};

/** Today in China (UTC+8): a contract date is a Beijing calendar day. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

function asOfOf(c: Context): string | Response {
  const raw = c.req.query('asOf');
  if (raw === undefined) return today();
  const parsed = isoDateSchema.safeParse(raw);
  return parsed.success ? parsed.data : problem(c, 400, 'INVALID_REQUEST', 'asOf=YYYY-MM-DD');
}

function respond(c: Context, outcome: WriteOutcome<unknown>, location?: string): Response {
  if (!outcome.ok) return c.json(problemBody(outcome.code, outcome.detail), outcome.status);
  const headers: Record<string, string> = { ETag: outcome.etag };
  if (outcome.status === 201 && location) headers.Location = location;
  // X-Edit-Id names the edit to undo (POST /api/edits/{id}/undo).
  if (outcome.editId !== undefined) headers['X-Edit-Id'] = String(outcome.editId);
  return c.json(outcome.body, outcome.status, headers);
}

const projectId = (raw: string) => (/^\d{1,9}$/.test(raw) ? Number(raw) : null);

export function projectRoutes(db: Kysely<Database>, bus: ChangeBus): Hono<Env> {
  const app = new Hono<Env>();
  const ctx = (c: Context<Env>) => ({ db, user: c.get('user')!, bus });

  app.get('/', async (c) => {
    const asOf = asOfOf(c);
    if (asOf instanceof Response) return asOf;
    return c.json({ asOf, milestoneLabels: MILESTONE_LABELS, projects: (await listProjects(db)).map((p) => projectStatus(p, asOf)) });
  });

  app.get('/:id', async (c) => {
    const asOf = asOfOf(c);
    if (asOf instanceof Response) return asOf;
    const id = projectId(c.req.param('id'));
    const project = id === null ? null : await readProject(db, id);
    if (!project) return problem(c, 404, 'NOT_FOUND', `project ${c.req.param('id')}`);
    return c.json({ asOf, ...projectStatus(project, asOf) }, 200, { ETag: projectEtag(project.id, project.version) });
  });

  app.post('/', requireRole('editor'), async (c) => {
    const body = await readJson(c, projectSchema);
    if (!body.ok) return body.response;
    const outcome = await createProject(ctx(c), body.data);
    return respond(c, outcome, outcome.ok ? `${publicOrigin(c)}/api/projects/${outcome.body.id}` : undefined);
  });

  app.patch('/:id', requireRole('editor'), async (c) => {
    const id = projectId(c.req.param('id'));
    if (id === null) return problem(c, 404, 'NOT_FOUND', `project ${c.req.param('id')}`);
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const version = versionFromEtag(ifMatch, (v) => projectEtag(id, v));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED', 'If-Match does not name this project');
    const body = await readJson(c, projectPatchSchema);
    if (!body.ok) return body.response;
    return respond(c, await patchProject(ctx(c), id, version, body.data));
  });

  return app;
}

export function landStatusRoutes(db: Kysely<Database>): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/', async (c) => {
    const asOf = asOfOf(c);
    if (asOf instanceof Response) return asOf;
    return c.json({ asOf, rule: IDLE_LAND_RULE, ...(await landStatus(db, asOf)), approvedNotSupplied: null });
  });
  return app;
}
