/**
 * Import, export and basemap endpoints (issue 6). The upload goes through
 * XMLHttpRequest because fetch cannot report upload progress; everything
 * else is fetch. Outcomes are data, never thrown, so panels can show the
 * server's reason in both languages.
 */
import type { BasemapOption } from '$domain/basemaps';
import type { FieldDefaults, FieldMapping } from '$domain/io/fieldMapping';
import { networkProblem, readProblem, type Problem } from './problem';

export type { ImportPreview, PreviewFeature, PreviewFinding } from '$domain/io/importPreview';
import type { ImportPreview } from '$domain/io/importPreview';

/** A refused upload or commit: the reason, its texts, and where (line, feature). */
export type ImportProblem = Problem & { line?: number; featureIndex?: number; geometryMessageZh?: string; geometryMessageEn?: string };

export type UploadResult = { ok: true; preview: ImportPreview } | { ok: false; status: number; problem: ImportProblem };

/** Uploads a file for preview, reporting the fraction sent (0…1) as it goes. */
export function uploadImport(file: File, crs: string | null, onProgress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('file', file, file.name);
    if (crs) form.append('crs', crs);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, problem: networkProblem(new Error('upload failed')) });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON; handled below.
      }
      if (xhr.status === 201 && body) resolve({ ok: true, preview: body as ImportPreview });
      else if (body && typeof body === 'object' && 'code' in body) resolve({ ok: false, status: xhr.status, problem: body as ImportProblem });
      else resolve({ ok: false, status: xhr.status, problem: { code: 'INVALID_REQUEST', messageZh: `上传失败（HTTP ${xhr.status}）`, messageEn: `Upload failed (HTTP ${xhr.status})` } });
    };
    onProgress(0);
    xhr.send(form);
  });
}

export interface CommitRequest {
  mapping?: FieldMapping;
  acceptedIndices?: number[];
  confirmWarnings?: string[];
  defaults?: FieldDefaults;
}

export type CommitResult = { ok: true; ids: number[]; updated: number[]; unchanged: number[]; editId: number } | { ok: false; status: number; problem: ImportProblem };

/** A dry run's answer: what the commit would do, and each target's secured and pipeline figures before and after. */
export interface TargetMove {
  planId: string;
  code: string;
  labelZh: string;
  labelEn: string;
  unit: string;
  secured: { before: number; after: number };
  pipeline: { before: number; after: number };
}
export type DryRunResult = { ok: true; created: number; updated: number; unchanged: number; targets: TargetMove[] } | { ok: false; status: number; problem: ImportProblem };

export async function commitImport(id: string, request: CommitRequest): Promise<CommitResult> {
  const response = await postCommit(id, request, false);
  if ('problem' in response) return response;
  const body = (await response.json()) as { ids: number[]; updated: number[]; unchanged: number[]; editId: number };
  return { ok: true, ids: body.ids, updated: body.updated ?? [], unchanged: body.unchanged ?? [], editId: body.editId };
}

/** The same commit, rolled back on the server: how every target would move. */
export async function dryRunImport(id: string, request: CommitRequest): Promise<DryRunResult> {
  const response = await postCommit(id, request, true);
  if ('problem' in response) return response;
  const body = (await response.json()) as { created: number; updated: number; unchanged: number; targets: TargetMove[] };
  return { ok: true, ...body };
}

async function postCommit(id: string, request: CommitRequest, dryRun: boolean): Promise<Response | { ok: false; status: number; problem: ImportProblem }> {
  let response: Response;
  try {
    response = await fetch(`/api/imports/${encodeURIComponent(id)}/commit${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (cause) {
    return { ok: false, status: 0, problem: networkProblem(cause) };
  }
  if (!response.ok) {
    const text = await response.clone().text();
    const problem = (await readProblem(response)) as ImportProblem;
    try {
      const raw = JSON.parse(text) as { featureIndex?: number };
      if (typeof raw.featureIndex === 'number') problem.featureIndex = raw.featureIndex;
    } catch {
      // readProblem already made a generic problem.
    }
    return { ok: false, status: response.status, problem };
  }
  return response;
}

export type ExportFormat = 'geojson' | 'shp' | 'kml' | 'csv' | 'txt';

export interface ExportScope {
  ids?: readonly (string | number)[];
  zone?: string;
  target?: { planId: string; code: string };
}

/** The download URL of an export (a plain GET: the browser saves it under the server's file name). */
export function exportUrl(format: ExportFormat, crs: string, scope: ExportScope): string {
  const q = new URLSearchParams({ format, crs });
  if (scope.ids) q.set('ids', scope.ids.join(','));
  if (scope.zone) q.set('zone', scope.zone);
  if (scope.target) q.set('target', `${scope.target.planId}:${scope.target.code}`);
  return `/api/exports?${q.toString()}`;
}

export interface BasemapCatalogue {
  options: BasemapOption[];
  gcj02Warning: { zh: string; en: string };
}

export async function fetchBasemaps(): Promise<BasemapCatalogue | null> {
  try {
    const response = await fetch('/api/settings/basemaps', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return (await response.json()) as BasemapCatalogue;
  } catch {
    return null;
  }
}
