/** The ledger-health listing: every parcel with at least one warning (domain/ledgerHealth.ts), with reason texts. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import { ledgerFindings } from '../../domain/ledgerHealth';
import type { ConstraintShape } from '../../domain/parcel.rules';
import { REASONS, type ReasonCode } from '../../domain/reasons';
import type { ZoneCell } from '../../domain/zoneCells';
import type { LedgerHealthBody, LedgerHealthItem } from '../../domain/api/review.schema';
import type { Database } from '../db/schema';

type Poly = Polygon | MultiPolygon;


export async function ledgerHealth(db: Kysely<Database>, currentYear: number) {
  return db.transaction().execute(async (trx) => {
    const boundaries = (await trx.selectFrom('constraints').select(['id', 'name', 'kind', 'geometry']).where('kind', '=', 'urban_development_boundary').execute()).map(
      (r) => ({ id: r.id, name: r.name, kind: r.kind, geometry: JSON.parse(r.geometry) as Poly }) as ConstraintShape,
    );
    const rows = await trx
      .selectFrom('parcels')
      .select(['id', 'name', 'status', 'supplyYear', 'enterprise', 'industryChain', 'landUseCode', 'areaSquareMeters', 'zoneCells', 'geometry'])
      .orderBy('id')
      .execute();
    const items: LedgerHealthItem[] = [];
    const counts: Partial<Record<ReasonCode, number>> = {};
    for (const r of rows) {
      const findings = ledgerFindings(
        { ...r, geometry: JSON.parse(r.geometry) as Poly, zoneCells: JSON.parse(r.zoneCells) as ZoneCell[] },
        { urbanBoundaries: boundaries, currentYear },
      );
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
    return { currentYear, parcelCount: rows.length, flaggedCount: items.length, counts, items } satisfies LedgerHealthBody;
  });
}
