/**
 * The ledger-health listing's checks (domain/ledgerHealth.ts), run in the
 * worker pool: each parcel's stored geometry is cut against the urban
 * development boundary, ~0.8 ms a parcel — 2.6 s of the request thread for
 * 3,000 parcels before it moved here. The store reads the rows (JSON
 * columns still text, cheap to copy) and this parses and checks them.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { ledgerFindings } from '../../domain/ledgerHealth';
import type { ConstraintShape } from '../../domain/parcel.rules';
import { REASONS, type ReasonCode } from '../../domain/reasons';
import type { ZoneCell } from '../../domain/zoneCells';

type Poly = Polygon | MultiPolygon;

export interface LedgerHealthItem {
  parcelId: number;
  name: string;
  status: string;
  supplyYear: number | null;
  warnings: { code: ReasonCode; messageZh: string; messageEn: string; zoneCode?: string; fraction?: number; areaSquareMeters?: number }[];
}

export interface LedgerHealthJobInput {
  boundaries: { id: number; name: string; kind: string; geometry: string }[];
  parcels: {
    id: number;
    name: string;
    status: string;
    supplyYear: number | null;
    enterprise: string | null;
    industryChain: string | null;
    landUseCode: string;
    areaSquareMeters: number;
    zoneCells: string;
    geometry: string;
  }[];
  currentYear: number;
}

export interface LedgerHealthBody {
  currentYear: number;
  parcelCount: number;
  flaggedCount: number;
  counts: Partial<Record<ReasonCode, number>>;
  items: LedgerHealthItem[];
}

export function ledgerHealthJob(input: LedgerHealthJobInput): LedgerHealthBody {
  const { currentYear } = input;
  const boundaries = input.boundaries.map((r) => ({ ...r, geometry: JSON.parse(r.geometry) as Poly }) as ConstraintShape);
  const items: LedgerHealthItem[] = [];
  const counts: Partial<Record<ReasonCode, number>> = {};
  for (const r of input.parcels) {
    const findings = ledgerFindings({ ...r, geometry: JSON.parse(r.geometry) as Poly, zoneCells: JSON.parse(r.zoneCells) as ZoneCell[] }, { urbanBoundaries: boundaries, currentYear });
    if (findings.length === 0) continue;
    for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    items.push({
      parcelId: r.id,
      name: r.name,
      status: r.status,
      supplyYear: r.supplyYear,
      warnings: findings.map((f) => ({ ...f, messageZh: REASONS[f.code].zh, messageEn: REASONS[f.code].en })),
    });
  }
  return { currentYear, parcelCount: input.parcels.length, flaggedCount: items.length, counts, items };
}
