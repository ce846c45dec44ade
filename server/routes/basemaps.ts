/**
 * Basemaps (issue 6 §3):
 * - GET /api/settings/basemaps: the options planners can pick and, with an
 *   ETag, the settings. Public: the Tianditu key is a browser key that every
 *   tile URL carries to the browser anyway (restrict it by domain in the
 *   Tianditu console), so hiding it here would protect nothing.
 * - PUT /api/settings/basemaps (admin, If-Match): replace the settings.
 * - GET /basemaps/{name}.pmtiles: a PMTiles archive from the basemap folder,
 *   with HTTP Range requests (the pmtiles client reads the header, the
 *   directories and each tile as byte ranges).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { Kysely } from 'kysely';
import { basemapOptions, GCJ02_WARNING, type BasemapSettings } from '../../domain/basemaps';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem } from '../http/problem';
import { basemapSettingsSchema, listPmtiles, loadBasemapSettings, saveBasemapSettings, type BasemapOrigins } from '../store/basemaps';
import type { basemapSettingsAnswerSchema } from '../../domain/api/basemaps.schema';
import { settingsEtag, settingsVersionOf } from '../../domain/api/etags';

type Env = { Variables: AuthVariables };

const etag = (version: number) => settingsEtag('basemaps', version);

export function basemapSettingRoutes(db: Kysely<Database>, origins: BasemapOrigins, basemapDir: string | undefined): Hono<Env> {
  const app = new Hono<Env>();

  async function body(settings: BasemapSettings, version: number) {
    return { version, settings, options: basemapOptions(settings, await listPmtiles(basemapDir)), gcj02Warning: GCJ02_WARNING } satisfies z.input<typeof basemapSettingsAnswerSchema>;
  }

  app.get('/', async (c) => {
    const { settings, version } = await loadBasemapSettings(db);
    return c.json(await body(settings, version), 200, { ETag: etag(version), 'Cache-Control': 'no-cache' });
  });

  app.put('/', requireRole('admin'), async (c) => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const expected = settingsVersionOf('basemaps', ifMatch);
    if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED');
    const parsed = await readJson(c, basemapSettingsSchema);
    if (!parsed.ok) return parsed.response;
    const settings = parsed.data as BasemapSettings;
    const version = await saveBasemapSettings(db, settings, expected, c.get('user'));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED');
    await origins.refresh(true);
    return c.json(await body(settings, version), 200, { ETag: etag(version) });
  });

  return app;
}

/**
 * The real path of a basemap file, or null when it does not resolve to a
 * regular file inside the real basemap folder: a symlink planted in the folder
 * (link.pmtiles → /etc/passwd) must not serve what it points at.
 */
async function basemapFile(basemapDir: string, file: string): Promise<{ path: string; size: number; mtimeMs: number } | null> {
  try {
    const [dir, path] = await Promise.all([realpath(basemapDir), realpath(join(basemapDir, file))]);
    if (!path.startsWith(dir + sep)) return null;
    const s = await stat(path);
    return s.isFile() ? { path, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

/**
 * The file's bytes start..end (inclusive) as a response body read on demand:
 * the response writer asks for the next chunk only when the socket drained,
 * so a client that never reads holds one chunk, not the range.
 */
function fileBody(path: string, start?: number, end?: number): ReadableStream {
  const range = start === undefined ? {} : { start, end };
  return Readable.toWeb(createReadStream(path, { ...range, highWaterMark: 64 * 1024 })) as unknown as ReadableStream;
}

export function pmtilesRoutes(basemapDir: string | undefined): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/:file', async (c) => {
    const file = c.req.param('file');
    if (!basemapDir || !/^[A-Za-z0-9._-]+\.pmtiles$/.test(file) || file.startsWith('.')) return problem(c, 404, 'NOT_FOUND', file);
    const found = await basemapFile(basemapDir, file);
    if (!found) return problem(c, 404, 'NOT_FOUND', file);
    const { path, size, mtimeMs } = found;
    const tag = `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = { 'Accept-Ranges': 'bytes', ETag: tag, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'public, max-age=3600' };
    const range = c.req.header('Range');
    if (!range) return new Response(fileBody(path), { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    let start: number;
    let end: number;
    if (!m || (m[1] === '' && m[2] === '')) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    if (m[1] === '') {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end < start) {
      return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    }
    return new Response(fileBody(path, start, end), {
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
    });
  });

  return app;
}
