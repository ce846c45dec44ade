/**
 * Ledger health: the checks a reviewer runs before a completion review rests
 * on the ledger. Per parcel, warnings (never errors — the records exist):
 *
 * - OUTSIDE_ZONES, OUTSIDE_URBAN_BOUNDARY: the save-time warnings of
 *   parcel.rules.ts, re-run on the stored geometry (a zone redraw or an
 *   imported boundary can make an old parcel fall outside);
 * - STRADDLES_ZONE: some zone holds more than the overlap tolerance of the
 *   parcel but not all of it (only the inside counts towards that zone);
 * - MISSING_SUPPLY_YEAR: secured status (supplied or later) with no year;
 * - MISSING_ENTERPRISE: supplied or later with no enterprise;
 * - MISSING_INDUSTRY_CHAIN: industrial (1001…) or logistics (1101…) land with
 *   no chain — utilities and green belts have none by nature;
 * - SUPPLY_YEAR_IN_FUTURE: supplied or later, supply year after this year;
 * - PLANNED_YEAR_PAST: planned or reserved, supply year before this year.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { checkParcelRules, OVERLAP_TOLERANCE_SQUARE_METERS, type ConstraintShape } from './parcel.rules';
import { SECURED_STATUSES, PIPELINE_STATUSES } from './parcel.schema';
import type { ReasonCode } from './reasons';
import { zoneShares, type ZoneCell } from './zoneCells';
import { landUseMatches } from './landUse';

export interface HealthParcel {
  geometry: Polygon | MultiPolygon;
  status: string;
  supplyYear: number | null;
  enterprise: string | null;
  industryChain: string | null;
  landUseCode: string;
  areaSquareMeters: number;
  zoneCells: readonly ZoneCell[];
}

export interface HealthFinding {
  code: ReasonCode;
  /** The zone straddled, for STRADDLES_ZONE. */
  zoneCode?: string;
  /** Share of the parcel inside that zone, 0..1 (STRADDLES_ZONE). */
  fraction?: number;
  /** Area outside the boundary, m² (OUTSIDE_URBAN_BOUNDARY). */
  areaSquareMeters?: number;
}

/** Land uses a chain is expected on: industrial and logistics-warehousing. */
export const CHAIN_EXPECTED_LAND_USES = ['1001', '1101'] as const;

const secured = new Set<string>(SECURED_STATUSES);
const pipeline = new Set<string>(PIPELINE_STATUSES);

export function ledgerFindings(
  parcel: HealthParcel,
  context: { urbanBoundaries: readonly ConstraintShape[]; currentYear: number },
): HealthFinding[] {
  const found: HealthFinding[] = [];
  // Neighbours are not re-checked here: overlaps are refused on save.
  const rules = checkParcelRules(parcel.geometry, { neighbours: [], constraints: context.urbanBoundaries, zoneCells: parcel.zoneCells });
  for (const w of rules.warnings) {
    const f: HealthFinding = { code: w.code };
    if (w.areaSquareMeters !== undefined) f.areaSquareMeters = w.areaSquareMeters;
    found.push(f);
  }
  for (const share of zoneShares(parcel.zoneCells)) {
    const outside = parcel.areaSquareMeters - share.areaSquareMeters;
    if (share.areaSquareMeters > OVERLAP_TOLERANCE_SQUARE_METERS && outside > OVERLAP_TOLERANCE_SQUARE_METERS) {
      found.push({ code: 'STRADDLES_ZONE', zoneCode: share.code, fraction: share.fraction });
    }
  }
  const isSecured = secured.has(parcel.status);
  if (isSecured && parcel.supplyYear === null) found.push({ code: 'MISSING_SUPPLY_YEAR' });
  if (isSecured && !parcel.enterprise?.trim()) found.push({ code: 'MISSING_ENTERPRISE' });
  if (!parcel.industryChain && landUseMatches(parcel.landUseCode, CHAIN_EXPECTED_LAND_USES)) found.push({ code: 'MISSING_INDUSTRY_CHAIN' });
  if (parcel.supplyYear !== null) {
    if (isSecured && parcel.supplyYear > context.currentYear) found.push({ code: 'SUPPLY_YEAR_IN_FUTURE' });
    if (pipeline.has(parcel.status) && parcel.supplyYear < context.currentYear) found.push({ code: 'PLANNED_YEAR_PAST' });
  }
  return found;
}
