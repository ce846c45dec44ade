/**
 * The project register (项目库) under /api/projects: the list as of a date
 * with each project's overdue milestones and idle state, one project with
 * its ETag, and the editor's writes (POST, PATCH under If-Match). Refusals
 * come back as data with the server's reason in both languages.
 */
import type { IdleFinding, Milestone, Milestones, FundsInPlace } from '$domain/project';
import { readJsonVersioned } from './enterprises';
import { networkProblem, readProblem, type Problem } from './problem';

export interface ProjectFields {
  name: string;
  enterpriseId: number | null;
  signedInvestmentYi: number | null;
  plannedInvestmentYi: number | null;
  fundsInPlaceYi: FundsInPlace;
  milestones: Milestones;
  parcelIds: number[];
  notes: string | null;
}

export interface ProjectRow extends ProjectFields {
  id: number;
  version: number;
  overdue: { milestone: Milestone; planned: string; daysOverdue: number }[];
  idle: IdleFinding | null;
}

export type ProjectOutcome = { ok: true; project: ProjectRow; etag: string } | { ok: false; status: number; problem: Problem };

export async function fetchProjects(asOf: string, signal?: AbortSignal): Promise<{ asOf: string; projects: ProjectRow[] }> {
  return (await readJsonVersioned<{ asOf: string; projects: ProjectRow[] }>(`/api/projects?asOf=${asOf}`, signal)).body;
}

async function write(url: string, method: 'POST' | 'PATCH' | 'GET', body?: ProjectFields, etag?: string): Promise<ProjectOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(etag ? { 'If-Match': etag } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, status: response.status, problem: await readProblem(response) };
  return { ok: true, project: (await response.json()) as ProjectRow, etag: response.headers.get('ETag') ?? '' };
}

/** One project with its ETag, as of a date (its overdue milestones then). */
export const readProject = (id: number, asOf: string) => write(`/api/projects/${id}?asOf=${asOf}`, 'GET');
export const createProject = (fields: ProjectFields) => write('/api/projects', 'POST', fields);
export const patchProject = (id: number, etag: string, fields: ProjectFields) => write(`/api/projects/${id}`, 'PATCH', fields, etag);
