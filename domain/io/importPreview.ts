/**
 * The preview of an uploaded file, as POST /api/imports answers it and the
 * import panel shows it: one shape for the server that builds it and the
 * client that reads it.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { ReasonCode } from '../reasons';
import type { CrsCode } from './crs';
import type { FieldMapping } from './fieldMapping';
import type { ImportReasonCode } from './importReasons';
import type { FieldChange, MatchKey } from './importMatch';

type Poly = Polygon | MultiPolygon;

/** A finding in a preview: a save-rule reason (domain/reasons.ts) or an import reason (domain/io/importReasons.ts). */
export interface PreviewFinding {
  code: ReasonCode | ImportReasonCode;
  messageZh: string;
  messageEn: string;
  detail?: string;
  otherId?: number | string;
  otherName?: string;
  areaSquareMeters?: number;
}

export interface PreviewFeature {
  index: number;
  /** CGCS2000 lon/lat. */
  geometry: Poly;
  properties: Record<string, unknown>;
  areaSquareMeters: number;
  validation: { valid: boolean; errors: PreviewFinding[]; warnings: PreviewFinding[] };
  /** Fields the parcel schema refuses under the suggested mapping (a default or another mapping may fix them). */
  propertyIssues: string[];
  /** The stored parcel this feature updates (re-import), or null for a new parcel. */
  match: ImportMatch | null;
}

/** A feature matched to a stored parcel: what committing it would change there. */
export interface ImportMatch {
  parcelId: number;
  /** The version seen in the preview: the commit writes only if the parcel is still at it (else 412). */
  version: number;
  parcelName: string;
  /** `unchanged`: same fields and, within survey precision, the same shape; nothing is written. */
  kind: 'update' | 'unchanged';
  fieldChanges: FieldChange[];
  geometryChanged: boolean;
  /** New official area − stored, m² (0 when the shape is kept). */
  areaChangeSquareMeters: number;
}

export interface ImportPreview {
  id: string;
  fileName: string;
  format: string;
  crs: CrsCode;
  crsConfidence: 'declared' | 'inferred';
  crsReason: string;
  encoding: string | null;
  warnings: PreviewFinding[];
  attributes: string[];
  suggestedMapping: FieldMapping;
  /** How features were matched to stored parcels (null: every feature is new). */
  matchKey: MatchKey | null;
  mappingRemembered: boolean;
  expiresAt: string;
  features: PreviewFeature[];
}
