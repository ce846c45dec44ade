/**
 * Basemap settings (GET/PUT /api/settings/basemaps, server/routes/basemaps.ts):
 * the Tianditu key, OpenStreetMap on or off, custom XYZ/WMTS templates; the
 * options planners can pick come back with them, each flagged when GCJ-02.
 * Admins replace the settings with If-Match "basemaps-v{n}".
 */
import type { BasemapOption, BasemapSettings } from '$domain/basemaps';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_SETTINGS = '/api/settings/basemaps';

export interface BasemapSettingsBody {
  version: number;
  settings: BasemapSettings;
  options: BasemapOption[];
  gcj02Warning: { zh: string; en: string };
  etag: string;
}

async function read(response: Response): Promise<BasemapSettingsBody> {
  const body = (await response.json()) as Omit<BasemapSettingsBody, 'etag'>;
  return { ...body, etag: response.headers.get('ETag') ?? `"basemaps-v${body.version}"` };
}

export async function fetchBasemapSettings(): Promise<BasemapSettingsBody> {
  const response = await fetch(URL_SETTINGS, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return read(response);
}

export function saveBasemapSettings(etag: string, settings: BasemapSettings): Promise<PutOutcome<BasemapSettingsBody>> {
  return putWithIfMatch(URL_SETTINGS, etag, settings, read);
}
