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
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { basemapOptions, GCJ02_WARNING, type BasemapSettings } from '../../domain/basemaps';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem } from '../http/problem';
import { basemapSettingsSchema, listPmtiles, loadBasemapSettings, saveBasemapSettings, type BasemapOrigins } from '../store/basemaps';

type Env = { Variables: AuthVariables };

const etag = (version: number) => `"basemaps-v${version}"`;

export function basemapSettingRoutes(db: Kysely<Database>, origins: BasemapOrigins, basemapDir: string | undefined): Hono<Env> {
  const app = new Hono<Env>();

  async function body(settings: BasemapSettings, version: number) {
    return { version, settings, options: basemapOptions(settings, await listPmtiles(basemapDir)), gcj02Warning: GCJ02_WARNING };
  }

  app.get('/', async (c) => {
    const { settings, version } = await loadBasemapSettings(db);
    return c.json(await body(settings, version), 200, { ETag: etag(version), 'Cache-Control': 'no-cache' });
  });

  app.put('/', requireRole('admin'), async (c) => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const m = /^"basemaps-v(\d+)"$/.exec(ifMatch.trim());
    if (!m) return problem(c, 412, 'PRECONDITION_FAILED');
    const parsed = await readJson(c, basemapSettingsSchema);
    if (!parsed.ok) return parsed.response;
    const settings = parsed.data as BasemapSettings;
    const version = await saveBasemapSettings(db, settings, Number(m[1]));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED');
    await origins.refresh(true);
    return c.json(await body(settings, version), 200, { ETag: etag(version) });
  });

  return app;
}

/** Largest single range served, bytes (pmtiles asks for 16 KiB headers and tile-sized ranges). */
const MAX_RANGE_BYTES = 64 * 1024 * 1024;

export function pmtilesRoutes(basemapDir: string | undefined): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/:file', async (c) => {
    const file = c.req.param('file');
    if (!basemapDir || !/^[A-Za-z0-9._-]+\.pmtiles$/.test(file) || file.startsWith('.')) return problem(c, 404, 'NOT_FOUND', file);
    const path = join(basemapDir, file);
    let size: number;
    let mtime: number;
    try {
      const s = await stat(path);
      if (!s.isFile()) return problem(c, 404, 'NOT_FOUND', file);
      size = s.size;
      mtime = s.mtimeMs;
    } catch {
      return problem(c, 404, 'NOT_FOUND', file);
    }
    const tag = `"${size.toString(16)}-${Math.floor(mtime).toString(16)}"`;
    const headers: Record<string, string> = { 'Accept-Ranges': 'bytes', ETag: tag, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'public, max-age=3600' };
    const range = c.req.header('Range');
    if (!range) {
      const stream = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream;
      return new Response(stream, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
    }
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
    if (start >= size || end < start) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    end = Math.min(end, start + MAX_RANGE_BYTES - 1);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(end - start + 1);
      await handle.read(buffer, 0, buffer.length, start);
      return c.body(new Uint8Array(buffer), 206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(buffer.length) });
    } finally {
      await handle.close();
    }
  });

  return app;
}
