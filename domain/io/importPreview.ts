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
  mappingRemembered: boolean;
  expiresAt: string;
  features: PreviewFeature[];
}
