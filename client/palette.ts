/**
 * Map colours, shared by the map layers and the legend so the two cannot
 * drift apart. Status colours run cool→warm from planned to producing.
 */
import type { ConstraintKind } from '$domain/constraint.schema';
import type { LineKind, StationKind, StationStatus } from '$domain/energy.schema';
import type { IndustryChain, ParcelStatus } from '$domain/parcel.schema';
import type { ZoneKind } from '$domain/zone.schema';

export const PARCEL_STATUS_COLORS: Record<ParcelStatus, string> = {
  planned: '#c9d3de',
  reserved: '#8fb3d9',
  supplied: '#f2c14e',
  under_construction: '#f08a3c',
  in_production: '#c8442f',
};

export const INDUSTRY_CHAIN_COLORS: Record<IndustryChain, string> = {
  new_energy: '#2a9d8f',
  new_materials: '#8d6cab',
  electronic_info: '#3a78c2',
  biomedicine: '#d95f8c',
  logistics: '#b08a3e',
  other: '#8a8f98',
};

/** Parcels with no industry chain set, in industry mode. */
export const INDUSTRY_UNSET_COLOR = '#e3e6ea';

/**
 * Parcels by their occupying enterprise's 亩均效益 class (green → red, as the
 * Enterprises tab's badges), linked but unclassed, and idle land (purple:
 * apart from the class scale, darker once it may be taken back).
 */
export const EFFICIENCY_COLORS = {
  A: '#1b7f3b',
  B: '#9fd3a8',
  C: '#f6c97a',
  D: '#b3261e',
  unclassed: '#9aa3ad',
  idle: '#b58ad6',
  reclaimable: '#5b2a86',
} as const;
export type ParcelEfficiencyKey = keyof typeof EFFICIENCY_COLORS;
/** Parcels no enterprise occupies, in efficiency mode. */
export const EFFICIENCY_UNLINKED_COLOR = '#eceff2';

export const ZONE_KIND_COLORS: Record<ZoneKind, string> = {
  featured_park: '#5b3fa3',
  expansion_area: '#d9731f',
  other: '#6b7280',
};

export const CONSTRAINT_COLORS: Record<ConstraintKind, string> = {
  ecological_red_line: '#d62728',
  permanent_basic_farmland: '#3d9a3d',
  urban_development_boundary: '#1f3b73',
};

export const STATION_KIND_COLORS: Record<StationKind, string> = {
  cchp: '#e4572e',
  substation: '#3366cc',
  gas_gate: '#f0a202',
  storage: '#17a398',
};

/** Planned stations are drawn hollow, operating ones solid. */
export const STATION_STATUS_FILL_OPACITY: Record<StationStatus, number> = {
  planned: 0.15,
  under_construction: 0.55,
  operating: 1,
};

export const LINE_KIND_COLORS: Record<LineKind, string> = {
  gas_trunk: '#e08e0b',
  gas_branch: '#f2b84b',
  power_line: '#6a3fb5',
};

export const SELECTION_COLOR = '#00e5ff';
export const MAP_BACKGROUND_COLOR = '#eef1ee';
