/**
 * The 项目库 section's state: the projects as of today with their overdue
 * milestones, and the one being edited as a form (text fields as typed; a
 * blank figure or date is null). Saving sends every field: POST for a new
 * project, PATCH under the project's ETag for one read before; a refusal
 * is kept as the server's problem.
 */
import { MILESTONES, overdueMilestones, type Milestone, type Milestones } from '$domain/project';
import { createProject, fetchProjects, patchProject, readProject, type ProjectFields, type ProjectRow } from '../api/projects';
import type { Problem } from '../api/problem';

export const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

export interface ProjectForm {
  id: number | null;
  etag: string;
  name: string;
  enterpriseId: string;
  /** Number inputs: a number, or '' / null when blank. */
  signedInvestmentYi: string | number | null;
  plannedInvestmentYi: string | number | null;
  funds: { year: string; yi: string | number | null }[];
  milestones: Record<Milestone, { planned: string; actual: string }>;
  parcelIds: number[];
  notes: string;
}

const blankMilestones = () => Object.fromEntries(MILESTONES.map((m) => [m, { planned: '', actual: '' }])) as ProjectForm['milestones'];

function formOf(p: ProjectRow | null, etag = ''): ProjectForm {
  if (!p) return { id: null, etag: '', name: '', enterpriseId: '', signedInvestmentYi: '', plannedInvestmentYi: '', funds: [], milestones: blankMilestones(), parcelIds: [], notes: '' };
  return {
    id: p.id,
    etag,
    name: p.name,
    enterpriseId: p.enterpriseId === null ? '' : String(p.enterpriseId),
    signedInvestmentYi: p.signedInvestmentYi === null ? '' : String(p.signedInvestmentYi),
    plannedInvestmentYi: p.plannedInvestmentYi === null ? '' : String(p.plannedInvestmentYi),
    funds: Object.entries(p.fundsInPlaceYi).sort(([a], [b]) => a.localeCompare(b)).map(([year, yi]) => ({ year, yi: String(yi) })),
    milestones: Object.fromEntries(MILESTONES.map((m) => [m, { planned: p.milestones[m].planned ?? '', actual: p.milestones[m].actual ?? '' }])) as ProjectForm['milestones'],
    parcelIds: [...p.parcelIds],
    notes: p.notes ?? '',
  };
}

/**
 * A typed figure: blank → null; anything else as a number (the server refuses what is not one, in both
 * languages). A number input bound with bind:value gives a number, or null when cleared.
 */
const figure = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? null : Number(value);

export function fieldsOf(form: ProjectForm): ProjectFields {
  const funds: Record<string, number> = {};
  for (const row of form.funds) {
    const yi = figure(row.yi);
    if (row.year.trim() !== '' && yi !== null) funds[row.year.trim()] = yi;
  }
  return {
    name: form.name,
    enterpriseId: form.enterpriseId === '' ? null : Number(form.enterpriseId),
    signedInvestmentYi: figure(form.signedInvestmentYi),
    plannedInvestmentYi: figure(form.plannedInvestmentYi),
    fundsInPlaceYi: funds,
    milestones: Object.fromEntries(MILESTONES.map((m) => [m, { planned: form.milestones[m].planned || null, actual: form.milestones[m].actual || null }])) as Milestones,
    parcelIds: [...form.parcelIds],
    notes: form.notes.trim() === '' ? null : form.notes,
  };
}

/** The form's milestones overdue as of a date (as the server would flag them once saved). */
export function formOverdue(form: ProjectForm, asOf: string) {
  return overdueMilestones(fieldsOf(form).milestones, asOf);
}

export class ProjectsState {
  asOf = $state(todayInChina());
  projects = $state<ProjectRow[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  form = $state<ProjectForm | null>(null);
  saving = $state(false);
  problem = $state<Problem | null>(null);

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.projects = (await fetchProjects(this.asOf)).projects;
      this.status = 'ready';
    } catch {
      this.status = 'error';
    }
  }

  startNew(): void {
    this.form = formOf(null);
    this.problem = null;
  }

  async edit(id: number): Promise<void> {
    this.problem = null;
    const read = await readProject(id, this.asOf);
    if (!read.ok) {
      this.problem = read.problem;
      return;
    }
    this.form = formOf(read.project, read.etag);
  }

  cancel(): void {
    this.form = null;
    this.problem = null;
  }

  async save(): Promise<boolean> {
    const form = this.form;
    if (!form || this.saving) return false;
    this.saving = true;
    this.problem = null;
    try {
      const fields = fieldsOf(form);
      const outcome = form.id === null ? await createProject(fields) : await patchProject(form.id, form.etag, fields);
      if (!outcome.ok) {
        this.problem = outcome.problem;
        return false;
      }
      this.form = null;
      await this.load();
      return true;
    } finally {
      this.saving = false;
    }
  }
}
