/**
 * Import, export and basemap endpoints (issue 6). The upload goes through
 * XMLHttpRequest because fetch cannot report upload progress; everything
 * else is fetch. Outcomes are data, never thrown, so panels can show the
 * server's reason in both languages. Bodies are the server's own shapes
 * (domain/api/imports.schema.ts, basemaps.schema.ts), checked as they arrive.
 */
import { basemapSettingsAnswerSchema, type BasemapSettingsAnswer } from '$domain/api/basemaps.schema';
import { importCommittedSchema, importDryRunSchema, importProblemSchema, type CommitRequest, type ImportProblem, type TargetMove } from '$domain/api/imports.schema';
import { networkProblem, readProblem } from './problem';

export type { ImportPreview, PreviewFeature, PreviewFinding } from '$domain/io/importPreview';
import type { ImportPreview } from '$domain/io/importPreview';

export type { CommitRequest, ImportProblem, TargetMove };

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
      const refusal = importProblemSchema.safeParse(body);
      if (xhr.status === 201 && body) resolve({ ok: true, preview: body as ImportPreview });
      else if (refusal.success) resolve({ ok: false, status: xhr.status, problem: refusal.data });
      else resolve({ ok: false, status: xhr.status, problem: { code: 'INVALID_REQUEST', messageZh: `上传失败（HTTP ${xhr.status}）`, messageEn: `Upload failed (HTTP ${xhr.status})` } });
    };
    onProgress(0);
    xhr.send(form);
  });
}

export type CommitResult = { ok: true; ids: number[]; updated: number[]; unchanged: number[]; editId: number } | { ok: false; status: number; problem: ImportProblem };

export type DryRunResult = { ok: true; created: number; updated: number; unchanged: number; targets: TargetMove[] } | { ok: false; status: number; problem: ImportProblem };

export async function commitImport(id: string, request: CommitRequest): Promise<CommitResult> {
  const response = await postCommit(id, request, false);
  if ('problem' in response) return response;
  const body = importCommittedSchema.parse(await response.json());
  return { ok: true, ids: body.ids, updated: body.updated, unchanged: body.unchanged, editId: body.editId };
}

/** The same commit, rolled back on the server: how every target would move. */
export async function dryRunImport(id: string, request: CommitRequest): Promise<DryRunResult> {
  const response = await postCommit(id, request, true);
  if ('problem' in response) return response;
  const { created, updated, unchanged, targets } = importDryRunSchema.parse(await response.json());
  return { ok: true, created, updated, unchanged, targets };
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
    let parsed: ReturnType<typeof importProblemSchema.safeParse> | null = null;
    try {
      parsed = importProblemSchema.safeParse(JSON.parse(text));
    } catch {
      // Not JSON: readProblem makes a generic problem.
    }
    return { ok: false, status: response.status, problem: parsed?.success ? parsed.data : await readProblem(response) };
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

export type BasemapCatalogue = Pick<BasemapSettingsAnswer, 'options' | 'gcj02Warning'>;

export async function fetchBasemaps(): Promise<BasemapCatalogue | null> {
  try {
    const response = await fetch('/api/settings/basemaps', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return basemapSettingsAnswerSchema.parse(await response.json());
  } catch {
    return null;
  }
}
