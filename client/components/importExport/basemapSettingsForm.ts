/**
 * The admin's basemap settings form: the Tianditu key, OpenStreetMap on or
 * off, custom XYZ/WMTS templates, and names for the local PMTiles files,
 * checked as the server checks them
 * (server/store/basemaps.ts) so the admin sees what is wrong before saving.
 * GCJ-02 services are flagged with the same rule the server uses. Pure.
 */
import { isGcj02Url, type BasemapSettings, type CustomBasemap, type LocalBasemapName } from '$domain/basemaps';
import type { FieldError } from '../../editing/energyForm';

export interface CustomBasemapValues {
  id: string;
  nameZh: string;
  nameEn: string;
  url: string;
  attribution: string;
  /** Highest zoom the tiles exist at, 1–24. */
  maxZoom: string;
}

/** The names typed for one local PMTiles file; all blank = offered under its file name. */
export interface LocalNameValues {
  nameZh: string;
  nameEn: string;
  attribution: string;
}

export interface BasemapSettingsValues {
  tiandituKey: string;
  osm: boolean;
  custom: CustomBasemapValues[];
  /** By file name (without .pmtiles). */
  local: Record<string, LocalNameValues>;
}

export type CustomErrors = Partial<Record<keyof CustomBasemapValues, FieldError>>;
export type LocalErrors = Partial<Record<keyof LocalNameValues, FieldError>>;

export const emptyLocalName = (): LocalNameValues => ({ nameZh: '', nameEn: '', attribution: '' });

export function valuesFrom(settings: BasemapSettings): BasemapSettingsValues {
  return {
    tiandituKey: settings.tiandituKey ?? '',
    osm: settings.osm,
    custom: settings.custom.map((c) => ({ ...c, maxZoom: String(c.maxZoom) })),
    local: Object.fromEntries((settings.local ?? []).map((l) => [l.file, { nameZh: l.nameZh, nameEn: l.nameEn, attribution: l.attribution }])),
  };
}

export const emptyCustom = (): CustomBasemapValues => ({ id: '', nameZh: '', nameEn: '', url: '', attribution: '', maxZoom: '18' });

/** An http(s) template with {z}, {x} and {y} that parses as a URL once they are filled in. */
export function isTileTemplate(url: string): boolean {
  const u = url.trim();
  if (!/^https?:\/\//.test(u) || !u.includes('{z}') || !u.includes('{x}') || !u.includes('{y}')) return false;
  try {
    new URL(u.replace(/\{[a-z]+\}/gi, '0'));
    return true;
  } catch {
    return false;
  }
}

/** True when the URL is a GCJ-02 (or BD-09) service: parcels would appear hundreds of metres off. */
export const flagsGcj02 = (url: string): boolean => isGcj02Url(url);

export type SettingsCheck =
  | { ok: true; settings: BasemapSettings }
  | { ok: false; keyError: FieldError | null; customErrors: CustomErrors[]; localErrors: Record<string, LocalErrors> };

const REQUIRED_NAME = { zh: '必填（不超过 100 字）', en: 'Required (≤ 100 characters)' };

/** Names for local files: a file with any name typed needs both; blank = the file name is used. */
function checkLocal(local: Record<string, LocalNameValues>): { names: LocalBasemapName[]; errors: Record<string, LocalErrors> } {
  const names: LocalBasemapName[] = [];
  const errors: Record<string, LocalErrors> = {};
  for (const [file, v] of Object.entries(local)) {
    const [nameZh, nameEn, attribution] = [v.nameZh.trim(), v.nameEn.trim(), v.attribution.trim()];
    if (!nameZh && !nameEn && !attribution) continue;
    const e: LocalErrors = {};
    if (!nameZh || nameZh.length > 100) e.nameZh = REQUIRED_NAME;
    if (!nameEn || nameEn.length > 100) e.nameEn = REQUIRED_NAME;
    if (attribution.length > 300) e.attribution = { zh: '不超过 300 字', en: 'At most 300 characters' };
    if (Object.keys(e).length > 0) errors[file] = e;
    else names.push({ file, nameZh, nameEn, attribution });
  }
  return { names, errors };
}

export function checkBasemapSettings(values: BasemapSettingsValues): SettingsCheck {
  const key = values.tiandituKey.trim();
  const keyError = key !== '' && !/^[A-Za-z0-9]{1,64}$/.test(key) ? { zh: '密钥只含字母和数字（不超过 64 位）', en: 'Letters and digits only (at most 64)' } : null;
  const seen = new Set<string>();
  const custom: CustomBasemap[] = [];
  const customErrors = values.custom.map((c): CustomErrors => {
    const e: CustomErrors = {};
    const id = c.id.trim();
    if (!/^[a-z0-9-]{1,40}$/.test(id)) e.id = { zh: '1–40 位小写字母、数字或 -', en: '1–40 lowercase letters, digits or -' };
    else if (seen.has(id)) e.id = { zh: '编号重复', en: 'Duplicate id' };
    seen.add(id);
    if (c.nameZh.trim() === '' || c.nameZh.trim().length > 100) e.nameZh = REQUIRED_NAME;
    if (c.nameEn.trim() === '' || c.nameEn.trim().length > 100) e.nameEn = REQUIRED_NAME;
    if (!isTileTemplate(c.url) || c.url.trim().length > 2000) e.url = { zh: '须为含 {z}、{x}、{y} 的 http(s) 瓦片地址', en: 'An http(s) tile URL with {z}, {x} and {y}' };
    if (c.attribution.trim().length > 300) e.attribution = { zh: '不超过 300 字', en: 'At most 300 characters' };
    const maxZoom = Number(c.maxZoom.trim());
    if (!Number.isInteger(maxZoom) || maxZoom < 1 || maxZoom > 24) e.maxZoom = { zh: '1–24 的整数', en: 'A whole number 1–24' };
    if (Object.keys(e).length === 0) {
      custom.push({ id, nameZh: c.nameZh.trim(), nameEn: c.nameEn.trim(), url: c.url.trim(), attribution: c.attribution.trim(), maxZoom });
    }
    return e;
  });
  const local = checkLocal(values.local);
  if (keyError || customErrors.some((e) => Object.keys(e).length > 0) || Object.keys(local.errors).length > 0) {
    return { ok: false, keyError, customErrors, localErrors: local.errors };
  }
  return { ok: true, settings: { tiandituKey: key === '' ? null : key, osm: values.osm, custom, local: local.names } };
}
