/**
 * The strong ETags that name a stored version, one format for the server that
 * sets them and the client that sends them back as If-Match: a record is
 * `"{collection}-{id}-v{version}"`, a settings document `"{name}-v{version}"`.
 * Weak ETags (a hash of the bytes, W/"…") and file ETags are not versions and
 * are not built here.
 */

/** A feature or record of a collection (parcels, zones, energy_stations, plans, projects, …). */
export const recordEtag = (collection: string, id: string | number, version: number): string => `"${collection}-${String(id)}-v${version}"`;

/** A settings document replaced as a whole (basemaps, intensities, assumptions, efficiency-method). */
export const settingsEtag = (name: SettingsDocument, version: number): string => `"${name}-v${version}"`;
export type SettingsDocument = 'basemaps' | 'intensities' | 'assumptions' | 'efficiency-method';

/** A plan target: its id is the plan and the code. */
export const targetEtag = (planId: string, code: string, version: number): string => recordEtag('targets', `${planId}-${code}`, version);
export const planEtag = (planId: string, version: number): string => recordEtag('plans', planId, version);

/** The version a settings ETag names, or null when it names another document (or none). */
export function settingsVersionOf(name: SettingsDocument, etag: string | null | undefined): number | null {
  const m = /^"([a-z-]+)-v(\d+)"$/.exec((etag ?? '').trim());
  return m && m[1] === name ? Number(m[2]) : null;
}

/** The version any of these strong ETags names, or null. */
export function versionOfEtag(etag: string | null | undefined): number | null {
  const m = /-v(\d+)"$/.exec(etag ?? '');
  return m ? Number(m[1]) : null;
}
