/**
 * Basemap settings (GET/PUT /api/settings/basemaps, server/routes/basemaps.ts):
 * the Tianditu key, OpenStreetMap on or off, custom XYZ/WMTS templates; the
 * options planners can pick come back with them, each flagged when GCJ-02.
 * Admins replace the settings with If-Match "basemaps-v{n}". The shapes are
 * the server's own (domain/api/basemaps.schema.ts).
 */
import { basemapSettingsAnswerSchema, type BasemapSettingsAnswer, type BasemapSettingsBody } from '$domain/api/basemaps.schema';
import { settingsEtag } from '$domain/api/etags';
import { putWithIfMatch, type PutOutcome } from './problem';

const URL_SETTINGS = '/api/settings/basemaps';

export type BasemapSettingsState = BasemapSettingsAnswer & { etag: string };

async function read(response: Response): Promise<BasemapSettingsState> {
  const body = basemapSettingsAnswerSchema.parse(await response.json());
  return { ...body, etag: response.headers.get('ETag') ?? settingsEtag('basemaps', body.version) };
}

export async function fetchBasemapSettings(): Promise<BasemapSettingsState> {
  const response = await fetch(URL_SETTINGS, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return read(response);
}

export function saveBasemapSettings(etag: string, settings: BasemapSettingsBody): Promise<PutOutcome<BasemapSettingsState>> {
  return putWithIfMatch(URL_SETTINGS, etag, settings, read);
}
