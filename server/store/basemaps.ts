/**
 * Basemap settings (issue 6 §3): one `settings` row ('basemaps') an admin
 * edits with If-Match, the PMTiles files in the basemap folder
 * (LEDGER_BASEMAP_DIR), and the tile origins the Content-Security-Policy
 * must allow, cached per app and refreshed when settings change.
 */
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHeader, TileType } from 'pmtiles';
import type { Kysely } from 'kysely';
import { basemapSettingsSchema } from '../../domain/api/basemaps.schema';
import { basemapOrigins, DEFAULT_BASEMAP_SETTINGS, type BasemapSettings, type LocalArchive } from '../../domain/basemaps';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/users.store';
import { saveSettingAtVersion } from './settings.write';
import { nowIso } from './spatial';

export const BASEMAPS_KEY = 'basemaps';

/** Validated with the shared body schema (domain/api/basemaps.schema.ts); re-exported for the route and the loader. */
export { basemapSettingsSchema };

export interface StoredBasemapSettings {
  settings: BasemapSettings;
  version: number;
}

/** Settings as stored; without a row, the defaults with the Tianditu key from LEDGER_TIANDITU_KEY. */
export async function loadBasemapSettings(db: Kysely<Database>): Promise<StoredBasemapSettings> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', BASEMAPS_KEY).executeTakeFirst();
  if (!row) {
    const key = process.env.LEDGER_TIANDITU_KEY?.trim();
    return { settings: { ...DEFAULT_BASEMAP_SETTINGS, tiandituKey: key && /^[A-Za-z0-9]{1,64}$/.test(key) ? key : null }, version: 0 };
  }
  return { settings: basemapSettingsSchema.parse(JSON.parse(row.value)) as BasemapSettings, version: row.version };
}

/** Saves when `expectedVersion` is current; the new version, or null (412). */
export async function saveBasemapSettings(db: Kysely<Database>, settings: BasemapSettings, expectedVersion: number, user: AuthUser | null = null): Promise<number | null> {
  return saveSettingAtVersion(db, user, BASEMAPS_KEY, JSON.stringify(settings), expectedVersion);
}

/**
 * The archives in the basemap folder, with tile type and zooms from each
 * file's PMTiles header; none when the folder is unset or missing. A file
 * whose header cannot be read is offered as raster, zooms 0–22 (the browser
 * then reports the basemap as failing, as for any broken tile source).
 */
export async function listPmtiles(dir: string | undefined): Promise<LocalArchive[]> {
  if (!dir) return [];
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && /^[A-Za-z0-9._-]+\.pmtiles$/.test(e.name))
      .map((e) => e.name.slice(0, -'.pmtiles'.length))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(names.map((name) => describeArchive(dir, name)));
}

async function describeArchive(dir: string, name: string): Promise<LocalArchive> {
  const fallback: LocalArchive = { name, tileType: 'raster', minZoom: 0, maxZoom: 22 };
  let file: FileHandle | null = null;
  try {
    file = await open(join(dir, `${name}.pmtiles`), 'r');
    const bytes = new Uint8Array(127);
    const { bytesRead } = await file.read(bytes, 0, 127, 0);
    if (bytesRead < 127 || new TextDecoder().decode(bytes.subarray(0, 7)) !== 'PMTiles') return fallback;
    const header = bytesToHeader(bytes.buffer, undefined);
    return { name, tileType: header.tileType === TileType.Mvt ? 'vector' : 'raster', minZoom: header.minZoom, maxZoom: header.maxZoom };
  } catch {
    return fallback;
  } finally {
    await file?.close();
  }
}

/** How long the CSP keeps the origins before re-reading the settings (other processes may have saved). */
const ORIGINS_TTL_MS = 30_000;

/** The tile origins for the CSP, read from the settings at most every 30 s and at once after a save. */
export class BasemapOrigins {
  private origins: string[] = basemapOrigins(DEFAULT_BASEMAP_SETTINGS);
  private readAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** Refreshes when stale; never throws (the CSP falls back to the fixed allowlist). */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.readAt < ORIGINS_TTL_MS) return;
    this.readAt = Date.now();
    try {
      this.origins = basemapOrigins((await loadBasemapSettings(this.db)).settings);
    } catch {
      this.origins = basemapOrigins(DEFAULT_BASEMAP_SETTINGS);
    }
  }

  /** Space-separated, for a CSP directive. */
  current(): string {
    return this.origins.join(' ');
  }
}
