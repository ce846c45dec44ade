/** Colours of the energy decision layers, shared by the map and the Energy tab's legend. */

/** Suggested sites: violet, so they never read as a station kind (palette.ts STATION_KIND_COLORS). */
export const SUGGESTED_SITE_COLOR = '#7b2cbf';
/** Parcels a selected station reaches. */
export const REACH_COLOR = '#0096c7';
/** Parcels no station reaches. */
export const UNCOVERED_COLOR = '#d00000';
/** Candidate sites the planner placed. */
export const CANDIDATE_COLOR = '#495057';
